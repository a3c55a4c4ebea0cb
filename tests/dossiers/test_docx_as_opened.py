"""The DOCX twin of every dossier kind as an office opens it (issue 13): converted by
LibreOffice (headless, Liberation Serif for Times New Roman), the national title holds one
line, the date line keeps its year, "Kính gửi:" stands with its addressee, and the
official blocks come in the PDF's order. Needs libreoffice-writer-nogui, fonts-liberation2."""

import datetime
import subprocess

import pytest

from documents.kinds import get_kind
from documents.letterhead import build_letterhead
from documents.rendering import render_html
from documents.services import document_type_for, signature_for
from documents.word import html_to_docx

from ..documents import pdf
from ..reports.factories import PeriodFactory, PeriodicReportFactory

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2025, 1, 22)


def snapshot(kind, source, *, issued):
    issuer = kind.issuer(source)
    doc_type = document_type_for(kind)
    letterhead = build_letterhead(
        issuer=issuer,
        doc_type=doc_type,
        title_caps=doc_type.name.upper(),
        orientation=kind.orientation,
        signature=signature_for(issuer, ISSUED_ON),
        number=7 if issued else None,
        issued_on=ISSUED_ON if issued else None,
        year=ISSUED_ON.year,
    )
    return {"letterhead": letterhead, "content": kind.build_content(source)}


def converted(tmp_path, docs):
    """{name: (pdf bytes, squashed lines)} of DOCX files converted in one LibreOffice run."""
    paths = []
    for name, data in docs.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        paths.append(str(path))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *paths,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = {}
    for name in docs:
        data = (tmp_path / f"{name}.pdf").read_bytes()
        lines = [pdf.squash(line) for line in pdf.text(data).splitlines() if line.strip()]
        result[name] = (data, lines)
    return result


@pytest.fixture
def sources(decision, collective, individual, staff):
    """One source of every dossier kind with a letterhead, from one 2024 story."""
    meeting = decision.meeting
    proposal = collective.proposal
    return {
        "award_proposal_letter": proposal,
        "achievement_report": collective,
        "achievement_report_individual": individual,
        "district_submission_letter": meeting.submission,
        "summary_list": meeting.submission,
        "council_minutes": meeting,
        "award_decision": decision,
        "registration_form": proposal.registration,
        "registration_report": proposal.registration.window,
        "periodic_report": PeriodicReportFactory(
            period=PeriodFactory(campaign=proposal.campaign, year=2024),
            unit=proposal.unit,
            created_by=staff,
        ),
    }


def test_every_kinds_docx_holds_its_header_lines_as_the_pdf(sources, tmp_path):
    docs, expected = {}, {}
    for name, source in sources.items():
        kind = get_kind(name.removesuffix("_individual"))
        for issued in (True, False):
            paper = snapshot(kind, source, issued=issued)
            key = f"{name}-{'issued' if issued else 'draft'}"
            docs[key] = html_to_docx(
                render_html(kind.template, paper), orientation=kind.orientation
            )
            expected[key] = paper

    opened = converted(tmp_path, docs)

    for key, (data, lines) in opened.items():
        letterhead, content = expected[key]["letterhead"], expected[key]["content"]
        # The national title on one line, its motto below it.
        assert "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM" in lines, key
        assert "Độclập-Tựdo-Hạnhphúc" in lines, key
        # The date line keeps its year (an individual's own report dates itself).
        date_line = content.get("place_line") or letterhead["date_line"]
        place = pdf.squash(date_line.split(",")[0])
        line = next(x for x in lines if f"{place},ngày" in x)
        assert line.endswith(f"năm{ISSUED_ON.year}"), (key, line)
        if not content.get("place_line"):
            # The number stands beside the date, as in the PDF.
            assert line.startswith("Số:"), (key, line)
        # "Kính gửi:" with its (first) addressee on the same line.
        for addressee in content.get("addressees", [])[:1]:
            wanted = pdf.squash(f"Kính gửi {addressee}").replace(":", "")
            assert any(x.replace(":", "").replace("-", "").startswith(wanted) for x in lines), (
                key,
                addressee,
            )
        # The title comes before the signature block, as in the PDF.
        text = pdf.squash(pdf.text(data))
        title = pdf.squash(letterhead["type_title"]) if "BÁOCÁO" not in text else "BÁOCÁO"
        assert 0 <= text.find(title) < text.rfind("Nơinhận" if "Nơinhận" in text else "XÁC"), key
