"""The public copy of an issued decision's PDF (Decree 13/2023): the annex keeps the
awardees' name, position and unit, never their bonus; anyone may download it."""

import pytest
from django.urls import reverse

from documents.models import GeneratedDocument
from dossiers import services

from ..documents import pdf
from . import test_documents as documents_tests

# The decision with its printed draft, from the decision's document tests.
eager_tasks = documents_tests.eager_tasks
numbered_decision = documents_tests.numbered_decision
run_on_commit = documents_tests.run_on_commit

pytestmark = pytest.mark.django_db


def test_the_public_copy_drops_the_bonuses_and_says_why(
    client, numbered_decision, council, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)

    response = client.get(reverse("public_decision_pdf", args=[numbered_decision.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "quyet-dinh-01-qd-ubnd-ban-cong-khai.pdf" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert pdf.says(data, "Số: 01/QĐ-UBND")
    assert pdf.says(data, "Lò Văn Thắng")
    assert pdf.says(data, "Công chức Văn phòng – Thống kê")
    annex = pdf.squash(pdf.reader(data).pages[-1].extract_text())
    assert "Tiềnthưởng" not in annex and "1.410.000" not in annex and "Tổngcộng" not in annex
    assert pdf.says(data, "Nghị định số 13/2023/NĐ-CP")
    # The same copy on a second request, from the media folder.
    again = client.get(reverse("public_decision_pdf", args=[numbered_decision.pk]))
    assert b"".join(again.streaming_content) == data


def test_a_decision_not_issued_has_no_public_copy(client, numbered_decision):
    response = client.get(reverse("public_decision_pdf", args=[numbered_decision.pk]))
    assert response.status_code == 404


def test_the_public_page_links_to_the_copy(client, numbered_decision, council, run_on_commit):
    run_on_commit(services.issue_decision, numbered_decision, by=council)
    page = client.get(reverse("public_decisions")).content.decode()
    assert reverse("public_decision_pdf", args=[numbered_decision.pk]) in page


def test_a_decision_recorded_with_its_paper_number_has_a_copy_with_that_number(
    client, issued_recorded
):
    response = client.get(reverse("public_decision_pdf", args=[issued_recorded.pk]))

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert pdf.says(data, "Số: 12/QĐ-UBND")
    assert pdf.says(data, "ngày 20 tháng 01 năm 2025")
    assert pdf.says(data, "Lò Văn Thắng")
    annex = pdf.squash(pdf.reader(data).pages[-1].extract_text())
    assert "Tiềnthưởng" not in annex and "Tổngcộng" not in annex
    assert not GeneratedDocument.objects.exists()  # nothing written but the cached file


@pytest.fixture
def issued_recorded(decision, council):
    """A decision recorded with the number of its paper, issued without a PDF here."""
    return services.issue_decision(decision, by=council)
