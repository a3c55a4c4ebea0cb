"""Where a clerk or the council stumbled (issue 14): labels, offers and messages."""

import datetime

import pytest
from django.urls import reverse

from dossiers import queries, services
from dossiers.bonus import BonusError, compute_bonus
from dossiers.models import AwardForm, DossierRule, Subject, Vote
from dossiers.voting import count_votes
from registrations.models import RegisteredIndividual

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def _tally_cells(page):
    return page.split('id="tally"')[1].split("</table>")[0]


def test_an_open_meeting_with_no_vote_entered_shows_not_yet_voted_not_a_rejection(
    client, meeting, council
):
    client.force_login(council)

    page = client.get(reverse("dossiers:meeting_detail", args=[meeting.pk])).content.decode()

    tally = _tally_cells(page)
    assert "Chưa biểu quyết" in tally
    assert "Không tán thành" not in tally


def test_an_open_meeting_with_some_votes_missing_says_how_many_are_left(
    client, meeting, council, members
):
    nominee = queries.meeting_nominees(meeting).first()
    present = list(meeting.members_present.all())
    services.record_votes(meeting, by=council, votes={(present[0].pk, nominee.pk): Vote.Choice.YES})
    client.force_login(council)

    page = client.get(reverse("dossiers:meeting_detail", args=[meeting.pk])).content.decode()

    assert f"Chưa đủ phiếu (còn {len(present) - 1} phiếu chưa ghi)" in _tally_cells(page)


def test_closing_still_counts_missing_votes_against():
    tally = count_votes([Vote.Choice.YES], present=4, member_count=5, rule=DossierRule())

    assert (tally.open_label, str(tally.outcome_label)) == (
        "Chưa đủ phiếu (còn 3 phiếu chưa ghi)",
        "Không tán thành",
    )


def test_a_registered_person_already_proposed_is_no_longer_offered(
    client, proposal, staff, giay_khen
):
    registration = proposal.registration
    RegisteredIndividual.objects.create(
        registration=registration,
        full_name="Lò Văn Thắng",
        position="Công chức",
        award_form=giay_khen,
    )
    RegisteredIndividual.objects.create(
        registration=registration,
        full_name="Vàng Thị Dế",
        position="Công chức",
        award_form=giay_khen,
    )
    url = reverse("dossiers:proposal_detail", args=[proposal.pk])
    client.force_login(staff)
    before = client.get(url).content.decode()

    services.add_nominee(
        proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=PERSON
    )
    after = client.get(url).content.decode()

    assert "+ Lò Văn Thắng (đã đăng ký thi đua)" in before
    assert "+ Lò Văn Thắng (đã đăng ký thi đua)" not in after
    assert "+ Vàng Thị Dế (đã đăng ký thi đua)" in after


def test_the_same_person_cannot_be_proposed_twice(proposal, staff, giay_khen, individual):
    twin = {**PERSON, "full_name": "  lò văn  THẮNG "}

    with pytest.raises(services.DossierError, match="Lò Văn Thắng đã có trong hồ sơ"):
        services.add_nominee(
            proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=twin
        )

    assert proposal.nominees.count() == 1


def test_a_missing_bonus_rule_is_explained_in_vietnamese():
    form = AwardForm.objects.get(code="giay-khen-chu-tich-huyen")

    with pytest.raises(BonusError) as refused:
        compute_bonus(form, Subject.COLLECTIVE, datetime.date(2025, 7, 1))

    assert str(refused.value).endswith("(tập thể).")
    assert "collective" not in str(refused.value)
