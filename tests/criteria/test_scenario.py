"""The issue's browser scenario, played with the test client (tests/e2e has no browser setup yet).

The unit head of Lùng Vai fills the commune criteria (412 files, 12 secret, 350 online →
87,5%, met at ≥ 85%), attaches evidence and submits; the culture office corrects one
count with a reason and scores; the unit sees its score and eligibility.
"""

import re

from django.test import Client
from django.urls import reverse

from .helpers import login, pdf


def field_names(body, code):
    """The input names of one criterion card on the entry page, by their suffix."""
    card = body.split(f'id="line-{code}"')[1].split('id="line-')[0]
    return {name.split("-", 1)[1]: name for name in re.findall(r'name="(r\d+-[a-z_]+)"', card)}


def test_lung_vai_reports_the_office_corrects_and_scores_the_unit_sees_its_result(
    accepted, commune_set, head, office
):
    unit_head, reviewer = Client(), Client()
    login(unit_head, head)
    login(reviewer, office)

    # The head opens the year's results from the registration accepted for 2024.
    mine = unit_head.get(reverse("criteria:mine"))
    assert "Báo cáo kết quả năm 2024" in mine.content.decode()
    edit_url = unit_head.post(reverse("criteria:start", args=[accepted.pk]))["Location"]
    page = unit_head.get(edit_url)
    body = page.content.decode()
    x1, x2, x3 = (field_names(body, code) for code in ("X1", "X2", "X3"))

    # Typing the counts shows the percentage and the outcome at once.
    live = unit_head.post(
        edit_url.replace("/sua/", "/tinh/"),
        {x1["total"]: "412", x1["excluded"]: "12", x1["done"]: "350"},
    ).content.decode()
    assert "87,5%" in live and "Đạt" in live

    # Saving the figures with an evidence file, then submitting.
    target = page.context["target_forms"][0]
    saved = unit_head.post(
        edit_url,
        {
            "revision": page.context["revision"],
            x1["total"]: "412",
            x1["excluded"]: "12",
            x1["done"]: "350",
            x1["new_files"]: pdf("thong-ke-ho-so-2024.pdf"),
            x2["total"]: "120",
            x2["excluded"]: "4",
            x2["done"]: "116",
            x3["total"]: "24",
            x3["done"]: "24",
            target["achieved"].html_name: "87,5%",
        },
    )
    detail_url = saved["Location"]
    detail = unit_head.get(detail_url)
    assert "thong-ke-ho-so-2024.pdf" in detail.content.decode()
    submitted = unit_head.post(
        reverse("criteria:submit", args=[detail.context["assessment"].pk]),
        {"revision": detail.context["assessment"].revision},
    )
    assert submitted.status_code == 302

    # The office finds it in the queue with its self-score, corrects one count and scores.
    queue = reviewer.get(reverse("criteria:queue"), {"year": 2024}).content.decode()
    assert "UBND xã Lùng Vai" in queue
    review_url = reverse("criteria:review", args=[detail.context["assessment"].pk])
    review = reviewer.get(review_url)
    data = {"revision": review.context["revision"], "action": "score"}
    for form in review.context["forms"]:
        for field in form:
            if form.initial.get(field.name) not in (None, ""):
                data[field.html_name] = form.initial[field.name]
        if form.result.criterion.code == "X1":
            data[form["done"].html_name] = "348"
            data[form["reason"].html_name] = (
                "Hệ thống quản lý văn bản ghi nhận 348 hồ sơ xử lý trên mạng."
            )
    scored = reviewer.post(review_url, data)
    assert scored.status_code == 302

    # The unit sees its score, eligibility and the reviewer's reason.
    result = unit_head.get(detail_url).content.decode()
    assert '<div class="display-6 fw-semibold" id="final-score">100</div>' in result
    assert "Đủ điều kiện đề nghị khen thưởng" in result
    assert "Hệ thống quản lý văn bản ghi nhận 348 hồ sơ xử lý trên mạng." in result
    assert "87%" in result  # 348 / 400 on the reviewer's figures, still ≥ 85%
