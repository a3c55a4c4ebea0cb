import pytest

from documents.naming import file_stem


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Báo cáo thành tích", 2025, "Lò Văn Thắng"), "bao-cao-thanh-tich-2025-lo-van-thang"),
        (
            ("Kết quả chấm điểm", 2025, "Cơ quan, ban ngành, đoàn thể cấp huyện"),
            "ket-qua-cham-diem-2025-co-quan-ban-nganh-doan-the-cap-huyen",
        ),
        (("Báo cáo 6 tháng", 2025, "lần", 1), "bao-cao-6-thang-2025-lan-1"),
        (("Tờ trình", "số", "05/TTr-UBND"), "to-trinh-so-05-ttr-ubnd"),
        (("Đăng ký", "", "Hợp tác xã (hư cấu)"), "dang-ky-hop-tac-xa-hu-cau"),
        (("",), "van-ban"),
    ],
)
def test_file_names_are_the_papers_words_without_diacritics(parts, expected):
    assert file_stem(*parts) == expected


def test_a_long_name_is_cut_to_120_characters_without_a_trailing_dash():
    stem = file_stem("Báo cáo thành tích", "Hợp tác xã " * 30)

    assert len(stem) <= 120 and not stem.endswith("-")
