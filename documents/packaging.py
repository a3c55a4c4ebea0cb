"""One ZIP of finished papers, as a unit uploads it to the provincial online public-service
portal (issue 13): the PDF and DOCX of each paper under the name a clerk recognises, and a
manifest listing every file with its size and SHA-256 (also as a `sha256sum -c` list).

Only finished versions go in (an issued one before a draft), never a render made on the
spot: what the package holds is exactly what the portal stores and shows.
"""

import hashlib
import io
import json
import zipfile

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import DATE_FORMAT

from .kinds import get_kind
from .models import GeneratedDocument
from .naming import file_stem

FORMATS = ("pdf", "docx")
MANIFEST = "danh-muc-tep.json"
CHECKSUMS = "SHA256SUMS.txt"


def newest_finished(kind_code, source):
    """The version an office sends: the newest finished issued one, else the newest draft."""
    return (
        GeneratedDocument.objects.of(kind_code, source)
        .filter(status=GeneratedDocument.Status.DONE)
        .order_by(F("issuance").desc(nulls_last=True), "-version")
        .first()
    )


def file_name(document, kind, file_format):
    """'…-so-05-ttr-ubnd.pdf' for an issued paper, '…-du-thao-lan-2.pdf' for a draft."""
    if document.reference:
        label = ("số", document.reference)
    elif kind.is_numbered(document.source):
        label = ("dự thảo", "lần", document.version)
    else:
        label = ("lần", document.version) if document.version > 1 else ()
    return f"{file_stem(kind.file_name(document.source), *label)}.{file_format}"


def package(papers):
    """Collect [(kind code, source)] into [(document, kind)], and what stops the package:
    a paper with no finished PDF and DOCX yet, a numbered paper still a draft (uploaded as
    it is, a package holds issued papers only). The caller refuses while any is left."""
    found, problems = [], []
    for code, source in papers:
        kind = get_kind(code)
        document = newest_finished(code, source)
        if document is None or document.docx_status != GeneratedDocument.Status.DONE:
            problems.append(
                _("%(paper)s chưa có bản in PDF và DOCX") % {"paper": kind.title(source)}
            )
        elif kind.is_numbered(source) and not document.reference:
            problems.append(
                _("%(paper)s chưa được cấp số (chỉ có bản dự thảo)") % {"paper": kind.title(source)}
            )
        else:
            found.append((document, kind))
    return found, problems


def zip_package(title, documents, *, now=None):
    """(ZIP bytes, manifest dict) of the documents' PDF and DOCX, numbered in filing order."""
    now = now or timezone.now()
    files = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for order, (document, kind) in enumerate(documents, start=1):
            for file_format in FORMATS:
                stored = document.pdf if file_format == "pdf" else document.docx
                with stored.open("rb") as handle:
                    data = handle.read()
                name = f"{order:02d}-{file_name(document, kind, file_format)}"
                archive.writestr(name, data)
                files.append(
                    {
                        "name": name,
                        "paper": document.title,
                        "format": file_format.upper(),
                        "reference": document.reference,
                        "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                    }
                )
        manifest = {
            "title": title,
            "created_at": timezone.localtime(now).strftime(f"{DATE_FORMAT} %H:%M"),
            "files": files,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr(CHECKSUMS, "".join(f"{f['sha256']}  {f['name']}\n" for f in files))
    return buffer.getvalue(), manifest
