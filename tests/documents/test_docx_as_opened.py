"""The DOCX twin as an office opens it: converted by LibreOffice (headless) with Liberation
Serif standing in for Times New Roman (same metrics), its header and addressee lines hold
like the PDF's. Needs Debian's libreoffice-writer-nogui and fonts-liberation2."""

import subprocess

import pytest

from documents.letterhead import NUMBER_GAP
from documents.rendering import render_html
from documents.word import html_to_docx

from . import pdf
from .test_layout import LETTERHEAD, summary


def opened_in_libreoffice(docx, tmp_path):
    """The text lines of the DOCX as LibreOffice lays it out (converted to PDF)."""
    source = tmp_path / "paper.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = (tmp_path / "paper.pdf").read_bytes()
    return data, [line.strip() for line in pdf.text(data).splitlines() if line.strip()]


@pytest.mark.parametrize("draft", [False, True])
def test_the_docx_header_and_addressee_hold_their_lines_as_in_the_pdf(tmp_path, draft):
    letterhead = dict(LETTERHEAD)
    if draft:
        letterhead |= {
            "is_draft": True,
            "number_line": f"Số:{NUMBER_GAP}/BC-VHTT",
            "date_line": f"Mường Khương, ngày{NUMBER_GAP}tháng{NUMBER_GAP}năm 2026",
        }
    else:
        letterhead["date_line"] = "Mường Khương, ngày 22 tháng 12 năm 2026"
    html = render_html("print/summary_report.html", {**summary(3), "letterhead": letterhead})

    data, lines = opened_in_libreoffice(html_to_docx(html), tmp_path)

    squashed = [pdf.squash(line) for line in lines]
    assert "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM" in squashed  # the national title on one line
    date_line = next(line for line in squashed if "MườngKhương,ngày" in line)
    assert date_line.startswith("Số:")  # number and date side by side, as in the PDF
    assert date_line.endswith("năm2026")  # the year stays on the date's line
    assert "KínhgửiỦybannhândânhuyệnThửNghiệm." in [s.replace(":", "") for s in squashed]
    order = ["BÁOCÁO", "KínhgửiỦybannhândân", "I.KẾTQUẢ", "Nơinhận", "NguyễnVănAn"]
    text = pdf.squash(pdf.text(data)).replace(":", "")
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions and positions == sorted(positions)
