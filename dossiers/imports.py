"""A unit's list of individual nominees from a spreadsheet (issue 15): the template to
fill, and the rows read and checked as the nominee form checks them.

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
)
REQUIRED = ("full_name", "award_form")
# Columns whose cell holds a label the form knows by its value.
CHOICES = {"gender": Nominee.Gender, "category": Nominee.Category}


class NomineeImportError(Exception):
    """The file was refused; `errors` lists (line number, reason) for each bad row."""

    def __init__(self, errors):
        super().__init__(_("Tệp có lỗi, chưa nhập cá nhân nào."))
        self.errors = errors


def _form(data=None, *, allows_summary, today=None):
    return NomineeForm(data, subject=Subject.INDIVIDUAL, allows_summary=allows_summary, today=today)


def headers(allows_summary=True):
    """{column: its title}: the labels of the nominee form, as on the page."""
    fields = _form(allows_summary=allows_summary).fields
    return {name: str(fields[name].label) for name in COLUMNS}


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
        "ABCDEFGHIJKLMN", (28, 12, 10, 12, 12, 28, 28, 32, 32, 36, 40, 40, 60, 40), strict=True
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
        ("", _("Mỗi dòng một cá nhân; cả tệp chỉ được nhập khi mọi dòng đều hợp lệ.")),
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


def checked_rows(upload, *, allows_summary, today=None):
    """[(line, award form, nominee data)] of every row of the file, each valid as on the
    nominee form; raises NomineeImportError with a reason per bad line (unknown values,
    the form's refusals, a person listed twice: same name and birth date)."""
    titles = headers(allows_summary)
    # Its award form choices (those offered on `today`), read once.
    lookup = _form(allows_summary=allows_summary, today=today)
    rows, errors, seen = [], [], {}
    for number, cells in read_rows(
        upload,
        columns=COLUMNS,
        aliases=_aliases(titles),
        required=REQUIRED,
        refuse=NomineeImportError,
        labels=titles,
    ):
        data = {name: cells.get(name, "") for name in COLUMNS}
        unknown = {}
        for name in (*CHOICES, "award_form"):
            data[name], unknown[name] = _choice(name, data[name], lookup)
        data["report_type"] = Nominee.ReportType.FULL
        form = _form(data, allows_summary=allows_summary, today=today)
        form.fields["award_form"].queryset = lookup.fields["award_form"].queryset
        for name, problem in unknown.items():
            if problem:
                form.add_error(name, problem)
        if not form.is_valid():
            errors.append((number, _reasons(form, titles)))
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
        rows.append((number, form.cleaned_data["award_form"], form.nominee_data()))
    if errors:
        raise NomineeImportError(sorted(errors))
    if not rows:
        raise NomineeImportError([(0, _("tệp không có dòng nào"))])
    return rows
