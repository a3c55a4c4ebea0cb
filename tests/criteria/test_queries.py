"""The read API for later issues: results of a year per tier, and eligibility."""

from decimal import Decimal

from criteria import queries, services
from criteria.scoring import Outcome
from units.models import Tier

from .helpers import review_lines, submitted_assessments


def test_year_results_rank_with_shared_ranks_and_list_pending_units(campaign, commune_set, office):
    scored = submitted_assessments(campaign, 3, score=True, office=office, x1_done=(330, 350, 340))
    pending = submitted_assessments(campaign, 1)

    results = queries.year_results(2024, Tier.COMMUNE, campaign=campaign)

    tied = sorted([scored[1].unit, scored[2].unit], key=lambda unit: unit.name)
    assert [(row.unit, row.rank, row.score) for row in results.scored_rows] == [
        (tied[0], 1, Decimal("100")),
        (tied[1], 1, Decimal("100")),
        (scored[0].unit, 3, Decimal("60")),
    ]
    assert [row.unit for row in results.pending_rows] == [pending[0].unit]
    assert results.eligible_count == 2
    assert results.scored_rows[0].met_codes == ["X1", "X2", "X3"]
    assert results.scored_rows[2].met_codes == ["X2", "X3"]
    assert [(s.criterion.code, s.met, s.scored, s.percent) for s in results.shares] == [
        ("X1", 2, 3, Decimal("66.7")),
        ("X2", 3, 3, Decimal("100.0")),
        ("X3", 3, 3, Decimal("100.0")),
    ]


def test_year_results_queries_do_not_grow_with_units(
    campaign, commune_set, office, django_assert_num_queries
):
    submitted_assessments(campaign, 1, score=True, office=office)
    with django_assert_num_queries(4):
        queries.year_results(2024, Tier.COMMUNE, campaign=campaign)
    submitted_assessments(campaign, 2, score=True, office=office)

    with django_assert_num_queries(4):
        results = queries.year_results(2024, Tier.COMMUNE, campaign=campaign)

    assert len(results.rows) == 3


def test_year_results_of_a_year_without_a_set_is_empty(campaign):
    results = queries.year_results(2023, Tier.COMMUNE, campaign=campaign)

    assert (results.criterion_set, results.rows) == (None, [])


def test_is_eligible_only_after_scoring_with_every_mandatory_criterion_met(submitted, office, unit):
    assert queries.is_eligible(unit, 2024) is False

    services.score_assessment(
        submitted, by=office, revision=submitted.revision, lines=review_lines(submitted)
    )

    assert queries.is_eligible(unit, 2024) is True
    assert queries.is_eligible(unit, 2023) is False
    assert [a.unit for a in queries.eligible_assessments(2024)] == [unit]


def test_a_unit_failing_a_mandatory_criterion_is_not_eligible(submitted, office, unit):
    payload = review_lines(submitted, X3={"done": 23, "reason": "Một báo cáo làm trên giấy."})

    scored = services.score_assessment(
        submitted, by=office, revision=submitted.revision, lines=payload
    )

    assert scored.results.get(criterion__code="X3").final_outcome == Outcome.NOT_MET
    assert queries.is_eligible(unit, 2024) is False


def test_scoring_queue_groups_waiting_results_by_tier(
    campaign, commune_set, enterprise_set, office
):
    submitted_assessments(campaign, 2)
    submitted_assessments(campaign, 1, score=True, office=office)

    tiers = queries.scoring_queue(2024)

    commune = next(t for t in tiers if t["tier"] == Tier.COMMUNE)
    assert [t["tier"] for t in tiers] == [Tier.DISTRICT_AGENCY, Tier.COMMUNE, Tier.ENTERPRISE]
    assert len(commune["waiting"]) == 2
    assert (commune["counts"]["submitted"], commune["counts"]["scored"]) == (2, 1)
