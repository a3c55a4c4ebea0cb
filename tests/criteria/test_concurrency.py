"""Two reviewers, two browser sessions, one assessment: the second save is refused, not lost."""

from django.test import Client
from django.urls import reverse

from criteria.models import Assessment

from .helpers import login, result


def review_post(page, **by_code):
    """What the reviewer's browser posts: the form as loaded (its revision), with edits."""
    data = {"revision": page.context["revision"], "action": "save"}
    for form in page.context["forms"]:
        for field in form:
            value = form.initial.get(field.name)
            if value not in (None, ""):
                data[field.html_name] = value
        for name, value in by_code.get(form.result.criterion.code, {}).items():
            data[form[name].html_name] = value
    return data


def test_the_second_reviewer_saving_a_stale_page_is_refused_with_a_message(
    submitted, office, office2
):
    first, second = Client(), Client()
    login(first, office)
    login(second, office2)
    url = reverse("criteria:review", args=[submitted.pk])
    page_one, page_two = first.get(url), second.get(url)

    saved = first.post(
        url, review_post(page_one, X1={"done": 340, "reason": "Đối chiếu hệ thống: 340."})
    )
    refused = second.post(
        url, review_post(page_two, X1={"done": 300, "reason": "Theo sổ theo dõi: 300."})
    )

    assert saved.status_code == 302
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Báo cáo vừa được Lê Văn Chấm" not in body  # the first reviewer is named, not the second
    assert f"Báo cáo vừa được {office.full_name} cập nhật lúc" in body
    assert "Thay đổi của bạn chưa được lưu" in body
    x1 = result(submitted, "X1")
    assert (x1.checked_done, x1.review_reason) == (340, "Đối chiếu hệ thống: 340.")
    # What the second reviewer typed is still on the page, beside what is saved now.
    assert f'name="c{x1.pk}-done" value="300"' in body
    assert "Theo sổ theo dõi: 300." in body
    assert "Đang lưu (do người khác vừa cập nhật):" in body


def test_after_the_conflict_the_second_reviewer_can_save_deliberately(submitted, office, office2):
    first, second = Client(), Client()
    login(first, office)
    login(second, office2)
    url = reverse("criteria:review", args=[submitted.pk])
    page_one, page_two = first.get(url), second.get(url)
    first.post(url, review_post(page_one, X1={"done": 340, "reason": "Đối chiếu hệ thống: 340."}))
    refused = second.post(
        url, review_post(page_two, X1={"done": 300, "reason": "Theo sổ theo dõi: 300."})
    )

    again = second.post(
        url,
        {
            **review_post(page_two, X1={"done": 300, "reason": "Theo sổ theo dõi: 300."}),
            "revision": refused.context["revision"],
        },
    )

    assert again.status_code == 302
    assert result(submitted, "X1").checked_done == 300


def test_scoring_and_returning_at_once_only_one_wins(submitted, office, office2):
    first, second = Client(), Client()
    login(first, office)
    login(second, office2)
    url = reverse("criteria:review", args=[submitted.pk])
    page_one, page_two = first.get(url), second.get(url)
    x1 = result(submitted, "X1")

    scored = first.post(url, {**review_post(page_one), "action": "score"})
    returned = second.post(
        reverse("criteria:return", args=[submitted.pk]),
        {
            "revision": page_two.context["revision"],
            "reason": "Thiếu minh chứng",
            f"fix_{x1.pk}": "on",
        },
    )

    assert scored.status_code == 302
    assert returned.status_code == 400
    assert "Báo cáo đang ở trạng thái “Đã chấm”" in returned.content.decode()
    assert Assessment.objects.get().status == Assessment.Status.SCORED
