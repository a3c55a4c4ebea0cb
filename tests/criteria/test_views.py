"""Every view: anonymous → login, other unit → 404, wrong role → 403, and the happy path."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.datacache import data_changed
from criteria import services
from criteria.models import Assessment, CriterionSet, Evidence
from criteria.scoring import Outcome
from tests.conftest import PDF_BYTES
from tests.factories import RegistrationFactory, WindowFactory
from units.models import Tier

from .helpers import (
    COMMUNE_FIGURES,
    SEED,
    accept,
    fill,
    login,
    pdf,
    result,
    review_lines,
    submitted_assessments,
)


def edit_data(assessment, **by_code):
    """The POST body of the edit page: every line's current figures, overridden by code."""
    data = {"revision": assessment.revision}
    for r in assessment.results.select_related("criterion"):
        values = {
            "total": r.total,
            "excluded": r.excluded,
            "done": r.done,
            "description": r.description,
        }
        values.update(by_code.get(r.criterion.code, {}))
        for name, value in values.items():
            if value is not None:
                data[f"r{r.pk}-{name}"] = value
    return data


def review_data(assessment, **by_code):
    data = {"revision": assessment.revision, "action": "score"}
    for r in assessment.results.select_related("criterion"):
        values = {"total": r.total, "excluded": r.excluded, "done": r.done, "reason": ""}
        values.update(by_code.get(r.criterion.code, {}))
        for name, value in values.items():
            if value is not None:
                data[f"c{r.pk}-{name}"] = value
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------------------
# Access


ASSESSMENT_URLS = [
    ("get", "criteria:detail"),
    ("get", "criteria:edit"),
    ("post", "criteria:compute"),
    ("post", "criteria:submit"),
    ("get", "criteria:review"),
    ("post", "criteria:review_compute"),
    ("post", "criteria:return"),
]
OTHER_URLS = [
    ("get", "criteria:mine", None),
    ("get", "criteria:queue", None),
    ("get", "criteria:results", None),
    ("get", "criteria:results_export", None),
    ("get", "criteria:sets", None),
    ("get", "criteria:home_card", None),
]


@pytest.mark.parametrize(("method", "name"), ASSESSMENT_URLS)
def test_anonymous_is_sent_to_login(client, submitted, method, name):
    url = reverse(name, args=[submitted.pk])

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("method", "name", "arg"), OTHER_URLS)
def test_anonymous_is_sent_to_login_from_lists(client, db, method, name, arg):
    response = getattr(client, method)(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "criteria:detail"),
        ("get", "criteria:edit"),
        ("post", "criteria:compute"),
        ("post", "criteria:submit"),
    ],
)
def test_another_units_member_gets_404(client, assessment, other_head, method, name):
    login(client, other_head)

    response = getattr(client, method)(
        reverse(name, args=[assessment.pk]), {"revision": assessment.revision}
    )

    assert response.status_code == 404
    assert Assessment.objects.get().status == Assessment.Status.DRAFT


def test_another_unit_cannot_download_the_evidence(client, assessment, staff, other_staff):
    fill(assessment, staff, figures={"X1": {**COMMUNE_FIGURES["X1"], "new_files": [pdf()]}})
    login(client, other_staff)

    response = client.get(reverse("criteria:evidence", args=[Evidence.objects.get().pk]))

    assert response.status_code == 404


def test_another_unit_cannot_see_a_version(client, submitted, other_staff):
    login(client, other_staff)

    assert client.get(reverse("criteria:version", args=[submitted.pk, 1])).status_code == 404


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "criteria:edit"), ("post", "criteria:compute"), ("post", "criteria:submit")],
)
def test_the_office_cannot_use_the_units_pages(client, submitted, office, method, name):
    login(client, office)

    assert getattr(client, method)(reverse(name, args=[submitted.pk])).status_code == 403


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "criteria:review"),
        ("post", "criteria:review"),
        ("post", "criteria:return"),
        ("post", "criteria:review_compute"),
    ],
)
@pytest.mark.parametrize("role", ["head", "council", "admin_user"])
def test_a_reviewer_from_the_wrong_role_is_refused(client, submitted, request, role, method, name):
    login(client, request.getfixturevalue(role))

    response = getattr(client, method)(reverse(name, args=[submitted.pk]), review_data(submitted))

    assert response.status_code == 403
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED
    assert result(submitted, "X1").is_checked is False


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("criteria:queue", "council"),
        ("criteria:queue", "staff"),
        ("criteria:results", "staff"),
        ("criteria:sets", "head"),
        ("criteria:mine", "office"),
    ],
)
def test_lists_are_refused_to_the_wrong_role(client, db, request, name, role):
    login(client, request.getfixturevalue(role))

    assert client.get(reverse(name)).status_code == 403


# ---------------------------------------------------------------------------
# The unit's pages


def test_mine_lists_accepted_years_and_offers_to_start(client, accepted, commune_set, staff):
    login(client, staff)

    response = client.get(reverse("criteria:mine"))

    assert response.status_code == 200
    assert "Báo cáo kết quả năm 2024" in response.content.decode()


def test_start_creates_the_draft_and_opens_the_entry_page(client, accepted, commune_set, staff):
    login(client, staff)

    response = client.post(reverse("criteria:start", args=[accepted.pk]))

    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("criteria:edit", args=[assessment.pk])


def test_start_without_a_criterion_set_shows_why(client, accepted, staff):
    login(client, staff)

    response = client.post(reverse("criteria:start", args=[accepted.pk]))

    assert response.status_code == 400
    assert messages_of(response) == [
        "Phòng Văn hóa và Thông tin chưa ban hành bộ tiêu chí năm 2024 cho khối “UBND xã, thị trấn”."
    ]
    assert Assessment.objects.count() == 0


def test_start_for_another_units_registration_is_404(client, accepted, commune_set, other_staff):
    login(client, other_staff)

    assert client.post(reverse("criteria:start", args=[accepted.pk])).status_code == 404


def test_edit_page_shows_each_criterion_with_its_labels(client, assessment, staff):
    login(client, staff)

    body = client.get(reverse("criteria:edit", args=[assessment.pk])).content.decode()

    assert "Tối thiểu 85% hồ sơ công việc" in body
    assert "Hồ sơ có nội dung mật (không tính)" in body
    assert "Tuyên truyền chuyển đổi số tới các thôn" in body
    assert f'name="revision" value="{assessment.revision}"' in body


def test_edit_saves_figures_evidence_and_targets(client, assessment, staff):
    login(client, staff)
    target = assessment.target_results.first()
    data = edit_data(assessment, **COMMUNE_FIGURES)
    data[f"r{result(assessment, 'X1').pk}-new_files"] = [pdf("thong-ke.pdf")]
    data[f"t{target.pk}-achieved"] = "87,5%"

    response = client.post(reverse("criteria:edit", args=[assessment.pk]), data)

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.self_score == Decimal("100")
    assert Evidence.objects.get().original_name == "thong-ke.pdf"
    assert assessment.target_results.get(pk=target.pk).achieved == "87,5%"


@pytest.mark.parametrize(
    ("x1", "message"),
    [
        ({"total": -3, "excluded": 0, "done": 0}, "Số liệu phải là số nguyên không âm."),
        ({"total": "abc", "excluded": 0, "done": 0}, "Số liệu phải là số nguyên không âm."),
        (
            {"total": 412, "excluded": 12, "done": 401},
            "Số đã thực hiện (401) không được lớn hơn số cần tính",
        ),
    ],
)
def test_edit_with_invalid_counts_is_refused_and_nothing_changes(
    client, assessment, staff, x1, message
):
    login(client, staff)

    response = client.post(
        reverse("criteria:edit", args=[assessment.pk]),
        edit_data(assessment, **{**COMMUNE_FIGURES, "X1": x1}),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert messages_of(response) == ["Chưa lưu: vui lòng sửa các ô được đánh dấu."]
    assert result(assessment, "X1").total is None
    assert result(assessment, "X2").total is None


def test_edit_with_an_evidence_file_of_the_wrong_type_is_refused(client, assessment, staff):
    login(client, staff)
    data = edit_data(assessment, **COMMUNE_FIGURES)
    data[f"r{result(assessment, 'X1').pk}-new_files"] = [SimpleUploadedFile("anh.png", PDF_BYTES)]

    response = client.post(reverse("criteria:edit", args=[assessment.pk]), data)

    assert response.status_code == 400
    assert "Tệp “anh.png” không đúng định dạng" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert result(assessment, "X1").total is None


def test_editing_after_submission_is_refused(client, submitted, staff):
    login(client, staff)

    response = client.post(
        reverse("criteria:edit", args=[submitted.pk]), edit_data(submitted, X1={"done": 1})
    )

    assert response.status_code == 400
    assert messages_of(response) == [
        "Báo cáo đã gửi không sửa được; chờ Phòng Văn hóa và Thông tin chấm."
    ]
    assert result(submitted, "X1").done == 350


def test_compute_returns_each_lines_percentage_and_outcome_as_the_unit_types(
    client, assessment, staff
):
    login(client, staff)
    x1 = result(assessment, "X1")

    response = client.post(
        reverse("criteria:compute", args=[assessment.pk]),
        {f"r{x1.pk}-total": "412", f"r{x1.pk}-excluded": "12", f"r{x1.pk}-done": "350"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    line = body.split(f'id="calc-{x1.pk}"')[1].split('id="calc-')[0]
    assert "87,5%" in line and "Đạt" in line and "40 điểm" in line
    assert '<span id="self-score" hx-swap-oob="true">40</span>' in body
    assert result(assessment, "X1").total is None  # computing saves nothing


def test_compute_explains_inconsistent_counts(client, assessment, staff):
    login(client, staff)
    x1 = result(assessment, "X1")

    response = client.post(
        reverse("criteria:compute", args=[assessment.pk]),
        {f"r{x1.pk}-total": "10", f"r{x1.pk}-excluded": "2", f"r{x1.pk}-done": "9"},
    )

    assert (
        "Số đã thực hiện (9) không được lớn hơn số cần tính (tổng số trừ số loại trừ = 8)."
        in response.content.decode()
    )


def test_submit_by_the_head_sends_the_results(client, filled, head):
    login(client, head)

    response = client.post(
        reverse("criteria:submit", args=[filled.pk]), {"revision": filled.revision}
    )

    assert response.status_code == 302
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_submit_by_staff_is_forbidden(client, filled, staff):
    login(client, staff)

    response = client.post(
        reverse("criteria:submit", args=[filled.pk]), {"revision": filled.revision}
    )

    assert response.status_code == 403
    assert Assessment.objects.get().status == Assessment.Status.DRAFT


def test_submit_with_missing_figures_shows_which(client, assessment, head):
    login(client, head)

    response = client.post(
        reverse("criteria:submit", args=[assessment.pk]), {"revision": assessment.revision}
    )

    assert response.status_code == 400
    assert messages_of(response) == ["Chưa đủ số liệu hoặc minh chứng ở tiêu chí: X1, X2, X3."]


def test_detail_shows_the_units_figures_and_hides_the_review_until_scored(
    client, submitted, staff, office
):
    services.save_review(
        submitted,
        by=office,
        revision=submitted.revision,
        lines=review_lines(submitted, X1={"done": 300, "reason": "Nháp"}),
    )
    login(client, staff)

    body = client.get(reverse("criteria:detail", args=[submitted.pk])).content.decode()

    assert "87,5%" in body
    assert "Nháp" not in body
    assert "Số liệu chấm" not in body


def test_version_page_shows_what_was_sent(client, submitted, staff):
    login(client, staff)

    body = client.get(reverse("criteria:version", args=[submitted.pk, 1])).content.decode()

    assert "Bản gửi lần 1 – kết quả thực hiện tiêu chí năm 2024" in body
    assert "87,5%" in body


def test_evidence_is_downloaded_through_the_access_check(client, assessment, staff, office):
    fill(
        assessment,
        staff,
        figures={"X1": {**COMMUNE_FIGURES["X1"], "new_files": [pdf("Thống kê.pdf")]}},
    )
    login(client, office)

    response = client.get(reverse("criteria:evidence", args=[Evidence.objects.get().pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]


# ---------------------------------------------------------------------------
# The office's pages


def test_queue_lists_submitted_results_by_tier_with_the_self_score(client, submitted, office):
    login(client, office)

    response = client.get(reverse("criteria:queue"), {"year": 2024})

    commune = next(block for block in response.context["tiers"] if block["tier"] == Tier.COMMUNE)
    assert [a.unit.name for a in commune["waiting"]] == ["UBND xã Lùng Vai"]
    assert "Báo cáo kết quả chờ chấm năm 2024" in response.content.decode()


def test_queue_query_count_does_not_grow_with_units(
    client,
    campaign,
    commune_set,
    office,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    login(client, office)
    submitted_assessments(campaign, 1)
    client.get(reverse("criteria:queue"), {"year": 2024})  # warm the session and content types
    with django_capture_on_commit_callbacks(execute=True):
        data_changed()  # the queue is computed again, as after any change

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("criteria:queue"), {"year": 2024})
    with django_capture_on_commit_callbacks(execute=True):  # the submissions commit
        submitted_assessments(campaign, 2)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("criteria:queue"), {"year": 2024})
    with django_assert_num_queries(len(one.captured_queries) - 2):  # kept: not read again
        client.get(reverse("criteria:queue"), {"year": 2024})

    assert sum(len(block["waiting"]) for block in response.context["tiers"]) == 3
    assert len(one.captured_queries) <= 6


def test_the_queue_is_kept_once_per_change_of_the_data(
    client, filled, head, office, django_capture_on_commit_callbacks
):
    login(client, office)

    def queue():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("criteria:queue"), {"year": 2024}).content.decode()
        return page.split("<h1")[1], len(captured)  # not the nonces

    drafted, first_queries = queue()
    again, cached_queries = queue()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.submit_assessment(filled, by=head, revision=filled.revision)
    waiting, _queries = queue()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_assessment(
            sent, by=office, revision=sent.revision, reason="Thiếu số liệu", targets_need_fix=True
        )
    returned, _queries = queue()

    # The second view reads neither the waiting results nor the counts again.
    assert again == drafted and cached_queries == first_queries - 2
    assert "Đang soạn: 1" in drafted and "UBND xã Lùng Vai" not in drafted
    assert "Chờ chấm: 1" in waiting and "UBND xã Lùng Vai" in waiting
    assert "Bị trả lại: 1" in returned and "UBND xã Lùng Vai" not in returned


def test_review_page_is_prefilled_with_the_units_figures(client, submitted, office):
    login(client, office)

    response = client.get(reverse("criteria:review", args=[submitted.pk]))

    body = response.content.decode()
    assert f'name="c{result(submitted, "X1").pk}-done" value="350"' in body
    assert f'name="revision" value="{submitted.revision}"' in body


def test_scoring_with_a_correction_and_reason(client, submitted, office):
    login(client, office)
    data = review_data(submitted, X1={"done": 330, "reason": "Hệ thống ghi nhận 330."})

    response = client.post(reverse("criteria:review", args=[submitted.pk]), data)

    assert response.status_code == 302
    scored = Assessment.objects.get()
    assert (scored.status, scored.final_score, scored.is_eligible) == (
        Assessment.Status.SCORED,
        Decimal("60"),
        False,
    )


def test_scoring_a_correction_without_reason_is_refused(client, submitted, office):
    login(client, office)

    response = client.post(
        reverse("criteria:review", args=[submitted.pk]), review_data(submitted, X1={"done": 330})
    )

    assert response.status_code == 400
    assert messages_of(response) == [
        "Chưa lưu được kết quả chấm: X1: cần ghi lý do khi điều chỉnh số liệu của đơn vị (đơn vị sẽ thấy lý do này)."
    ]
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_scoring_a_draft_is_refused_with_a_message(client, filled, office):
    login(client, office)

    response = client.post(reverse("criteria:review", args=[filled.pk]), review_data(filled))

    assert response.status_code == 400
    assert messages_of(response) == ["Báo cáo đang ở trạng thái “Đang soạn”, chưa chấm được."]
    assert Assessment.objects.get().final_score is None


def test_review_with_a_negative_count_is_refused(client, submitted, office):
    login(client, office)

    response = client.post(
        reverse("criteria:review", args=[submitted.pk]),
        review_data(submitted, X2={"done": -1, "reason": "x"}),
    )

    assert response.status_code == 400
    assert "Số liệu phải là số nguyên không âm." in response.content.decode()
    assert result(submitted, "X2").is_checked is False


def test_review_compute_shows_the_effect_of_a_correction(client, submitted, office):
    login(client, office)
    x1 = result(submitted, "X1")

    response = client.post(
        reverse("criteria:review_compute", args=[submitted.pk]),
        {f"c{x1.pk}-total": "412", f"c{x1.pk}-excluded": "12", f"c{x1.pk}-done": "330"},
    )

    line = response.content.decode().split(f'id="review-calc-{x1.pk}"')[1].split("</div>\n")[0]
    assert "82,5%" in line


def test_return_marks_lines_and_the_unit_sees_them(client, submitted, office, staff):
    login(client, office)
    x1 = result(submitted, "X1")

    response = client.post(
        reverse("criteria:return", args=[submitted.pk]),
        {
            "revision": submitted.revision,
            "reason": "Số liệu chưa khớp.",
            f"fix_{x1.pk}": "on",
            f"note_{x1.pk}": "Bổ sung thống kê",
        },
    )

    assert response.status_code == 302
    login(client, staff)
    body = client.get(reverse("criteria:detail", args=[submitted.pk])).content.decode()
    assert "Số liệu chưa khớp." in body
    assert "Dòng X1 cần sửa: Bổ sung thống kê" in body


def test_return_without_reason_is_refused(client, submitted, office):
    login(client, office)
    x1 = result(submitted, "X1")

    response = client.post(
        reverse("criteria:return", args=[submitted.pk]),
        {"revision": submitted.revision, f"fix_{x1.pk}": "on"},
    )

    assert response.status_code == 400
    assert messages_of(response) == ["Cần ghi rõ lý do trả lại để đơn vị sửa."]
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


# ---------------------------------------------------------------------------
# Results


def test_results_rank_units_and_highlight_the_eligible(
    client, campaign, commune_set, office, council
):
    submitted_assessments(
        campaign, 3, score=True, office=office, x1_done=(350, 340, 330)
    )  # 87.5 / 85 / 82.5 %
    login(client, council)

    response = client.get(reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE})

    rows = response.context["results"].rows
    assert [(row.rank, row.score, row.is_eligible) for row in rows] == [
        (1, Decimal("100"), True),
        (1, Decimal("100"), True),
        (3, Decimal("60"), False),
    ]
    assert response.content.decode().count('class="table-success"') == 2


def test_results_are_paginated_with_ranks_and_shares_of_the_whole_tier(
    client, campaign, commune_set, office, monkeypatch
):
    monkeypatch.setattr("criteria.views.RESULTS_PER_PAGE", 2)
    submitted_assessments(campaign, 3, score=True, office=office, x1_done=(350, 340, 330))
    login(client, office)

    response = client.get(
        reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE, "page": 2}
    )

    results = response.context["results"]
    assert [(row.rank, row.score) for row in results.rows] == [(3, Decimal("60"))]
    assert (results.scored_count, results.eligible_count) == (3, 2)
    assert [(s.criterion.code, s.met, s.scored) for s in results.shares][0] == ("X1", 2, 3)
    assert "Trang 2/2" in response.content.decode()


def test_results_query_count_does_not_grow_with_units(
    client,
    campaign,
    commune_set,
    office,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    login(client, office)
    submitted_assessments(campaign, 1, score=True, office=office)
    client.get(reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE})
    with django_capture_on_commit_callbacks(execute=True):
        data_changed()  # both counted requests compute the tier's figures (core.datacache)

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE})
    with django_capture_on_commit_callbacks(execute=True):  # the scorings commit
        submitted_assessments(campaign, 2, score=True, office=office)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE})

    assert len(response.context["results"].rows) == 3
    assert response.context["results"].totals["scored"] == 3  # fresh after the commits
    # Session, user, notices, the years, then the page's eight (criteria.queries).
    assert len(one.captured_queries) <= 12


def test_results_export_is_the_score_sheet(client, campaign, commune_set, office):
    submitted_assessments(campaign, 2, score=True, office=office)
    login(client, office)

    response = client.get(reverse("criteria:results_export"), {"year": 2024, "tier": Tier.COMMUNE})

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2024"
    assert rows[3][:4] == ("Hạng", "Đơn vị", "X1 (≥ 85%)", "X1 – điểm")
    assert rows[4][0] == 1 and rows[4][2] == "87,5% – Đạt" and rows[4][-2:] == (100, "Có")
    assert rows[5][2] == "82,5% – Không đạt" and rows[5][-2:] == (60, "Không")
    assert rows[6][1:3] == ("Tỷ lệ đơn vị đạt", "1/2 (50%)")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ket-qua-cham-diem-2024-ubnd-xa-thi-tran.xlsx"'
    )


def _sheet_rows(client):
    response = client.get(reverse("criteria:results_export"), {"year": 2024, "tier": Tier.COMMUNE})
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    return rows[4:-1]  # the units' rows, between the header and the shares


def test_the_score_sheet_ranks_like_the_results_page_with_ties_and_no_unscored_unit(
    client, campaign, commune_set, office
):
    submitted_assessments(campaign, 4, score=True, office=office, x1_done=(350, 330, 340, 320))
    submitted_assessments(campaign, 1, score=False, office=office)  # submitted, not scored
    login(client, office)

    page = client.get(reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE})
    sheet = _sheet_rows(client)

    scored = [row for row in page.context["results"].rows if row.is_scored]
    assert [(r[0], r[1], r[-2]) for r in sheet] == [
        (row.rank, row.unit_name, int(row.score)) for row in scored
    ]
    assert sorted((r[0], r[2], r[3]) for r in sheet) == [
        (1, "85% – Đạt", 40),
        (1, "87,5% – Đạt", 40),
        (3, "80% – Không đạt", 0),
        (3, "82,5% – Không đạt", 0),
    ]


def test_the_results_page_shows_a_new_score_at_once_though_its_table_is_cached(
    client, campaign, commune_set, office
):
    # Nothing commits here, so the cache's generation does not move: the table's key
    # follows the tier's assessments (their count and revisions).
    login(client, office)
    submitted_assessments(campaign, 1, score=True, office=office)
    query = {"year": 2024, "tier": Tier.COMMUNE}
    first = client.get(reverse("criteria:results"), query).content.decode()
    again = client.get(reverse("criteria:results"), query).content.decode()

    (submitted,) = submitted_assessments(campaign, 1, office=office)
    waiting = client.get(reverse("criteria:results"), query).content.decode()
    services.score_assessment(
        submitted, by=office, revision=submitted.revision, lines=review_lines(submitted)
    )
    scored = client.get(reverse("criteria:results"), query).content.decode()

    def rows(page):
        return page.split('id="results"')[1].split("</tbody>")[0].count("<tr")

    assert (rows(first), rows(again), rows(waiting), rows(scored)) == (2, 2, 2, 3)  # head + rows
    assert "Chưa chấm xong" not in first and "Chưa chấm xong" in waiting
    assert "Chưa chấm xong" not in scored


def test_the_score_sheet_query_count_does_not_grow_with_units(
    client, campaign, commune_set, office, django_assert_num_queries
):
    login(client, office)
    submitted_assessments(campaign, 1, score=True, office=office)
    with CaptureQueriesContext(connection) as one:
        assert len(_sheet_rows(client)) == 1
    submitted_assessments(campaign, 3, score=True, office=office)

    with django_assert_num_queries(len(one.captured_queries)):
        assert len(_sheet_rows(client)) == 4


def test_the_unit_sees_its_score_and_the_reviewers_reason(client, submitted, office, staff):
    services.score_assessment(
        submitted,
        by=office,
        revision=submitted.revision,
        lines=review_lines(submitted, X1={"done": 330, "reason": "Hệ thống ghi nhận 330."}),
    )
    login(client, staff)

    body = client.get(reverse("criteria:detail", args=[submitted.pk])).content.decode()

    assert '<div class="display-6 fw-semibold" id="final-score">60</div>' in body
    assert "Chưa đủ điều kiện đề nghị khen thưởng" in body
    assert "Hệ thống ghi nhận 330." in body
    assert result(submitted, "X1").final_outcome == Outcome.NOT_MET


# ---------------------------------------------------------------------------
# Criterion sets


def test_sets_page_lists_each_year_and_tier(client, commune_set, council):
    login(client, council)

    response = client.get(reverse("criteria:sets"))

    assert response.status_code == 200
    assert "v1: 3 tiêu chí" in response.content.decode()


def test_office_copies_sets_forward(client, commune_set, office):
    login(client, office)

    response = client.post(reverse("criteria:sets"), {"year": 2025})

    assert response.status_code == 302
    assert CriterionSet.objects.filter(year=2025, tier=Tier.COMMUNE).count() == 1


def test_council_cannot_copy_sets(client, commune_set, council):
    login(client, council)

    assert client.post(reverse("criteria:sets"), {"year": 2025}).status_code == 403
    assert CriterionSet.objects.count() == 1


def test_office_edits_an_unlocked_set(client, commune_set, office):
    login(client, office)
    formset = client.get(reverse("criteria:set", args=[commune_set.pk])).context["formset"]
    data = {
        "criteria-TOTAL_FORMS": 3,
        "criteria-INITIAL_FORMS": 3,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 40,
    }
    for index, initial in enumerate(formset.initial):
        for name, value in initial.items():
            if value not in (None, False):
                data[f"criteria-{index}-{name}"] = value
    data["criteria-0-threshold"] = "80"

    response = client.post(reverse("criteria:set", args=[commune_set.pk]), data)

    assert response.status_code == 302
    assert commune_set.criteria.get(code="X1").threshold == Decimal("80")
    assert commune_set.criteria.get(code="X1").is_mandatory is True


def test_a_locked_set_shows_no_editor_and_offers_a_new_version(
    client, submitted, commune_set, office
):
    login(client, office)

    response = client.get(reverse("criteria:set", args=[commune_set.pk]))
    new = client.post(reverse("criteria:set_new_version", args=[commune_set.pk]))

    assert response.context["formset"] is None
    assert "Tạo phiên bản mới để thay đổi" in response.content.decode()
    assert new.status_code == 302
    assert CriterionSet.objects.get(version=2).is_locked is False


def test_home_card_shows_the_units_result_and_the_offices_queue(client, submitted, staff, office):
    login(client, staff)
    unit_card = client.get(reverse("criteria:home_card")).content.decode()
    login(client, office)
    office_card = client.get(reverse("criteria:home_card")).content.decode()

    assert "Kết quả thực hiện tiêu chí năm 2024" in unit_card and "Đã gửi, chờ chấm" in unit_card
    assert "1 báo cáo đang chờ chấm." in office_card


def test_mine_query_count_does_not_grow_with_years(
    client, campaign, unit, staff, django_assert_num_queries
):
    login(client, staff)

    def accepted_year(year):
        window = WindowFactory(campaign=campaign, year=year)
        registration = accept(RegistrationFactory(window=window, unit=unit, created_by=staff))
        services.create_criterion_set(campaign, year, Tier.COMMUNE, rows=SEED["tiers"]["commune"])
        services.start_assessment(registration, by=staff)

    accepted_year(2022)
    client.get(reverse("criteria:mine"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("criteria:mine"))
    accepted_year(2023)
    accepted_year(2024)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("criteria:mine"))

    assert [r["year"] for r in response.context["registrations"]] == [2024, 2023, 2022]


def test_sets_query_count_does_not_grow_with_sets(
    client, campaign, office, django_assert_num_queries
):
    login(client, office)
    services.create_criterion_set(campaign, 2022, Tier.COMMUNE, rows=SEED["tiers"]["commune"])
    client.get(reverse("criteria:sets"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("criteria:sets"))
    services.copy_criterion_sets_forward(campaign, 2023, by=office)
    services.copy_criterion_sets_forward(campaign, 2024, by=office)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("criteria:sets"))

    assert response.content.decode().count("v1: 3 tiêu chí") == 3


def test_the_lines_table_kept_for_a_locked_set_follows_each_saved_review(client, submitted, office):
    login(client, office)
    url = reverse("criteria:detail", args=[submitted.pk])
    before = client.get(url).content.decode()

    services.save_review(
        submitted,
        by=office,
        revision=submitted.revision,
        lines=review_lines(submitted, X1={"done": 330, "reason": "Hệ thống ghi nhận 330."}),
    )
    after = client.get(url).content.decode()

    assert CriterionSet.objects.get(pk=submitted.criterion_set_id).is_locked
    assert "Hệ thống ghi nhận 330." not in before
    assert "Hệ thống ghi nhận 330." in after
