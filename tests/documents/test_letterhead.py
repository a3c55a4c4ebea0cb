import datetime

import pytest

from documents.letterhead import date_text, number_text, signature_block


@pytest.mark.parametrize(("number", "expected"), [(1, "01"), (9, "09"), (10, "10"), (123, "123")])
def test_number_text_pads_numbers_below_ten(number, expected):
    assert number_text(number) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (datetime.date(2024, 1, 31), "ngày 31 tháng 01 năm 2024"),
        (datetime.date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
        (datetime.date(2024, 12, 20), "ngày 20 tháng 12 năm 2024"),
    ],
)
def test_date_text_pads_days_below_ten_and_only_months_one_and_two(day, expected):
    assert date_text(day) == expected


def test_signature_block_puts_the_authority_prefix_before_the_position():
    block = signature_block(
        authority="KT.",
        authority_of="Trưởng phòng",
        position="Phó Trưởng phòng",
        full_name="Đỗ Thị Hồng",
    )

    assert block == {"lines": ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"], "name": "Đỗ Thị Hồng"}


def test_signature_block_spreads_a_two_level_authority_over_two_lines():
    block = signature_block(
        authority="TM.",
        authority_of="Ủy ban nhân dân\nKT. Chủ tịch",
        position="Phó Chủ tịch",
        full_name="Hoàng Thị Lan",
    )

    assert block["lines"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
