"""Award forms and titles of the two-level government: who may give what, on which dates."""

import datetime

import pytest

from awards.models import AwardForm, Subject
from dossiers.bonus import compute_bonus

LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
FIRST_TWO_LEVEL_DAY = datetime.date(2025, 7, 1)


def form(code):
    return AwardForm.objects.get(code=code)


def test_the_district_chairmans_giay_khen_is_offered_until_30_june_2025(db):
    offered_before = set(
        AwardForm.objects.offered_on(LAST_DISTRICT_DAY).values_list("code", flat=True)
    )
    offered_after = set(
        AwardForm.objects.offered_on(FIRST_TWO_LEVEL_DAY).values_list("code", flat=True)
    )

    assert offered_before - offered_after == {"giay-khen-chu-tich-huyen"}
    assert {"giay-khen-chu-tich-xa", "bang-khen-chu-tich-tinh", "giay-khen-thu-truong"} <= (
        offered_after
    )


def test_a_form_not_offered_says_why(db):
    district = form("giay-khen-chu-tich-huyen")

    assert district.why_not_offered(LAST_DISTRICT_DAY) == ""
    assert district.why_not_offered(FIRST_TWO_LEVEL_DAY) == (
        "“Giấy khen của Chủ tịch UBND huyện” chỉ được tặng đến ngày 30/06/2025: từ ngày "
        "01/07/2025 không còn cấp có thẩm quyền tặng hình thức này."
    )


@pytest.mark.parametrize(
    ("code", "subject", "day", "amount"),
    [
        # 0,15 × 2.340.000 = 351.000 → 360.000 (ND 98/2023 Art. 58(1)(g))
        ("giay-khen-chu-tich-xa", Subject.INDIVIDUAL, LAST_DISTRICT_DAY, 360_000),
        # 0,3 × 2.340.000 = 702.000 → 710.000 (ND 152/2025 Art. 54(1)(e))
        ("giay-khen-chu-tich-xa", Subject.INDIVIDUAL, FIRST_TWO_LEVEL_DAY, 710_000),
        ("giay-khen-chu-tich-xa", Subject.COLLECTIVE, FIRST_TWO_LEVEL_DAY, 1_410_000),
        ("bang-khen-chu-tich-tinh", Subject.INDIVIDUAL, LAST_DISTRICT_DAY, 2_340_000),
        ("bang-khen-chu-tich-tinh", Subject.INDIVIDUAL, FIRST_TWO_LEVEL_DAY, 3_510_000),
        ("bang-khen-chu-tich-tinh", Subject.COLLECTIVE, FIRST_TWO_LEVEL_DAY, 7_020_000),
        ("giay-khen-thu-truong", Subject.INDIVIDUAL, FIRST_TWO_LEVEL_DAY, 710_000),
        ("lao-dong-tien-tien", Subject.INDIVIDUAL, FIRST_TWO_LEVEL_DAY, 710_000),
        ("chien-si-thi-dua-co-so", Subject.INDIVIDUAL, FIRST_TWO_LEVEL_DAY, 2_340_000),
        ("tap-the-lao-dong-tien-tien", Subject.COLLECTIVE, FIRST_TWO_LEVEL_DAY, 1_880_000),
        ("tap-the-lao-dong-xuat-sac", Subject.COLLECTIVE, LAST_DISTRICT_DAY, 3_510_000),
    ],
)
def test_bonus_at_the_2025_boundary(db, code, subject, day, amount):
    assert compute_bonus(form(code), subject, day).amount == amount


def test_titles_carry_their_legal_basis_and_are_not_movement_forms(db):
    titles = AwardForm.objects.filter(is_title=True).order_by("order")

    assert [(t.name, t.for_collectives, t.for_individuals) for t in titles] == [
        ("Danh hiệu “Lao động tiên tiến”", False, True),
        ("Danh hiệu “Chiến sĩ thi đua cơ sở”", False, True),
        ("Danh hiệu “Tập thể lao động tiên tiến”", True, False),
        ("Danh hiệu “Tập thể lao động xuất sắc”", True, False),
    ]
    assert all("Nghị định 152/2025/NĐ-CP" in t.legal_basis for t in titles)
