"""The public page of issued award decisions (issue 15)."""

import datetime

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import AwardDecision
from tests.markup import holds

from .conftest import decision_data


@pytest.fixture
def issued(decision, council):
    return services.issue_decision(decision, by=council)


def test_the_page_is_public_and_lists_each_decision_with_its_awardee_count(client, issued):
    response = client.get(reverse("public_decisions"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định số 12/QĐ-UBND ngày 20/01/2025" in text
    assert "Chủ tịch Lương Văn Thành" in text
    assert "Danh sách khen thưởng (2)" in text
    assert f'href="{reverse("public_decision_detail", args=[issued.pk])}"' in text
    assert reverse("public_decision_pdf", args=[issued.pk]) in text
    assert "Lò Văn Thắng" not in text  # the awardees are on the decision's page


def test_the_decision_page_lists_its_awardees(client, issued):
    response = client.get(reverse("public_decision_detail", args=[issued.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định số 12/QĐ-UBND ngày 20/01/2025" in text
    assert "12/QĐ-UBND: 2 tập thể, cá nhân" in text
    form = "Giấy khen của Chủ tịch UBND huyện"
    assert holds(
        text,
        f"<tr><td>1</td><td>UBND xã Lùng Vai</td><td>—</td><td>UBND xã Lùng Vai</td>"
        f"<td>{form}</td></tr>"
        f"<tr><td>2</td><td>Lò Văn Thắng</td><td>Công chức Văn phòng – Thống kê</td>"
        f"<td>UBND xã Lùng Vai</td><td>{form}</td></tr>",
    )


def test_a_draft_decision_has_no_public_page(client, decision):
    response = client.get(reverse("public_decision_detail", args=[decision.pk]))

    assert response.status_code == 404


def test_the_list_filters_by_year(client, issued, council):
    AwardDecision.objects.create(
        meeting=issued.meeting,
        award_form=issued.award_form,
        created_by=council,
        status=AwardDecision.Status.ISSUED,
        **decision_data(number="7/QĐ-UBND", decided_on=datetime.date(2024, 12, 30)),
    )

    every = client.get(reverse("public_decisions")).context["decisions"]
    of_2024 = client.get(reverse("public_decisions"), {"nam": "2024"}).context["decisions"]

    assert [d["number"] for d in every] == ["12/QĐ-UBND", "7/QĐ-UBND"]
    assert [(d["number"], d["awardee_count"]) for d in of_2024] == [("7/QĐ-UBND", 0)]


# Not "page": pytest-playwright's fixture of that name would make this a browser test
# (parametrized by browser), and pytest would then move every browser test in among the
# database tests, whose migrations' rows the browser tests' flushes remove.
@pytest.mark.parametrize("url_name", ["public_decisions", "public_decision_detail"])
def test_the_pages_show_no_other_personal_data(client, issued, url_name):
    args = [issued.pk] if url_name == "public_decision_detail" else []
    text = client.get(reverse(url_name, args=args)).content.decode()

    for private in ("12/03/1985", "1985", "Tày", "Đại học", "Quỹ Thi đua"):
        assert private not in text


def test_a_draft_decision_is_not_published(client, decision):
    response = client.get(reverse("public_decisions"))

    assert response.context["decisions"] == []
    assert "Chưa có quyết định khen thưởng nào được ban hành." in response.content.decode()


def test_the_honour_roll_links_to_the_decisions(client, issued):
    response = client.get(reverse("honour_roll"))

    assert f'href="{reverse("public_decisions")}"' in response.content.decode()


@pytest.mark.parametrize("who", ["staff", "office", "council"])
def test_signed_in_users_see_the_same_page(client, request, issued, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("public_decisions"))

    assert len(response.context["decisions"]) == 1


def test_query_count_does_not_grow_with_decisions(
    client, issued, council, django_assert_max_num_queries
):
    def more(count):
        for index in range(count):
            AwardDecision.objects.create(
                meeting=issued.meeting,
                award_form=issued.award_form,
                created_by=council,
                status=AwardDecision.Status.ISSUED,
                **decision_data(
                    number=f"{30 + index}/QĐ-UBND", decided_on=datetime.date(2025, 1, 21)
                ),
            )

    with django_assert_max_num_queries(3) as one:
        client.get(reverse("public_decisions"))
    more(2)
    with django_assert_max_num_queries(3) as three:
        response = client.get(reverse("public_decisions"))

    assert len(response.context["decisions"]) == 3
    assert len(one.captured_queries) == len(three.captured_queries)


def test_the_decision_page_reads_a_page_of_awardees_in_two_queries(
    client, issued, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the decision with its count, a page of awardees
        response = client.get(reverse("public_decision_detail", args=[issued.pk]))
    with django_assert_num_queries(0):  # fixed once issued: then read from the cache
        again = client.get(reverse("public_decision_detail", args=[issued.pk]))

    assert response.content.decode().count("<td>Lò Văn Thắng</td>") == 1

    def table(page):
        html = page.content.decode()
        return html[html.index("<table") : html.index("</table>")]

    assert table(again) == table(response)
