"""Layout of a Decree 30/2020 paper: a signature never alone on the last page."""

import pytest

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

