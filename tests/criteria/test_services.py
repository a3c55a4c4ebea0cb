"""The assessment workflow, criterion sets and scoring, through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Notice, Transition, Version
from criteria import services
from criteria.models import Assessment, Criterion, CriterionSet, Evidence, Result
from criteria.scoring import Outcome
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration
from tests.factories import RegistrationFactory, UnitFactory, UserFactory
from units.models import Tier

from .helpers import COMMUNE_FIGURES, SEED, accept, fill, lines, pdf, result, review_lines

# ---------------------------------------------------------------------------
# Starting


def test_start_assessment_creates_a_line_per_criterion_and_a_row_per_target(
    accepted, commune_set, staff
):
    assessment = services.start_assessment(accepted, by=staff)

    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.criterion_set == commune_set
    assert [r.criterion.code for r in assessment.results.select_related("criterion")] == [
        "X1",
        "X2",
        "X3",
    ]
    assert [t.target.title for t in assessment.target_results.select_related("target")] == [
        "Hồ sơ công việc xử lý trên môi trường mạng",
        "Tuyên truyền chuyển đổi số tới các thôn",
    ]
    assert [t.to_state for t in Transition.objects.for_object(assessment)] == ["draft"]


def test_start_assessment_refuses_a_registration_not_yet_accepted(registration, commune_set, staff):
    with pytest.raises(services.CriteriaError, match="đã được tiếp nhận"):
        services.start_assessment(registration, by=staff)

    assert Assessment.objects.count() == 0


def test_start_assessment_refuses_another_units_member(accepted, commune_set, other_staff):
    with pytest.raises(services.CriteriaError, match="không thuộc đơn vị"):
        services.start_assessment(accepted, by=other_staff)


def test_start_assessment_refuses_a_year_without_criteria(accepted, staff):
    with pytest.raises(services.CriteriaError, match="chưa ban hành bộ tiêu chí năm 2024"):
        services.start_assessment(accepted, by=staff)


def test_start_assessment_refuses_a_tier_without_criteria(window, campaign):
    unit = UnitFactory(tier=Tier.OTHER, name="Công an huyện")
    member = UserFactory(unit=unit)
    registration = accept(RegistrationFactory(window=window, unit=unit, created_by=member))

    with pytest.raises(services.CriteriaError, match="không chấm điểm theo bộ tiêu chí"):
        services.start_assessment(registration, by=member)


def test_start_assessment_refuses_a_second_one(assessment, accepted, staff):
    with pytest.raises(services.CriteriaError):
        services.start_assessment(accepted, by=staff)

    assert Assessment.objects.count() == 1


# ---------------------------------------------------------------------------
# The unit's figures


def test_update_assessment_computes_each_line_and_the_self_score(assessment, staff):
    assessment = fill(assessment, staff, targets={})

    x1 = result(assessment, "X1")
    assert (x1.total, x1.excluded, x1.done) == (412, 12, 350)
    assert x1.self_outcome == Outcome.MET
    assert x1.self_evaluation.percent == Decimal("87.5")
    assert result(assessment, "X2").self_outcome == Outcome.MET
    assert result(assessment, "X3").excluded == 0  # X3 has no exclusions
    assert assessment.self_score == Decimal("100")
    assert Assessment.objects.get(pk=assessment.pk).self_score == Decimal("100")


def test_update_assessment_saves_the_achieved_value_of_each_target(assessment, staff):
    target_rows = {t.pk: t for t in assessment.target_results.select_related("target")}
    first = next(iter(target_rows))

    fill(assessment, staff, targets={first: {"achieved": "87,5%", "note": "Vượt mức phấn đấu"}})

    saved = assessment.target_results.get(pk=first)
    assert (saved.achieved, saved.note) == ("87,5%", "Vượt mức phấn đấu")


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"total": -5, "excluded": 0, "done": 0}, "Số liệu phải là số nguyên không âm."),
        ({"total": 412, "excluded": 12, "done": 401}, "không được lớn hơn số cần tính"),
        ({"total": 10, "excluded": 11, "done": 0}, "không được lớn hơn tổng số"),
    ],
)
def test_update_assessment_refuses_counts_that_cannot_be_right_and_changes_nothing(
    assessment, staff, figures, message
):
    revision = assessment.revision

    with pytest.raises(services.CriteriaError, match=message):
        fill(assessment, staff, figures={**COMMUNE_FIGURES, "X1": figures})

    assessment.refresh_from_db()
    assert assessment.revision == revision
    assert result(assessment, "X1").total is None
    assert result(assessment, "X2").total is None


def test_update_assessment_refuses_an_evidence_file_of_the_wrong_type(assessment, staff):
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )

    with pytest.raises(services.CriteriaError, match="không đúng định dạng"):
        fill(assessment, staff, figures={"X1": {**COMMUNE_FIGURES["X1"], "new_files": [fake]}})

    assert Evidence.objects.count() == 0
    assert result(assessment, "X1").total is None


def test_evidence_is_stored_under_a_generated_name(assessment, staff):
    fill(
        assessment,
        staff,
        figures={"X1": {**COMMUNE_FIGURES["X1"], "new_files": [pdf("Báo cáo thống kê.pdf")]}},
    )

    evidence = Evidence.objects.get()
    assert evidence.original_name == "Báo cáo thống kê.pdf"
    assert evidence.kind == "pdf"
    assert evidence.file.name.startswith("evidence/2024/xa-lung-vai/")
    assert "Báo cáo" not in evidence.file.name


def test_removed_evidence_is_kept_for_frozen_versions(assessment, staff):
    assessment = fill(
        assessment, staff, figures={"X1": {**COMMUNE_FIGURES["X1"], "new_files": [pdf()]}}
    )
    evidence = Evidence.objects.get()

    fill(
        assessment,
        staff,
        figures={"X1": {**COMMUNE_FIGURES["X1"], "remove_evidence": [evidence.pk]}},
    )

    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert Evidence.objects.active().count() == 0


def test_update_assessment_from_a_stale_page_is_refused(assessment, staff):
    stale = assessment.revision
    fill(assessment, staff)

    with pytest.raises(services.ConcurrentChangeError, match="vừa được"):
        services.update_assessment(
            assessment,
            by=staff,
            revision=stale,
            lines=lines(assessment, X1={"total": 1, "excluded": 0, "done": 1}),
        )

    assert result(assessment, "X1").total == 412


# ---------------------------------------------------------------------------
# Submitting


def test_submit_assessment_freezes_a_version_locks_the_set_and_tells_the_office(
    filled, head, office, commune_set
):
    now = datetime.datetime(2024, 12, 20, 9, tzinfo=LOCAL_TZ)

    submitted = services.submit_assessment(filled, by=head, revision=filled.revision, now=now)

    assert submitted.status == Assessment.Status.SUBMITTED
    assert submitted.first_submitted_at == now
    commune_set.refresh_from_db()
    assert commune_set.locked_at == now
    version = Version.objects.for_object(submitted).get()
    assert version.data["self_score"] == "100"
    assert [line["percent"] for line in version.data["lines"]] == ["87,5%", "100%", "100%"]
    assert (
        Notice.objects.filter(user=office).get().text
        == "UBND xã Lùng Vai đã gửi báo cáo kết quả thực hiện tiêu chí năm 2024."
    )
    assert [t.to_state for t in Transition.objects.for_object(submitted).order_by("pk")] == [
        "draft",
        "submitted",
    ]


def test_submit_assessment_is_for_the_head_only(filled, staff):
    with pytest.raises(services.CriteriaError, match="Chỉ thủ trưởng"):
        services.submit_assessment(filled, by=staff, revision=filled.revision)

    assert Assessment.objects.get().status == Assessment.Status.DRAFT


def test_submit_assessment_refuses_missing_figures(assessment, head):
    with pytest.raises(
        services.CriteriaError, match="Chưa đủ số liệu hoặc minh chứng ở tiêu chí: X1, X2, X3."
    ):
        services.submit_assessment(assessment, by=head, revision=assessment.revision)


def test_submit_assessment_refuses_a_yes_without_evidence(campaign, enterprise_set, window):
    unit = UnitFactory(tier=Tier.ENTERPRISE)
    head = UserFactory(unit=unit, head=True)
    assessment = services.start_assessment(
        accept(RegistrationFactory(window=window, unit=unit, created_by=head)), by=head
    )
    yes = {"answer": True}
    assessment = fill(
        assessment,
        head,
        figures={
            "DN1": {**yes, "new_files": [pdf()]},
            "DN2": yes,
            "DN3": {"total": 20, "excluded": 2, "done": 18},
            "DN4": {"answer": False},
        },
    )

    with pytest.raises(services.CriteriaError, match="tiêu chí: DN2."):
        services.submit_assessment(assessment, by=head, revision=assessment.revision)


def test_a_unit_cannot_edit_after_submission(submitted, staff):
    with pytest.raises(services.CriteriaError, match="Đã gửi, chờ chấm"):
        fill(submitted, staff, figures={"X1": {"total": 1, "excluded": 0, "done": 1}})

    assert result(submitted, "X1").total == 412


# ---------------------------------------------------------------------------
# Criterion sets


def test_copy_forward_creates_the_missing_sets_from_the_previous_year(
    campaign, commune_set, office
):
    created = services.copy_criterion_sets_forward(campaign, 2025, by=office)

    assert [(s.year, s.tier) for s in created] == [(2025, Tier.COMMUNE)]
    assert list(created[0].criteria.values_list("code", "threshold", "max_points")) == list(
        commune_set.criteria.values_list("code", "threshold", "max_points")
    )
    assert services.copy_criterion_sets_forward(campaign, 2025, by=office) == []


def test_only_the_office_maintains_criteria(campaign, commune_set, council):
    with pytest.raises(services.CriteriaError, match="Chỉ cơ quan thường trực phong trào mới"):
        services.copy_criterion_sets_forward(campaign, 2025, by=council)


def _rows(criterion_set):
    return [
        {name: getattr(c, name) for name in ("id", *services.CRITERION_FIELDS)}
        for c in criterion_set.criteria.all()
    ]


def test_an_unlocked_set_is_edited_and_drafts_get_the_new_line(commune_set, assessment, office):
    rows = _rows(commune_set)
    rows[0]["max_points"] = Decimal("50")
    rows.append(
        {
            "code": "X4",
            "text": "Tuyên truyền",
            "kind": "points",
            "max_points": Decimal("10"),
            "order": 4,
            "is_mandatory": False,
        }
    )

    services.update_criteria(commune_set, by=office, rows=rows)

    assert list(commune_set.criteria.values_list("code", "max_points")) == [
        ("X1", Decimal("50")),
        ("X2", Decimal("30")),
        ("X3", Decimal("30")),
        ("X4", Decimal("10")),
    ]
    assert [r.criterion.code for r in assessment.results.select_related("criterion")] == [
        "X1",
        "X2",
        "X3",
        "X4",
    ]


def test_a_ratio_criterion_needs_a_comparison_and_threshold(commune_set, office):
    rows = _rows(commune_set)
    rows[0]["comparison"] = ""

    with pytest.raises(services.CriteriaError, match="X1 \\(tỷ lệ\\) cần phép so sánh"):
        services.update_criteria(commune_set, by=office, rows=rows)


def test_a_locked_set_needs_a_new_version_and_old_assessments_keep_theirs(
    submitted, commune_set, office
):
    commune_set.refresh_from_db()
    rows = _rows(commune_set)

    with pytest.raises(services.CriteriaError, match="đã khóa"):
        services.update_criteria(commune_set, by=office, rows=rows)
    copy = services.new_criterion_set_version(commune_set, by=office)
    new_rows = _rows(copy)
    new_rows[0]["threshold"] = Decimal("90")
    services.update_criteria(copy, by=office, rows=new_rows)

    assert copy.version == 2
    assert CriterionSet.objects.latest_for(commune_set.campaign, 2024, Tier.COMMUNE) == copy
    assert Criterion.objects.get(criterion_set=commune_set, code="X1").threshold == Decimal("85")
    assert Assessment.objects.get(pk=submitted.pk).criterion_set == commune_set
    assert result(submitted, "X1").self_outcome == Outcome.MET


def test_create_criterion_set_refuses_a_tier_without_criteria(campaign):
    with pytest.raises(services.CriteriaError):
        services.create_criterion_set(campaign, 2024, Tier.OTHER, rows=SEED["tiers"]["commune"])


# ---------------------------------------------------------------------------
# Scoring


def test_scoring_a_draft_is_refused(filled, office):
    with pytest.raises(services.CriteriaError, match="Đang soạn"):
        services.score_assessment(
            filled, by=office, revision=filled.revision, lines=review_lines(filled)
        )

    assert Assessment.objects.get().final_score is None


def test_only_the_culture_office_scores(submitted, council, head):
    for actor in (council, head):
        with pytest.raises(services.CriteriaError, match="Chỉ cơ quan thường trực phong trào mới"):
            services.score_assessment(
                submitted, by=actor, revision=submitted.revision, lines=review_lines(submitted)
            )

    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_a_corrected_figure_needs_a_reason(submitted, office):
    payload = review_lines(submitted, X1={"done": 330})

    with pytest.raises(services.CriteriaError, match="X1: cần ghi lý do"):
        services.score_assessment(submitted, by=office, revision=submitted.revision, lines=payload)

    assert result(submitted, "X1").is_checked is False


def test_the_reviewers_figure_is_final(submitted, office, staff):
    reason = "Hệ thống ghi nhận 330 hồ sơ xử lý trên mạng."
    payload = review_lines(submitted, X1={"done": 330, "reason": reason})

    scored = services.score_assessment(
        submitted, by=office, revision=submitted.revision, lines=payload
    )

    x1 = result(scored, "X1")
    assert (x1.done, x1.checked_done) == (350, 330)  # the unit's figure stays visible
    assert x1.final_outcome == Outcome.NOT_MET  # 330 / 400 = 82.5 % < 85 %
    assert x1.is_corrected and x1.review_reason == reason
    assert scored.status == Assessment.Status.SCORED
    assert scored.final_score == Decimal("60")
    assert scored.is_eligible is False
    assert (
        Notice.objects.filter(user=staff)
        .get()
        .text.endswith("Tổng điểm 60; chưa đủ điều kiện đề nghị khen thưởng.")
    )


def test_confirmed_figures_make_an_eligible_unit(submitted, office):
    scored = services.score_assessment(
        submitted, by=office, revision=submitted.revision, lines=review_lines(submitted)
    )

    assert scored.final_score == Decimal("100")
    assert scored.is_eligible is True
    assert list(scored.results.values_list("final_outcome", flat=True)) == [Outcome.MET] * 3


def test_saving_a_review_keeps_the_assessment_waiting(submitted, office):
    saved = services.save_review(
        submitted, by=office, revision=submitted.revision, lines=review_lines(submitted)
    )

    assert saved.status == Assessment.Status.SUBMITTED
    assert saved.revision == submitted.revision + 1
    assert result(saved, "X2").is_checked


def test_two_reviewers_saving_the_same_revision_the_second_is_refused(submitted, office, office2):
    revision = submitted.revision
    services.save_review(
        submitted,
        by=office,
        revision=revision,
        lines=review_lines(submitted, X2={"done": 110, "reason": "Đối chiếu sổ"}),
    )

    with pytest.raises(services.ConcurrentChangeError, match="vừa được Người Dùng|vừa được"):
        services.score_assessment(
            submitted,
            by=office2,
            revision=revision,
            lines=review_lines(submitted, X2={"done": 100, "reason": "Khác"}),
        )

    x2 = result(submitted, "X2")
    assert (x2.checked_done, x2.review_reason) == (110, "Đối chiếu sổ")
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


# ---------------------------------------------------------------------------
# Returning and fixing


@pytest.fixture
def returned(submitted, office):
    x1 = result(submitted, "X1")
    return services.return_assessment(
        submitted,
        by=office,
        revision=submitted.revision,
        reason="Số liệu X1 chưa khớp hệ thống.",
        lines_to_fix={x1.pk: "Đối chiếu lại số hồ sơ mật"},
    )


def test_return_marks_the_lines_to_fix_and_tells_the_unit(returned, staff):
    assert returned.status == Assessment.Status.RETURNED
    assert list(
        Result.objects.filter(needs_fix=True).values_list("criterion__code", "fix_note")
    ) == [("X1", "Đối chiếu lại số hồ sơ mật")]
    assert (
        Transition.objects.for_object(returned).last().comment
        == "Số liệu X1 chưa khớp hệ thống.\nDòng cần sửa: X1."
    )
    assert "bị trả lại" in Notice.objects.filter(user=staff).get().text


def test_return_needs_a_reason_and_something_marked(submitted, office):
    with pytest.raises(services.CriteriaError, match="lý do"):
        services.return_assessment(
            submitted, by=office, revision=submitted.revision, reason=" ", lines_to_fix={1: ""}
        )
    with pytest.raises(services.CriteriaError, match="đánh dấu ít nhất"):
        services.return_assessment(submitted, by=office, revision=submitted.revision, reason="Sai")

    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_after_return_the_unit_changes_only_the_marked_lines(returned, staff):
    with pytest.raises(services.CriteriaError, match="X2: chỉ được sửa"):
        fill(returned, staff, figures={"X2": {"total": 120, "excluded": 4, "done": 100}})

    fixed = fill(returned, staff, figures={"X1": {"total": 412, "excluded": 20, "done": 350}})

    assert result(fixed, "X1").excluded == 20
    assert result(fixed, "X2").done == 116


def test_after_return_a_marked_evidence_file_can_be_replaced(filled, head, office, staff):
    filled = fill(
        filled,
        staff,
        figures={"X2": {**COMMUNE_FIGURES["X2"], "new_files": [pdf("so-van-ban.pdf")]}},
    )
    submitted = services.submit_assessment(filled, by=head, revision=filled.revision)
    evidence = Evidence.objects.get()
    returned = services.return_assessment(
        submitted,
        by=office,
        revision=submitted.revision,
        reason="Tệp không đọc được.",
        evidence_to_fix=[evidence.pk],
    )

    fixed = fill(
        returned,
        staff,
        figures={
            "X2": {
                **COMMUNE_FIGURES["X2"],
                "remove_evidence": [evidence.pk],
                "new_files": [pdf("so-moi.pdf")],
            }
        },
    )

    assert list(Evidence.objects.active().values_list("original_name", flat=True)) == ["so-moi.pdf"]
    assert fixed.status == Assessment.Status.RETURNED


def test_resubmission_clears_the_marks_and_keeps_the_first_version(returned, staff, head):
    fixed = fill(returned, staff, figures={"X1": {"total": 412, "excluded": 20, "done": 350}})

    again = services.submit_assessment(fixed, by=head, revision=fixed.revision)

    assert again.status == Assessment.Status.SUBMITTED
    assert Result.objects.filter(needs_fix=True).count() == 0
    first, second = Version.objects.for_object(again)
    assert (first.data["lines"][0]["excluded"], second.data["lines"][0]["excluded"]) == (12, 20)
    assert Registration.objects.get().status == Registration.Status.ACCEPTED
