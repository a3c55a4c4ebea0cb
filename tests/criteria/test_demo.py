"""The demo data: past years scored, UBND xã Lùng Vai left to fill 2024 in the browser."""

from criteria import queries
from criteria.models import Assessment, CriterionSet
from demo import loader as demo
from registrations.models import Registration
from units.models import Tier, Unit


def test_demo_seeds_criteria_and_past_results(db):
    demo.load()

    lung_vai = Unit.objects.get(code="xa-lung-vai")
    assert sorted(set(CriterionSet.objects.values_list("year", flat=True))) == [
        2022,
        2023,
        2024,
        2025,
    ]
    assert CriterionSet.objects.get(year=2022, tier=Tier.ENTERPRISE).criteria.count() == 4
    assert sorted(
        Assessment.objects.filter(unit=lung_vai).values_list("criterion_set__year", "status")
    ) == [
        (2022, "scored"),
        (2023, "scored"),
    ]
    assert (
        Registration.objects.get(unit=lung_vai, window__year=2024).status
        == Registration.Status.ACCEPTED
    )
    for tier in (Tier.DISTRICT_AGENCY, Tier.COMMUNE, Tier.ENTERPRISE):
        results = queries.year_results(2023, tier)
        assert 0 < results.eligible_count < len(results.scored_rows), tier
        assert Assessment.objects.filter(
            criterion_set__year=2024, criterion_set__tier=tier, status="submitted"
        ).exists()


def test_loading_the_demo_twice_changes_nothing(db):
    demo.load()
    counts = (CriterionSet.objects.count(), Assessment.objects.count())

    demo.load()

    assert (CriterionSet.objects.count(), Assessment.objects.count()) == counts
