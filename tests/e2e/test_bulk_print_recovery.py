"""A stuck bulk print in a real browser: the council cancels it and prints again."""

import pytest
from playwright.sync_api import expect

from dossiers import queries
from dossiers.models import BulkPrint, BulkPrintPart
from tests.dossiers import conftest as dossier_fixtures

from .conftest import log_in, with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The meeting with two dossiers of the bulk-print tests, and the fixtures it stands on.
accepted = dossier_fixtures.accepted
accepted_registration = dossier_fixtures.accepted_registration
collective = dossier_fixtures.collective
eligible = dossier_fixtures.eligible
individual = dossier_fixtures.individual
members = dossier_fixtures.members
proposal = dossier_fixtures.proposal
sent_submission = dossier_fixtures.sent_submission
submitted = dossier_fixtures.submitted
two_dossiers = dossier_fixtures.two_dossiers


@pytest.fixture
def giay_khen(db):
    """An award form given today. Not the seeded district Giấy khen (ended 30/6/2025 with
    the districts), which a transactional test sees until the first flush removes the
    migrated rows: whichever case runs first would otherwise be refused its nominee."""
    from tests.factories import AwardFormFactory

    return AwardFormFactory(code="giay-khen-thu-nghiem", name="Giấy khen thử nghiệm")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_council_cancels_a_stuck_bulk_print_and_prints_again(
    two_dossiers, council, new_page, shoot, width
):
    # A print whose render tasks never reached a worker (lost with Redis): stuck at 0/2.
    job = BulkPrint.objects.create(meeting=two_dossiers, total=2, requested_by=council)
    BulkPrintPart.objects.bulk_create(
        BulkPrintPart(job=job, proposal=dossier, order=order)
        for order, (dossier, _nominees) in enumerate(queries.meeting_dossiers(two_dossiers), 1)
    )
    with_password(council)
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, council.username)

    page.goto(f"/khen-thuong/in-ho-so/{job.pk}/")
    expect(page.locator("#bulk-progress-text")).to_contain_text("Đã in 0/2 hồ sơ")
    shoot(page, f"stuck-{width}")
    page.get_by_role("button", name="Huỷ bản in").click()
    expect(
        page.get_by_text("Đã huỷ bản in. Có thể in lại toàn bộ hồ sơ của phiên họp.")
    ).to_be_visible()
    shoot(page, f"cancelled-{width}")
    page.get_by_role("button", name="In lại toàn bộ hồ sơ").click()
    expect(page.locator("#bulk-progress-text")).to_contain_text("Đã in 2/2 hồ sơ", timeout=60_000)
    shoot(page, f"printed-{width}")

    assert list(BulkPrint.objects.order_by("pk").values_list("status", flat=True)) == [
        "cancelled",
        "done",
    ]
