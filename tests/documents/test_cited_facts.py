"""Issue 9: an issued paper's date never precedes the facts it cites, for every kind."""

import datetime

import pytest
from django.utils import timezone

from documents.kinds import all_kinds
from documents.models import Issuance
from documents.services import DocumentError, issue_document, request_document
from registrations.models import Registration


def test_every_kind_declares_the_facts_it_cites():
    undeclared = [kind.code for kind in all_kinds() if kind.cites is None]
    assert undeclared == []


def test_the_registration_report_cannot_predate_the_registrations_it_counts(
    window, registration, office, office_body, run_on_commit, time_machine
):
    time_machine.move_to(datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC))
    Registration.objects.filter(pk=registration.pk).update(
        status=Registration.Status.SUBMITTED,
        first_submitted_at=timezone.make_aware(datetime.datetime(2024, 2, 18, 10)),
        submitted_at=timezone.make_aware(datetime.datetime(2024, 2, 18, 10)),
    )
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=office, today=datetime.date(2024, 2, 17))

    assert str(refused.value) == (
        "Văn bản ngày 17/02/2024 không thể dẫn bản đăng ký gửi gần nhất ngày 18/02/2024: "
        "ngày ban hành phải từ ngày 18/02/2024 trở đi."
    )
    assert not Issuance.objects.exists()
    issued = run_on_commit(issue_document, draft, by=office, today=datetime.date(2024, 2, 18))
    assert issued.reference == "01/BC-VHTT"


def test_a_paper_citing_the_plan_cannot_predate_it(
    registration, window, staff, head, run_on_commit, time_machine
):
    campaign = window.campaign
    campaign.plan_date = datetime.date(2024, 1, 10)
    campaign.save()
    time_machine.move_to(datetime.datetime(2024, 2, 1, 9, tzinfo=datetime.UTC))
    draft = run_on_commit(request_document, "registration_form", registration, by=staff)

    with pytest.raises(
        DocumentError, match="không thể dẫn kế hoạch phát động phong trào ngày 10/01/2024"
    ):
        issue_document(draft, by=head, today=datetime.date(2024, 1, 9))
