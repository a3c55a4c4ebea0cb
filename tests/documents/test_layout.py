"""Layout of a Decree 30/2020 paper: header lines that hold, a signature never alone."""

import pytest

from documents.letterhead import NUMBER_GAP
from documents.rendering import html_to_pdf, render_html

from . import pdf

LETTERHEAD = {
    "parent_lines": ["UBND HUYỆN THỬ NGHIỆM"],
    "issuer_lines": ["PHÒNG VĂN HÓA VÀ THÔNG TIN"],
    "number_line": "Số: 07/BC-VHTT",
    "date_line": "Thử Nghiệm, ngày 05 tháng 02 năm 2026",
    "type_title": "BÁO CÁO",
    "archive": "VT, VHTT",
    "reference": "07/BC-VHTT",
    "signature": {"lines": ["TRƯỞNG PHÒNG"], "name": "Nguyễn Văn An"},
    "is_draft": False,
    "orientation": "portrait",
}
CLOSING = "Đề nghị Ủy ban nhân dân huyện quan tâm bố trí kinh phí khen thưởng phong trào."


def summary(paragraphs):
    text = "Các đơn vị đã triển khai kế hoạch, đăng ký thi đua và báo cáo kết quả đúng hạn. "
    return {
        "letterhead": LETTERHEAD,
        "content": {
            "subject": "Tổng kết phong trào thi đua năm 2025",
            "addressees": ["Ủy ban nhân dân huyện Thử Nghiệm"],
            "recipients": ["Như trên", "Phòng Nội vụ (Thường trực Hội đồng TĐKT)"],
            "intro": "Phòng Văn hóa và Thông tin báo cáo như sau:",
            "period": "",
            "narrative": [
                {
                    "key": "results_text",
                    "title": "I. KẾT QUẢ",
                    "paragraphs": [f"{n}. {text * 3}" for n in range(1, paragraphs + 1)],
                },
                {
                    "key": "proposals_text",
                    "title": "V. ĐỀ XUẤT, KIẾN NGHỊ",
                    "paragraphs": [CLOSING],
                },
            ],
            "figures_after": "",
            "charts": [],
            "tables": [],
        },
    }


@pytest.mark.parametrize("paragraphs", range(14, 24))
def test_the_closing_paragraph_goes_over_with_the_signature(paragraphs):
    """Whatever the length, the last page holds the closing paragraph above Nơi nhận."""
    data, pages = html_to_pdf(render_html("print/summary_report.html", summary(paragraphs)))

    assert pages >= 2
    assert pdf.page_says(pdf.reader(data).pages[-1], "Nơi nhận:")
    assert pdf.page_says(pdf.reader(data).pages[-1], "Nguyễn Văn An")
    assert pdf.page_says(pdf.reader(data).pages[-1], CLOSING)


def pieces(data):
    """[(text, x, y)] of the first page, in points."""
    found = []

    def visit(content, cm, tm, font_dict, font_size):
        if content.strip():
            found.append((content.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    pdf.reader(data).pages[0].extract_text(visitor_text=visit)
    return found


def y_of(found, start):
    return next(y for text, _x, y in found if text.startswith(start))


@pytest.mark.parametrize("place", ["Mường Khương", "Thành phố Lào Cai"])
def test_a_drafts_blank_number_and_date_each_keep_their_line(place):
    letterhead = {
        **LETTERHEAD,
        "is_draft": True,
        "reference": "",
        "number_line": f"Số:{NUMBER_GAP}/QĐ-UBND",
        "date_line": f"{place}, ngày{NUMBER_GAP}tháng{NUMBER_GAP}năm 2026",
    }
    data, _pages = html_to_pdf(
        render_html("print/summary_report.html", {**summary(1), "letterhead": letterhead})
    )

    found = pieces(data)
    date_line = next(text for text, _x, _y in found if text.startswith(place))
    number_line = next(text for text, _x, _y in found if text.startswith("Số:"))
    assert pdf.squash(date_line).endswith("năm2026")  # the year never goes down alone
    assert pdf.squash(number_line) == "Số:/QĐ-UBND"
    assert abs(y_of(found, place) - y_of(found, "Số:")) <= 2  # side by side, one line each
    assert pdf.outside(data) == []
