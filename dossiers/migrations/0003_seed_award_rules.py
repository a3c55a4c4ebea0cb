"""National award rules as data: award forms, legal regimes, coefficients, base salary.

Sources (see shared/reference/legal-research.md §3): ND 91/2017 Art. 70–73, ND 98/2023
Art. 58, ND 152/2025 Art. 54; base salary ND 38/2019, ND 24/2023, ND 73/2024. Under ND
152/2025 there is no district level any more, so the district chairman's Giấy khen has
no coefficient from 1/7/2025. Admins edit these rows; this only seeds them.
"""

import datetime
from decimal import Decimal

from django.db import migrations

FORMS = [
    ("giay-khen-chu-tich-huyen", "Giấy khen của Chủ tịch UBND huyện", "district", 1),
    ("bang-khen-chu-tich-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "province", 2),
]
REGIMES = [
    (
        "nd-91-2017",
        "Nghị định 91/2017/NĐ-CP",
        "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Nghị định 91/2017/NĐ-CP",
        datetime.date(2017, 10, 1),
        datetime.date(2023, 12, 31),
    ),
    (
        "nd-98-2023",
        "Nghị định 98/2023/NĐ-CP",
        "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP",
        datetime.date(2024, 1, 1),
        datetime.date(2025, 6, 30),
    ),
    (
        "nd-152-2025",
        "Nghị định 152/2025/NĐ-CP",
        "Luật Thi đua, khen thưởng 2022; Nghị định 152/2025/NĐ-CP",
        datetime.date(2025, 7, 1),
        None,
    ),
]
# (regime, form, subject, coefficient, basis)
COEFFICIENTS = [
    ("nd-91-2017", "giay-khen-chu-tich-huyen", "individual", "0.30", "ND 91/2017 Điều 73"),
    (
        "nd-91-2017",
        "giay-khen-chu-tich-huyen",
        "collective",
        "0.60",
        "ND 91/2017 Điều 73, 71 (gấp đôi cá nhân)",
    ),
    ("nd-91-2017", "bang-khen-chu-tich-tinh", "individual", "1.00", "ND 91/2017 Điều 72"),
    ("nd-91-2017", "bang-khen-chu-tich-tinh", "collective", "2.00", "ND 91/2017 Điều 72, 71"),
    (
        "nd-98-2023",
        "giay-khen-chu-tich-huyen",
        "individual",
        "0.30",
        "ND 98/2023 Điều 58 khoản 1 điểm e",
    ),
    (
        "nd-98-2023",
        "giay-khen-chu-tich-huyen",
        "collective",
        "0.60",
        "ND 98/2023 Điều 58 khoản 2 điểm c",
    ),
    ("nd-98-2023", "bang-khen-chu-tich-tinh", "individual", "1.00", "ND 98/2023 Điều 58"),
    ("nd-98-2023", "bang-khen-chu-tich-tinh", "collective", "2.00", "ND 98/2023 Điều 58"),
    ("nd-152-2025", "bang-khen-chu-tich-tinh", "individual", "1.50", "ND 152/2025 Điều 54 khoản 1"),
    ("nd-152-2025", "bang-khen-chu-tich-tinh", "collective", "3.00", "ND 152/2025 Điều 54"),
]
SALARIES = [
    (1_490_000, datetime.date(2019, 7, 1), "Nghị định 38/2019/NĐ-CP"),
    (1_800_000, datetime.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, datetime.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("dossiers", "AwardForm")
    LegalRegime = apps.get_model("dossiers", "LegalRegime")
    BonusCoefficient = apps.get_model("dossiers", "BonusCoefficient")
    BaseSalary = apps.get_model("dossiers", "BaseSalary")
    forms = {}
    for code, name, level, order in FORMS:
        forms[code], _ = AwardForm.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "order": order}
        )
    regimes = {}
    for code, name, basis, start, end in REGIMES:
        regimes[code], _ = LegalRegime.objects.get_or_create(
            code=code,
            defaults={"name": name, "legal_basis": basis, "valid_from": start, "valid_to": end},
        )
    for regime, form, subject, value, basis in COEFFICIENTS:
        BonusCoefficient.objects.get_or_create(
            regime=regimes[regime],
            award_form=forms[form],
            subject=subject,
            defaults={"coefficient": Decimal(value), "legal_basis": basis},
        )
    for amount, start, basis in SALARIES:
        BaseSalary.objects.get_or_create(
            valid_from=start, defaults={"amount": amount, "legal_basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("dossiers", "BonusCoefficient").objects.filter(
        regime__code__in=[r[0] for r in REGIMES]
    ).delete()
    apps.get_model("dossiers", "LegalRegime").objects.filter(
        code__in=[r[0] for r in REGIMES]
    ).delete()
    apps.get_model("dossiers", "BaseSalary").objects.filter(
        valid_from__in=[s[1] for s in SALARIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_bonus_rules")]

    operations = [migrations.RunPython(seed, unseed)]
