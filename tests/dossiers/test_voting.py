import datetime

import pytest

from dossiers import queries, services, voting
from dossiers.models import DossierRule, Nominee, Vote

from .conftest import vote_all

Y, N, A = Vote.Choice.YES, Vote.Choice.NO, Vote.Choice.ABSTAIN
DEFAULT = DossierRule()  # more than half present, more than half of those present in favour


def tally(choices, *, present, members, rule=DEFAULT):
    return voting.count_votes(choices, present=present, member_count=members, rule=rule)


def test_quorum_not_reached_gives_no_result_whatever_the_votes():
    result = tally([Y, Y, Y], present=3, members=7)

    assert (result.has_quorum, result.outcome) == (False, voting.Outcome.NO_QUORUM)


def test_exactly_half_of_the_members_present_is_not_a_quorum_under_the_default():
    assert tally([Y, Y, Y], present=3, members=6).has_quorum is False
    assert tally([Y, Y, Y, Y], present=4, members=6).has_quorum is True


def test_a_tie_is_not_approved():
    result = tally([Y, Y, N, N, A], present=5, members=7)

    assert (result.yes, result.no, result.abstain) == (2, 2, 1)
    assert result.outcome == voting.Outcome.NOT_APPROVED


def test_exactly_half_in_favour_is_not_more_than_half():
    result = tally([Y, Y, N, N], present=4, members=5)

    assert result.outcome == voting.Outcome.NOT_APPROVED


def test_exactly_half_in_favour_is_enough_when_the_campaign_says_at_least_half():
    rule = DossierRule(approval_is_strict=False)

    result = tally([Y, Y, N, N], present=4, members=5, rule=rule)

    assert result.outcome == voting.Outcome.APPROVED


def test_more_than_half_in_favour_is_approved():
    result = tally([Y, Y, Y, N], present=4, members=5)

    assert result.outcome == voting.Outcome.APPROVED


def test_missing_votes_count_against_approval():
    result = tally([Y, Y], present=4, members=5)

    assert (result.missing, result.outcome) == (2, voting.Outcome.NOT_APPROVED)


def test_a_two_thirds_rule_is_data():
    rule = DossierRule(approval_numerator=2, approval_denominator=3, approval_is_strict=False)

    assert tally([Y, Y, Y, Y, N, N], present=6, members=7, rule=rule).is_approved is True
    assert tally([Y, Y, Y, N, N, N], present=6, members=7, rule=rule).is_approved is False


def test_threshold_labels_read_as_the_rule():
    assert DossierRule().approval.label == "quá 1/2"
    assert (
        DossierRule(quorum_numerator=2, quorum_denominator=3, quorum_is_strict=False).quorum.label
        == "từ 2/3 trở lên"
    )


@pytest.mark.django_db
def test_closing_a_meeting_sets_each_result_from_the_votes(meeting, council, members):
    collective, individual = queries.meeting_nominees(meeting)
    votes = {(m.pk, collective.pk): Y for m in members[:4]}
    votes |= {(m.pk, individual.pk): (Y if i < 2 else N) for i, m in enumerate(members[:4])}
    services.record_votes(meeting, by=council, votes=votes)

    services.close_meeting(meeting, by=council)

    collective.refresh_from_db()
    individual.refresh_from_db()
    assert (collective.status, individual.status) == (
        Nominee.Status.APPROVED,
        Nominee.Status.NOT_APPROVED,
    )


@pytest.mark.django_db
def test_a_meeting_without_quorum_ends_without_result_and_another_can_be_held(
    sent_submission, council, members
):
    meeting = services.open_meeting(
        sent_submission,
        by=council,
        held_on=datetime.date(2025, 1, 15),
        place="Phòng họp",
        chair=members[0],
        members_present=members[:2],
    )
    vote_all(meeting, council, Y)

    _meeting, has_quorum = services.close_meeting(meeting, by=council)

    assert has_quorum is False
    assert set(sent_submission.nominees.values_list("status", flat=True)) == {
        Nominee.Status.INCLUDED
    }
    again = services.open_meeting(
        sent_submission,
        by=council,
        held_on=datetime.date(2025, 1, 20),
        place="Phòng họp",
        chair=members[0],
        members_present=members,
    )
    assert queries.meeting_nominees(again).count() == 2


@pytest.mark.django_db
def test_closing_refuses_when_a_member_present_has_not_voted(meeting, council, members):
    nominee = queries.meeting_nominees(meeting).first()
    services.record_votes(meeting, by=council, votes={(members[0].pk, nominee.pk): Y})

    with pytest.raises(services.DossierError, match="Chưa ghi đủ biểu quyết"):
        services.close_meeting(meeting, by=council)

    meeting.refresh_from_db()
    assert meeting.status == meeting.Status.OPEN


@pytest.mark.django_db
def test_votes_of_a_member_not_present_are_refused(meeting, council, members):
    nominee = queries.meeting_nominees(meeting).first()

    with pytest.raises(services.DossierError, match="không thuộc phiên họp"):
        services.record_votes(meeting, by=council, votes={(members[4].pk, nominee.pk): Y})

    assert meeting.votes.count() == 0


@pytest.mark.django_db
def test_the_meeting_keeps_the_rule_it_was_opened_with(meeting, campaign):
    DossierRule.objects.create(campaign=campaign, approval_numerator=2, approval_denominator=3)

    meeting.refresh_from_db()

    assert meeting.approval.label == "quá 1/2"
