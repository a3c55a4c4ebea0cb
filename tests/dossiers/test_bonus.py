import datetime
from decimal import Decimal

import pytest

from awards.models import AwardForm, Subject
from dossiers.bonus import BonusError, compute_bonus, round_up

GIAY_KHEN = "giay-khen-chu-tich-huyen"
BANG_KHEN = "bang-khen-chu-tich-tinh"


def bonus(form_code, subject, day):
    return compute_bonus(AwardForm.objects.get(code=form_code), subject, day).amount


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day,individual,collective",
    [
        (datetime.date(2022, 12, 20), 450_000, 900_000),  # 0,3 / 0,6 × 1.490.000
        (datetime.date(2023, 6, 30), 450_000, 900_000),
        (datetime.date(2023, 7, 1), 540_000, 1_080_000),  # × 1.800.000
        (datetime.date(2023, 12, 31), 540_000, 1_080_000),  # last day of ND 91
        (datetime.date(2024, 1, 1), 540_000, 1_080_000),  # first day of ND 98, same rates
        (datetime.date(2024, 6, 30), 540_000, 1_080_000),
        (datetime.date(2024, 7, 1), 710_000, 1_410_000),  # × 2.340.000: 702.000 → 710.000
        (datetime.date(2024, 12, 15), 710_000, 1_410_000),
        (datetime.date(2025, 6, 30), 710_000, 1_410_000),  # last day of ND 98
    ],
)
def test_district_giay_khen_worked_examples(day, individual, collective):
    assert bonus(GIAY_KHEN, Subject.INDIVIDUAL, day) == individual
    assert bonus(GIAY_KHEN, Subject.COLLECTIVE, day) == collective


@pytest.mark.django_db
def test_no_district_giay_khen_under_decree_152():
    with pytest.raises(BonusError, match="Nghị định 152/2025/NĐ-CP không quy định tiền thưởng"):
        compute_bonus(
            AwardForm.objects.get(code=GIAY_KHEN), Subject.INDIVIDUAL, datetime.date(2025, 7, 1)
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day,individual,collective",
    [
        (datetime.date(2023, 12, 31), 1_800_000, 3_600_000),
        (datetime.date(2024, 1, 1), 1_800_000, 3_600_000),
        (datetime.date(2025, 6, 30), 2_340_000, 4_680_000),
        (datetime.date(2025, 7, 1), 3_510_000, 7_020_000),  # 1,5 / 3,0 × 2.340.000
    ],
)
def test_provincial_bang_khen_across_regimes(day, individual, collective):
    assert bonus(BANG_KHEN, Subject.INDIVIDUAL, day) == individual
    assert bonus(BANG_KHEN, Subject.COLLECTIVE, day) == collective


def test_round_up_is_integer_and_ceiling():
    assert round_up(Decimal("0.30"), 2_340_000) == 710_000
    assert round_up(Decimal("0.30"), 1_800_000) == 540_000  # exact stays exact
    assert round_up(Decimal("0.15"), 1_490_000) == 230_000  # 223.500 rounds up, never down
    assert round_up(Decimal("0.01"), 1) == 10_000


@pytest.mark.django_db
def test_the_explanation_shows_the_computation():
    result = compute_bonus(
        AwardForm.objects.get(code=GIAY_KHEN), Subject.INDIVIDUAL, datetime.date(2024, 12, 15)
    )

    assert result.explanation == (
        "0,3 × 2.340.000 đồng = 702.000 đồng, làm tròn lên hàng chục nghìn: 710.000 đồng (Nghị định 98/2023/NĐ-CP)"
    )
