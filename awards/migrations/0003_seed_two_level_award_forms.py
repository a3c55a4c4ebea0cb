"""Award forms and emulation titles of the two-level government, with their coefficients.

Sources: shared/reference/legal-research.md §1.6 and §3.1. From 1/7/2025 there is no
district level (Constitution amended 2025, ND 152/2025 Art. 75): the district
chairman's Giấy khen can be given until 30/6/2025 only. The commune chairman's Giấy
khen goes from 0,15 to 0,3 (collective 0,6) under ND 152/2025 Art. 54(1)(e); the
provincial Bằng khen from 1,0 to 1,5 (collective 3,0). Titles (ND 98 Art. 54 = ND 152
Art. 50): LĐTT 0,3; CSTĐCS 1,0; TTLĐTT 0,8; TTLĐXS 1,5. Reversible.
"""

import datetime
from decimal import Decimal

from django.db import migrations

LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)

# code, name, level, order, collectives, individuals, is_title, legal basis
FORMS = [
    (
        "giay-khen-chu-tich-xa",
        "Giấy khen của Chủ tịch UBND xã",
        "commune",
        3,
        True,
        True,
        False,
        "Luật Thi đua, khen thưởng 2022 Điều 75; Nghị định 152/2025/NĐ-CP Điều 54",
    ),
    (
        "giay-khen-thu-truong",
        "Giấy khen của Thủ trưởng cơ quan, đơn vị, doanh nghiệp",
        "agency",
        4,
        True,
        True,
        False,
        "Luật Thi đua, khen thưởng 2022 Điều 75; Nghị định 152/2025/NĐ-CP Điều 54",
    ),
    (
        "lao-dong-tien-tien",
        "Danh hiệu “Lao động tiên tiến”",
        "agency",
        10,
        False,
        True,
        True,
        "Luật Thi đua, khen thưởng 2022 Điều 26; Nghị định 152/2025/NĐ-CP Điều 50",
    ),
    (
        "chien-si-thi-dua-co-so",
        "Danh hiệu “Chiến sĩ thi đua cơ sở”",
        "agency",
        11,
        False,
        True,
        True,
        "Luật Thi đua, khen thưởng 2022 Điều 23; Nghị định 152/2025/NĐ-CP Điều 50",
    ),
    (
        "tap-the-lao-dong-tien-tien",
        "Danh hiệu “Tập thể lao động tiên tiến”",
        "agency",
        12,
        True,
        False,
        True,
        "Luật Thi đua, khen thưởng 2022 Điều 28; Nghị định 152/2025/NĐ-CP Điều 50",
    ),
    (
        "tap-the-lao-dong-xuat-sac",
        "Danh hiệu “Tập thể lao động xuất sắc”",
        "agency",
        13,
        True,
        False,
        True,
        "Luật Thi đua, khen thưởng 2022 Điều 27; Nghị định 152/2025/NĐ-CP Điều 50",
    ),
]
TITLES = {
    "lao-dong-tien-tien": ("individual", "0.30"),
    "chien-si-thi-dua-co-so": ("individual", "1.00"),
    "tap-the-lao-dong-tien-tien": ("collective", "0.80"),
    "tap-the-lao-dong-xuat-sac": ("collective", "1.50"),
}
# (regime, form, subject, coefficient, basis)
COEFFICIENTS = [
    ("nd-91-2017", "giay-khen-chu-tich-xa", "individual", "0.15", "ND 91/2017 Điều 73"),
    ("nd-91-2017", "giay-khen-chu-tich-xa", "collective", "0.30", "ND 91/2017 Điều 73, 71"),
    (
        "nd-98-2023",
        "giay-khen-chu-tich-xa",
        "individual",
        "0.15",
        "ND 98/2023 Điều 58 khoản 1 điểm g",
    ),
    ("nd-98-2023", "giay-khen-chu-tich-xa", "collective", "0.30", "ND 98/2023 Điều 58 khoản 2"),
    (
        "nd-152-2025",
        "giay-khen-chu-tich-xa",
        "individual",
        "0.30",
        "ND 152/2025 Điều 54 khoản 1 điểm e",
    ),
    ("nd-152-2025", "giay-khen-chu-tich-xa", "collective", "0.60", "ND 152/2025 Điều 54 khoản 2"),
    *[
        (regime, "giay-khen-thu-truong", subject, value, basis)
        for regime, basis in (
            ("nd-91-2017", "ND 91/2017 Điều 73"),
            ("nd-98-2023", "ND 98/2023 Điều 58 khoản 1 điểm e"),
            ("nd-152-2025", "ND 152/2025 Điều 54 khoản 1 điểm e"),
        )
        for subject, value in (("individual", "0.30"), ("collective", "0.60"))
    ],
    *[
        (regime, code, subject, value, basis)
        for regime, basis in (
            ("nd-91-2017", "ND 91/2017 Điều 69–71"),
            ("nd-98-2023", "ND 98/2023 Điều 54"),
            ("nd-152-2025", "ND 152/2025 Điều 50"),
        )
        for code, (subject, value) in TITLES.items()
    ],
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    LegalRegime = apps.get_model("awards", "LegalRegime")
    BonusCoefficient = apps.get_model("awards", "BonusCoefficient")
    AwardForm.objects.filter(code="giay-khen-chu-tich-huyen").update(
        valid_to=LAST_DISTRICT_DAY,
        legal_basis="Luật Thi đua, khen thưởng 2022 Điều 75 (cấp huyện, đến hết 30/6/2025)",
    )
    AwardForm.objects.filter(code="bang-khen-chu-tich-tinh").update(
        legal_basis="Luật Thi đua, khen thưởng 2022 Điều 74; Nghị định 152/2025/NĐ-CP Điều 54"
    )
    forms = {}
    for code, name, level, order, collectives, individuals, is_title, basis in FORMS:
        forms[code], _ = AwardForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "order": order,
                "for_collectives": collectives,
                "for_individuals": individuals,
                "is_title": is_title,
                "legal_basis": basis,
                "commendation_type": "regular" if is_title else "thematic",
            },
        )
    regimes = {r.code: r for r in LegalRegime.objects.all()}
    for regime, form, subject, value, basis in COEFFICIENTS:
        if regime in regimes:
            BonusCoefficient.objects.get_or_create(
                regime=regimes[regime],
                award_form=forms[form],
                subject=subject,
                defaults={"coefficient": Decimal(value), "legal_basis": basis},
            )


def unseed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    codes = [f[0] for f in FORMS]
    apps.get_model("awards", "BonusCoefficient").objects.filter(award_form__code__in=codes).delete()
    AwardForm.objects.filter(code__in=codes).delete()
    AwardForm.objects.filter(code="giay-khen-chu-tich-huyen").update(valid_to=None, legal_basis="")
    AwardForm.objects.filter(code="bang-khen-chu-tich-tinh").update(legal_basis="")


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_award_form_validity")]

    operations = [migrations.RunPython(seed, unseed)]
