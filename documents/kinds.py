"""The registry of document kinds: what each printed document is made of and who may have it.

An app adds its documents in its own `document_kinds.py` (imported at start-up by
DocumentsConfig.ready) with `register(DocumentKind(...))` and a template under
`templates/print/` that extends `print/base.html`. Everything else — snapshot,
numbering, rendering, DOCX, progress, downloads, versions, bulk printing — is the
shared pipeline.

A landscape kind (orientation="landscape") gets the A4 landscape `@page landscape` of
css/print.css through the body class, and a landscape section in its DOCX. A kind with
its own page (a certificate) overrides the `letterhead` and `body_class` blocks of
print/base.html and adds its `@page` to css/print.css.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from core.text import lower_first


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    template: str
    # The source's model as "app_label.ModelName"; documents hang off one source object.
    source_model: str
    # get_source(user, pk): the source if the user may see it, else Http404.
    get_source: Callable[[Any, int], Any]
    # build_content(source): JSON-ready dict (strings, numbers, lists, dicts) frozen at request.
    # Reserved keys read by print/base.html: subject, addressees, recipients, archive.
    build_content: Callable[[Any], dict]
    # issuer(source): the IssuingBody whose name and number sequence the document carries.
    issuer: Callable[[Any], Any]
    # DocumentType code, its default name and abbreviation (created on first use, then data).
    doc_type: tuple[str, str, str]
    title: Callable[[Any], str]
    file_name: Callable[[Any], str]
    can_request: Callable[[Any, Any], bool]
    can_view: Callable[[Any, Any], bool]
    can_issue: Callable[[Any, Any], bool]
    # cites(source): the facts the paper cites, as [(what, date)] — a meeting, a decision,
    # the data it reports. An issued paper is never dated before them (issue_document).
    # Every kind declares it (a test checks); [] when the paper cites nothing dated.
    cites: Callable[[Any], list] | None = None
    orientation: str = "portrait"
    # False for papers that carry another paper's number (a Giấy khen carries its
    # decision's) or none (an individual's self-report): never a draft, so their files are
    # not named "dự thảo". A callable decides per source.
    numbered: bool | Callable[[Any], bool] = True
    # source_url(source): the page the document belongs to, for the way back.
    source_url: Callable[[Any], str] | None = None

    def is_numbered(self, source):
        return self.numbered(source) if callable(self.numbered) else self.numbered

    @property
    def label_in_sentence(self):
        """The label inside a sentence: only its first letter lowered, so "Phòng Văn hóa
        và Thông tin" and "UBND" keep their capitals."""
        return lower_first(self.label)


def day_of(moment):
    """The local day of an aware datetime (a fact's date for `cites`); None for none."""
    return timezone.localdate(moment) if moment else None


def plan_fact(campaign):
    """The campaign's plan, which most papers cite ("Căn cứ Kế hoạch …")."""
    return ("kế hoạch phát động phong trào", campaign.plan_date)


_KINDS: dict[str, DocumentKind] = {}


def register(kind):
    if kind.code in _KINDS and _KINDS[kind.code] != kind:
        raise ValueError(f"Document kind {kind.code!r} is already registered")
    if kind.orientation not in ("portrait", "landscape"):
        raise ValueError(f"Unknown orientation {kind.orientation!r}")
    _KINDS[kind.code] = kind
    return kind


def get_kind(code):
    """The kind registered under `code`, else 404 (kind codes come from URLs)."""
    try:
        return _KINDS[code]
    except KeyError:
        raise Http404(f"No document kind {code!r}") from None


def all_kinds():
    return list(_KINDS.values())
