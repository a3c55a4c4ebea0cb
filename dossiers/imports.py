"""A unit's list of nominees from a spreadsheet (issue 15): the template to fill, and the
rows read and checked as the nominee form checks them. A row is an individual unless its
"Tập thể / cá nhân" cell says "Tập thể": the unit itself, checked by the collective's
form (no personal data, the collective's award forms).

The file is read like the units' import (units.services.read_rows: XLSX or CSV, header
titles in Vietnamese, a reason per bad line) and every row goes through NomineeForm, so
a birth date, a gender or an award form is refused in the file as it is on the page.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from awards.models import Subject
from core.exports import workbook_bytes
from core.text import plain, same_name
from units.services import read_rows

from .forms import NomineeForm
from .models import Nominee

# The template's columns, in order: the nominee form's fields for an individual (its
# personal data, the name first), the award form and the report.
COLUMNS = (
    *(name for name in NomineeForm.PERSONAL if name != "category"),
    "category",
    "award_form",
    "duties",
    "achievements",
    "summary",
    "subject",
    "background",
)
# Cells a collective leaves empty: a person's data.
PERSONAL_ONLY = tuple(name for name in NomineeForm.PERSONAL if name != "full_name")
REQUIRED = ("full_name", "award_form")
# Columns whose cell holds a label the form knows by its value.
CHOICES = {"gender": Nominee.Gender, "category": Nominee.Category}


class NomineeImportError(Exception):
    """The file was refused; `errors` lists (line number, reason) for each bad row."""

    def __init__(self, errors):
        super().__init__(_("Tệp có lỗi, chưa nhập cá nhân nào."))
        self.errors = errors


def _form(data=None, *, allows_summary, today=None, subject=Subject.INDIVIDUAL):
    return NomineeForm(data, subject=subject, allows_summary=allows_summary, today=today)


def headers(allows_summary=True):
    """{column: its title}: the labels of the nominee form, as on the page (an
    individual's; the collective's background under its own label)."""
    fields = _form(allows_summary=allows_summary).fields
    collective = _form(allows_summary=allows_summary, subject=Subject.COLLECTIVE).fields
    titles = {name: str(fields[name].label) for name in COLUMNS if name in fields}
    titles["subject"] = _("Tập thể / cá nhân")
    titles["background"] = str(collective["background"].label)
    return {name: titles[name] for name in COLUMNS}


def template_xlsx(allows_summary=True):
    """The template: the list to fill, and a sheet of the values each column accepts."""
    titles = headers(allows_summary)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách cá nhân")
    sheet.append(list(titles.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip(
        "ABCDEFGHIJKLMNOP",
        (28, 12, 10, 12, 12, 28, 28, 32, 32, 36, 40, 40, 60, 40, 16, 40),
        strict=True,
    ):
        sheet.column_dimensions[column].width = width
    guide = workbook.create_sheet(_("Hướng dẫn"))
    forms = _form(allows_summary=allows_summary).fields["award_form"].queryset
    guide.append([_("Cột"), _("Cách ghi")])
    for row in (
        (titles["full_name"], _("Bắt buộc.")),
        (titles["birth_date"], _("Ngày/tháng/năm, ví dụ 05/03/1985.")),
        (titles["gender"], ", ".join(str(label) for label in Nominee.Gender.labels)),
        (titles["category"], "; ".join(str(label) for label in Nominee.Category.labels)),
        (
            titles["award_form"],
            _("Bắt buộc. Một trong: %(forms)s.") % {"forms": "; ".join(f.name for f in forms)},
        ),
        (
            titles["subject"],
            _(
                "Để trống hoặc “Cá nhân”; “Tập thể” là chính đơn vị (mỗi hồ sơ một tập thể, "
                "không ghi ngày sinh, giới tính… ; ghi “%(background)s”)."
            )
            % {"background": titles["background"]},
        ),
        ("", _("Mỗi dòng một tập thể hoặc cá nhân; cả tệp chỉ được nhập khi mọi dòng đều hợp lệ.")),
    ):
        guide.append(list(row))
    return workbook_bytes(workbook)


def _aliases(titles):
    aliases = {plain(title): name for name, title in titles.items()}
    aliases.update({name: name for name in COLUMNS})
    return aliases


def _choice(name, value, form):
    """The form's value for a cell's label ('Nữ' -> 'female') and, when the label is not
    one the column accepts, the reason; '' for an empty cell."""
    if not value:
        return "", ""
    if name == "award_form":
        known = {plain(f.name): f.pk for f in form.fields["award_form"].queryset}
        names = [f.name for f in form.fields["award_form"].queryset]
    else:
        known = {plain(label): choice for choice, label in CHOICES[name].choices}
        names = [str(label) for label in CHOICES[name].labels]
    if plain(value) in known:
        return known[plain(value)], ""
    return "", _("“%(value)s” không có trong danh sách (%(names)s)") % {
        "value": value,
        "names": "; ".join(names),
    }


def _reasons(form, titles):
    return "; ".join(
        f"{titles.get(field, '')}: {messages[-1]}".lstrip(": ")
        for field, messages in form.errors.items()
    )


def _subject(value):
    """The row's subject from its cell: empty or "Cá nhân" an individual, "Tập thể" the
    unit's collective, anything else None."""
    text = plain(value or "")
    if text in ("", plain(_("Cá nhân"))):
        return Subject.INDIVIDUAL
    if text == plain(_("Tập thể")):
        return Subject.COLLECTIVE
    return None


def checked_rows(upload, *, allows_summary, today=None):
    """[(line, subject, award form, nominee data)] of every row of the file, each valid as
    on the nominee form of its subject (at most one collective); raises NomineeImportError with a reason per bad line (unknown values,
    the form's refusals, a person listed twice: same name and birth date)."""
    titles = headers(allows_summary)
    # Its award form choices (those offered on `today`), read once.
    lookup = _form(allows_summary=allows_summary, today=today)
    rows, errors, seen, collectives, collective_lookup = [], [], {}, [], None
    for number, cells in read_rows(
        upload,
        columns=COLUMNS,
        aliases=_aliases(titles),
        required=REQUIRED,
        refuse=NomineeImportError,
        labels=titles,
    ):
        data = {name: cells.get(name, "") for name in COLUMNS}
        subject = _subject(data.pop("subject"))
        if subject is None:
            errors.append(
                (
                    number,
                    _("%(title)s: ghi “Tập thể” hoặc “Cá nhân”") % {"title": titles["subject"]},
                )
            )
            continue
        if subject == Subject.COLLECTIVE:
            filled = [titles[name] for name in PERSONAL_ONLY if data.get(name)]
            if filled:
                errors.append(
                    (
                        number,
                        _("tập thể không ghi %(columns)s") % {"columns": ", ".join(filled)},
                    )
                )
                continue
            lookup_form = collective_lookup = collective_lookup or _form(
                allows_summary=allows_summary, today=today, subject=Subject.COLLECTIVE
            )
        else:
            lookup_form = lookup
        unknown = {}
        for name in (*CHOICES, "award_form"):
            data[name], unknown[name] = _choice(name, data[name], lookup_form)
        data["report_type"] = Nominee.ReportType.FULL
        form = _form(data, allows_summary=allows_summary, today=today, subject=subject)
        form.fields["award_form"].queryset = lookup_form.fields["award_form"].queryset
        for name, problem in unknown.items():
            if problem and name in form.fields:
                form.add_error(name, problem)
        if not form.is_valid():
            errors.append((number, _reasons(form, titles)))
            continue
        if subject == Subject.COLLECTIVE:
            if collectives:
                errors.append(
                    (
                        number,
                        _("mỗi hồ sơ một tập thể (đã có ở dòng %(line)s)")
                        % {"line": collectives[0]},
                    )
                )
                continue
            collectives.append(number)
            rows.append((number, subject, form.cleaned_data["award_form"], form.nominee_data()))
            continue
        person = (same_name(form.cleaned_data["full_name"]), form.cleaned_data.get("birth_date"))
        if person in seen:
            errors.append(
                (
                    number,
                    _("%(name)s trùng với dòng %(line)s")
                    % {"name": form.cleaned_data["full_name"], "line": seen[person]},
                )
            )
            continue
        seen[person] = number
        rows.append((number, subject, form.cleaned_data["award_form"], form.nominee_data()))
    if errors:
        raise NomineeImportError(sorted(errors))
    if not rows:
        raise NomineeImportError([(0, _("tệp không có dòng nào"))])
    return rows
