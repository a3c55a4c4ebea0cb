"""Importing units from a spreadsheet: every row checked, all or nothing."""

import csv
import io
import zipfile

from django.db import transaction
from django.utils.translation import gettext as _

from core.datacache import data_changed

from .forms import UnitRowForm, parse_cell_date
from .models import Unit

COLUMNS = [
    "code",
    "name",
    "short_name",
    "tier",
    "locality",
    "address",
    "phone",
    "email",
    "valid_from",
    "valid_to",
    "successor_code",
]
# The header row may use these Vietnamese titles (as in the template file) or the codes above.
HEADER_ALIASES = {
    "ma don vi": "code",
    "ten don vi": "name",
    "ten viet tat": "short_name",
    "khoi": "tier",
    "dia ban": "locality",
    "dia chi": "address",
    "dien thoai": "phone",
    "thu dien tu": "email",
    "email": "email",
    "hieu luc tu ngay": "valid_from",
    "hieu luc den ngay": "valid_to",
    "ma don vi ke thua": "successor_code",
}


class UnitImportError(Exception):
    """The file was refused; `errors` lists (line number, reason) for each bad row."""

    def __init__(self, errors):
        super().__init__(_("Tệp có lỗi, chưa nhập đơn vị nào."))
        self.errors = errors


def read_rows(
    upload,
    *,
    columns=COLUMNS,
    aliases=HEADER_ALIASES,
    required=("code", "name", "tier"),
    refuse=None,
    labels=None,
):
    """Yield (line number, dict) from an XLSX or CSV upload; the first row is the header.

    `columns` are the keys kept, `aliases` map a header's plain text (core.text.plain) to
    its key, `required` the keys the header must have. A file that cannot be read raises
    `refuse([(line, reason)])` (UnitImportError by default); a missing column is named
    by `labels[key]` when given. The nominees' import reads its lists the same way."""
    refuse = refuse or UnitImportError
    from core.text import plain

    content = upload.read()
    if content.startswith(b"PK\x03\x04"):
        try:
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            raw_rows = [
                [("" if c is None else parse_cell_date(c)) for c in row]
                for row in sheet.iter_rows(values_only=True)
            ]
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise refuse([(0, _("không đọc được tệp Excel"))]) from error
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise refuse([(0, _("tệp CSV phải mã hóa UTF-8"))]) from error
        raw_rows = list(csv.reader(io.StringIO(text)))
    if not raw_rows:
        raise refuse([(0, _("tệp rỗng"))])
    header = [aliases.get(plain(str(h)), plain(str(h)).replace(" ", "_")) for h in raw_rows[0]]
    missing = set(required) - set(header)
    if missing:
        names = sorted((labels or {}).get(key, key) for key in missing)
        raise refuse([(1, _("thiếu cột: %(cols)s") % {"cols": ", ".join(names)})])
    for number, row in enumerate(raw_rows[1:], start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        yield (
            number,
            {
                key: str(value).strip()
                for key, value in zip(header, row, strict=False)
                if key in columns
            },
        )


def import_units(upload, *, by):
    """Create or update units from a file, keyed by their code.

    Refuses the whole file (UnitImportError, nothing saved) when any row is invalid,
    a code appears twice, or a successor code names no unit.
    """
    rows, errors, seen = [], [], {}
    for number, data in read_rows(upload):
        form = UnitRowForm(data)
        if not form.is_valid():
            reasons = "; ".join(
                f"{form.fields[field].label if field in form.fields else ''}: {' '.join(messages)}".lstrip(
                    ": "
                )
                for field, messages in form.errors.items()
            )
            errors.append((number, reasons))
            continue
        code = form.cleaned_data["code"]
        if code in seen:
            errors.append(
                (
                    number,
                    _("mã đơn vị “%(code)s” trùng với dòng %(line)s")
                    % {"code": code, "line": seen[code]},
                )
            )
            continue
        seen[code] = number
        rows.append((number, form.cleaned_data))
    known = set(Unit.objects.values_list("code", flat=True)) | set(seen)
    for number, data in rows:
        successor = data.get("successor_code")
        if successor and successor not in known:
            errors.append(
                (number, _("không có đơn vị kế thừa mã “%(code)s”") % {"code": successor})
            )
    if errors:
        raise UnitImportError(sorted(errors))
    created = updated = 0
    with transaction.atomic():
        data_changed()  # the units counted by every summary change
        for _number, data in rows:
            fields = {k: v for k, v in data.items() if k not in ("code", "successor_code")}
            _unit, was_created = Unit.objects.update_or_create(code=data["code"], defaults=fields)
            created += was_created
            updated += not was_created
        for _number, data in rows:
            if data.get("successor_code"):
                Unit.objects.filter(code=data["code"]).update(
                    successor=Unit.objects.get(code=data["successor_code"])
                )
    return {"created": created, "updated": updated}
