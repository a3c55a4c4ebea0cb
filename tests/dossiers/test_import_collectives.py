"""The nominee list may hold the unit's collective too (issue 15): one row marked
"Tập thể", checked by the collective's form, at most one per proposal."""

import pytest

from awards.models import Subject
from dossiers import imports, services

from .conftest import NOW
from .test_imports import GIAY_KHEN, person, xlsx

pytestmark = pytest.mark.django_db

SUBJECT = "Tập thể / cá nhân"
BACKGROUND = "I.1. Đặc điểm, tình hình"


def collective(**extra):
    return {
        "Họ và tên": "UBND xã Lùng Vai",
        SUBJECT: "Tập thể",
        "Hình thức đề nghị": GIAY_KHEN,
        BACKGROUND: "Xã vùng cao, 12 thôn.",
        "II.2. Thành tích đạt được": "Tỷ lệ hồ sơ trực tuyến đạt 92%.",
        **extra,
    }


def test_the_template_has_the_subject_and_background_columns():
    titles = list(imports.headers().values())
    assert titles[:3] == ["Họ và tên", "Ngày sinh", "Giới tính"]
    assert titles[-2:] == [SUBJECT, BACKGROUND]


def test_a_collective_row_adds_the_units_collective(proposal, staff, eligible, giay_khen):
    added = services.import_nominees(
        proposal, xlsx([collective(), person("Lò Thị Mai", gender="Nữ")]), by=staff, now=NOW
    )

    assert [n.subject for n in added] == [Subject.COLLECTIVE, Subject.INDIVIDUAL]
    assert added[0].background == "Xã vùng cao, 12 thôn."
    assert added[0].award_form == giay_khen
    assert proposal.nominees.count() == 2


def test_a_collective_with_personal_data_or_twice_is_refused(proposal, staff, eligible):
    with pytest.raises(imports.NomineeImportError) as refused:
        services.import_nominees(
            proposal,
            xlsx([collective(**{"Ngày sinh": "01/01/1990"}), collective(), collective()]),
            by=staff,
            now=NOW,
        )

    reasons = dict(refused.value.errors)
    assert "tập thể không ghi Ngày sinh" in reasons[2]
    assert "mỗi hồ sơ một tập thể (đã có ở dòng 3)" in reasons[4]
    assert proposal.nominees.count() == 0


def test_an_unknown_subject_and_an_ineligible_unit_are_refused(proposal, staff):
    with pytest.raises(imports.NomineeImportError) as refused:
        services.import_nominees(
            proposal, xlsx([person("Lò Thị Mai", **{SUBJECT: "Hộ gia đình"})]), by=staff, now=NOW
        )
    assert "ghi “Tập thể” hoặc “Cá nhân”" in dict(refused.value.errors)[2]

    with pytest.raises(imports.NomineeImportError) as refused:
        services.import_nominees(proposal, xlsx([collective()]), by=staff, now=NOW)
    assert "chưa đủ điều kiện" in dict(refused.value.errors)[2]
    assert proposal.nominees.count() == 0
