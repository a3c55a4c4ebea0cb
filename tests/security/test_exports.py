"""Exports never carry a formula: risky text cells are written as text, read back here."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.exports import csv_text, workbook_bytes
from reports.exports import issue_workbook
from reports.models import SummaryKind, SummaryReport

RISKY = ['=HYPERLINK("http://x","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\tlệnh", "\rlệnh", "= 100%"]


def test_every_risky_xlsx_cell_reads_back_as_text_not_a_formula():
    workbook = Workbook()
    workbook.active.append(RISKY + ["bình thường", 42, -5])

    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active

    cells = list(sheet.iter_rows(values_only=False))[0]
    assert [c.data_type for c in cells[: len(RISKY)]] == ["s"] * len(RISKY)
    assert [c.value for c in cells[: len(RISKY)]] == RISKY
    assert all(c.quotePrefix for c in cells[: len(RISKY)])
    assert [c.value for c in cells[len(RISKY) :]] == ["bình thường", 42, -5]


def test_every_risky_csv_cell_gets_an_apostrophe_and_numbers_stay_numbers():
    text = csv_text(["cột"], [[value] for value in RISKY] + [["Lùng Vai"], [-5]])

    rows = list(csv.reader(io.StringIO(text)))

    assert [row[0] for row in rows[1:]] == ["'" + v for v in RISKY] + ["Lùng Vai", "-5"]


@pytest.mark.django_db
def test_the_summary_workbook_keeps_the_portals_own_and_the_offices_text_as_text(client):
    call_command("load_demo", stdout=io.StringIO())
    issue = SummaryReport.objects.get(kind=SummaryKind.ANNUAL, year=2024).issues.get()
    issue.narrative = [{"title": "Đánh giá", "text": '=HYPERLINK("http://x.invalid","Bấm")'}]

    workbook = load_workbook(io.BytesIO(issue_workbook(issue)))

    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert '=HYPERLINK("http://x.invalid","Bấm")' in texts
    assert "= 100%" in texts


@pytest.mark.django_db
def test_the_open_data_csv_goes_through_the_safe_writer(client):
    response = client.get(reverse("open_data:csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0][0] == "nam"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_a_write_only_sheet_gets_risky_text_as_text():
    from openpyxl.cell import WriteOnlyCell

    from core.exports import safe_append

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    styled = WriteOnlyCell(sheet, value="=1+2")
    safe_append(sheet, RISKY + [styled, "Lùng Vai", 7])
    buffer = io.BytesIO()
    workbook.save(buffer)

    cells = list(load_workbook(buffer).active.iter_rows())[0]

    assert [c.data_type for c in cells[: len(RISKY) + 1]] == ["s"] * (len(RISKY) + 1)
    assert [c.value for c in cells] == RISKY + ["=1+2", "Lùng Vai", 7]
