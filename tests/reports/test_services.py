import datetime

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.utils import timezone

from core.models import Notice, Transition, Version
from criteria import services as criteria_services
from registrations.models import Registration
from reports import services
from reports.models import (
    PeriodicReport,
    PeriodKind,
    ReportingPeriod,
    ReportTarget,
    SummaryIssue,
    SummaryKind,
    SummaryReport,
)

from ..factories import RegistrationFactory, TargetFactory, UnitFactory
from .conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date
FIGURES = {
    "communication_activities": 6,
    "training_sessions": 2,
    "people_trained": 45,
    "platforms_deployed": 1,
    "online_services": 3,
    "models_initiatives": 1,
}
NARRATIVE = {
    "results_text": "Tổ chức 6 buổi tuyên truyền.",
    "difficulties_text": "",
    "proposals_text": "",
}


def filled(report, by):
    return services.update_periodic_report(
        report, by=by, figures=FIGURES, narrative=NARRATIVE, targets={}
    )


# --- periods -------------------------------------------------------------------------


def test_ensure_periods_creates_six_month_and_annual_periods_with_the_decree_cut_off_dates(
    campaign,
):
    created = services.ensure_periods(campaign)

    assert len(created) == 8
    six = ReportingPeriod.objects.get(campaign=campaign, year=2023, kind=PeriodKind.SIX_MONTH)
    assert (six.starts_on, six.ends_on, six.due_on) == (
        D(2022, 12, 15),
        D(2023, 6, 14),
        D(2023, 6, 20),
    )
    annual = ReportingPeriod.objects.get(campaign=campaign, year=2023, kind=PeriodKind.ANNUAL)
    assert (annual.ends_on, annual.due_on) == (D(2023, 12, 14), D(2023, 12, 20))


def test_ensure_periods_keeps_edited_periods(campaign, annual):
    annual.due_on = D(2024, 12, 28)
    annual.save()

    created = services.ensure_periods(campaign)

    assert len(created) == 7
    annual.refresh_from_db()
    assert annual.due_on == D(2024, 12, 28)


def test_update_period_is_refused_to_units_and_checks_the_dates(annual, head, office):
    with pytest.raises(services.ReportError):
        services.update_period(
            annual,
            by=head,
            starts_on=annual.starts_on,
            ends_on=annual.ends_on,
            due_on=D(2025, 1, 5),
        )
    with pytest.raises(services.ReportError, match="sau ngày bắt đầu"):
        services.update_period(
            annual,
            by=office,
            starts_on=D(2024, 12, 1),
            ends_on=D(2024, 11, 1),
            due_on=D(2025, 1, 5),
        )

    services.update_period(
        annual, by=office, starts_on=annual.starts_on, ends_on=annual.ends_on, due_on=D(2025, 1, 5)
    )

    annual.refresh_from_db()
    assert annual.due_on == D(2025, 1, 5)


# --- start: pre-filled -----------------------------------------------------------------


def test_start_periodic_report_copies_the_targets_of_the_years_registration(
    annual, window, unit, staff
):
    registration = RegistrationFactory(
        window=window, unit=unit, status=Registration.Status.ACCEPTED
    )
    TargetFactory(
        registration=registration,
        title="Tổ công nghệ số cộng đồng",
        target_value="100% thôn",
        product="Quyết định",
    )

    report = services.start_periodic_report(annual, by=staff)

    assert report.status == PeriodicReport.Status.DRAFT
    assert [(t.title, t.target_value, t.product, t.progress) for t in report.targets.all()] == [
        ("Tổ công nghệ số cộng đồng", "100% thôn", "Quyết định", ReportTarget.Progress.IN_PROGRESS)
    ]
    assert Transition.objects.for_object(report).get().to_state == "draft"


def test_start_annual_report_takes_the_six_month_figures_and_results(
    annual, six_month, window, unit, staff
):
    registration = RegistrationFactory(
        window=window, unit=unit, status=Registration.Status.SUBMITTED
    )
    target = TargetFactory(registration=registration)
    earlier = services.start_periodic_report(six_month, by=staff)
    line = earlier.targets.get()
    services.update_periodic_report(
        earlier,
        by=staff,
        figures=FIGURES,
        narrative=NARRATIVE,
        targets={line.pk: {"achieved": "87%", "progress": ReportTarget.Progress.MET}},
    )

    report = services.start_periodic_report(annual, by=staff)

    assert report.people_trained == 45 and report.results_text == "Tổ chức 6 buổi tuyên truyền."
    assert [(t.target_id, t.achieved, t.progress) for t in report.targets.all()] == [
        (target.pk, "87%", "met")
    ]


def test_start_takes_what_the_unit_achieved_from_its_self_assessment(
    annual, six_month, window, unit, staff, commune_set
):
    registration = RegistrationFactory(
        window=window, unit=unit, status=Registration.Status.ACCEPTED
    )
    first, second = (
        TargetFactory(registration=registration, order=1),
        TargetFactory(registration=registration, order=2),
    )
    earlier = services.start_periodic_report(six_month, by=staff)
    services.update_periodic_report(
        earlier,
        by=staff,
        figures=FIGURES,
        narrative=NARRATIVE,
        targets={
            line.pk: {"achieved": f"6 tháng: {line.order}", "progress": "in_progress"}
            for line in earlier.targets.all()
        },
    )
    assessment = criteria_services.start_assessment(registration, by=staff)
    target_result = assessment.target_results.get(target=first)
    criteria_services.update_assessment(
        assessment,
        by=staff,
        revision=assessment.revision,
        lines={},
        targets={target_result.pk: {"achieved": "92% hồ sơ xử lý trực tuyến"}},
    )

    report = services.start_periodic_report(annual, by=staff)

    assert [(t.target_id, t.achieved) for t in report.targets.all()] == [
        (first.pk, "92% hồ sơ xử lý trực tuyến"),  # the year's self-assessment wins
        (second.pk, "6 tháng: 2"),  # nothing assessed: the 6-month result stays
    ]


def test_start_ignores_targets_of_a_registration_never_sent(annual, window, unit, staff):
    TargetFactory(registration=RegistrationFactory(window=window, unit=unit))

    report = services.start_periodic_report(annual, by=staff)

    assert report.targets.count() == 0


def test_start_is_refused_to_the_office_to_a_second_report_and_to_a_unit_gone(
    annual, unit, staff, office
):
    with pytest.raises(services.ReportError):
        services.start_periodic_report(annual, by=office)
    services.start_periodic_report(annual, by=staff)
    with pytest.raises(services.ReportError, match="đã có báo cáo"):
        services.start_periodic_report(annual, by=staff)
    unit.valid_to = D(2023, 1, 1)
    unit.save()
    six = ReportingPeriod.objects.create(
        campaign=annual.campaign,
        year=2024,
        kind=PeriodKind.SIX_MONTH,
        starts_on=D(2023, 12, 15),
        ends_on=D(2024, 6, 14),
        due_on=D(2024, 6, 20),
    )
    with pytest.raises(services.ReportError, match="không hoạt động"):
        services.start_periodic_report(six, by=staff)


# --- update and submit -----------------------------------------------------------------


def test_update_changes_only_the_actors_own_lines_and_normalises_text(annual, staff, other_staff):
    report = services.start_periodic_report(annual, by=staff)
    line = ReportTarget.objects.create(report=report, title="Chỉ tiêu")
    other = services.start_periodic_report(annual, by=other_staff)
    other_line = ReportTarget.objects.create(report=other, title="Khác", achieved="giữ nguyên")

    services.update_periodic_report(
        report,
        by=staff,
        figures=FIGURES,
        narrative={**NARRATIVE, "results_text": "Ke\u0302\u0301t qua\u0309"},  # NFD input
        targets={
            line.pk: {"achieved": "xong", "progress": "met"},
            other_line.pk: {"achieved": "x", "progress": "met"},
        },
    )

    report.refresh_from_db()
    other_line.refresh_from_db()
    assert report.results_text == "Kết quả" and report.online_services == 3
    assert report.targets.get().achieved == "xong"
    assert other_line.achieved == "giữ nguyên"
    with pytest.raises(services.ReportError):
        filled(other, staff)


def test_submit_on_the_last_day_is_on_time_and_freezes_a_version(
    annual, staff, head, office, django_capture_on_commit_callbacks
):
    report = filled(services.start_periodic_report(annual, by=staff), staff)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_periodic_report(report, by=head, now=at(D(2024, 12, 19), 23))

    report.refresh_from_db()
    assert (report.status, report.is_late) == ("submitted", False)
    version = Version.objects.for_object(report).get()
    assert version.data["figures"][2] == {
        "key": "people_trained",
        "label": "lượt người được tập huấn",
        "value": 45,
    }
    assert Notice.objects.get(user=office).text == f"{report.unit} đã gửi báo cáo năm 2024."
    assert mail.outbox[0].to == [office.email]


def test_submit_from_the_due_day_on_is_late(annual, staff, head):
    report = filled(services.start_periodic_report(annual, by=staff), staff)

    services.submit_periodic_report(report, by=head, now=at(D(2024, 12, 20), 0))

    report.refresh_from_db()
    assert report.is_late is True


def test_submit_is_refused_to_staff_and_without_results(annual, staff, head):
    report = services.start_periodic_report(annual, by=staff)
    with pytest.raises(services.ReportError, match="thủ trưởng"):
        services.submit_periodic_report(report, by=staff)
    with pytest.raises(services.ReportError, match="kết quả nổi bật"):
        services.submit_periodic_report(report, by=head)

    report.refresh_from_db()
    assert report.status == "draft" and report.first_submitted_at is None


def test_return_then_resubmit_keeps_the_first_timing_and_the_first_version(
    annual, staff, head, office
):
    report = filled(services.start_periodic_report(annual, by=staff, now=at(D(2024, 12, 1))), staff)
    services.submit_periodic_report(report, by=head, now=at(D(2024, 12, 10)))
    with pytest.raises(services.ReportError, match="lý do"):
        services.return_periodic_report(report, by=office, reason="  ")
    services.return_periodic_report(
        report, by=office, reason="Bổ sung số liệu tập huấn.", now=at(D(2024, 12, 12))
    )
    services.update_periodic_report(
        report, by=staff, figures={**FIGURES, "people_trained": 60}, narrative=NARRATIVE, targets={}
    )

    services.submit_periodic_report(report, by=head, now=at(D(2024, 12, 28)))

    report.refresh_from_db()
    assert (report.status, report.is_late, report.return_reason) == (
        "submitted",
        False,
        "Bổ sung số liệu tập huấn.",
    )
    first, second = Version.objects.for_object(report)
    assert (first.data["figures"][2]["value"], second.data["figures"][2]["value"]) == (45, 60)
    assert [t.to_state for t in Transition.objects.for_object(report)] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
    ]


def test_acknowledge_is_for_the_office_and_only_for_a_submitted_report(annual, staff, head, office):
    report = filled(services.start_periodic_report(annual, by=staff), staff)
    with pytest.raises(services.ReportError):
        services.acknowledge_periodic_report(report, by=office)
    services.submit_periodic_report(report, by=head)
    with pytest.raises(services.ReportError):
        services.acknowledge_periodic_report(report, by=head)

    services.acknowledge_periodic_report(report, by=office, comment="Tốt")

    report.refresh_from_db()
    assert report.status == "acknowledged" and report.reviewed_by == office
    assert (
        Notice.objects.filter(user=head).latest("pk").text
        == f"Báo cáo năm 2024 của {report.unit} đã được ghi nhận."
    )
    with pytest.raises(services.ReportError):
        filled(report, staff)


# --- summaries: narrative and issues ---------------------------------------------------


def test_create_summary_is_for_the_office_once_per_kind_and_year(campaign, annual, office, head):
    with pytest.raises(services.ReportError):
        services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=head)
    with pytest.raises(services.ReportError, match="kỳ báo cáo"):
        services.create_summary(campaign, kind=SummaryKind.SIX_MONTH, year=2024, by=office)

    first = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    again = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    review = services.create_summary(campaign, kind=SummaryKind.REVIEW, year=None, by=office)

    assert first == again and first.period == annual
    assert (review.year, review.period, str(review.title)) == (
        2025,
        None,
        "Tổng kết phong trào thi đua về chuyển đổi số giai đoạn 2022 - 2025",
    )


def issued(summary, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_summary(summary, by=office)
    issue.refresh_from_db()
    return issue


def test_issued_figures_never_change_and_a_new_issue_shows_new_figures(
    campaign, window, annual, known, office, django_capture_on_commit_callbacks
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    services.update_summary_narrative(
        summary, by=office, narrative={name: f"Phần {name}" for name in SummaryReport.NARRATIVE}
    )
    first = issued(summary, office, django_capture_on_commit_callbacks)
    # Later: Dương submits its registration and the narrative is rewritten.
    Registration.objects.filter(unit=known["d"]).update(
        status="submitted", first_submitted_at=at(D(2024, 3, 1)), is_late=True
    )
    services.update_summary_narrative(
        summary, by=office, narrative={name: "Viết lại" for name in SummaryReport.NARRATIVE}
    )

    second = issued(summary, office, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    assert (first.number, first.status, first.progress) == (1, "done", 100)
    assert first.figures["sections"]["registration"]["total"]["late"] == 2
    assert first.narrative[0] == {
        "key": "direction_text",
        "title": "I. Công tác chỉ đạo, triển khai",
        "text": "Phần direction_text",
    }
    assert second.number == 2
    assert second.figures["sections"]["registration"]["total"]["late"] == 3
    assert second.narrative[0]["text"] == "Viết lại"
    summary.refresh_from_db()
    assert summary.status == "issued"
    assert [t.comment for t in Transition.objects.for_object(summary)] == [
        "",
        "Phát hành lần 1",
        "Phát hành lần 2",
    ]


def test_issue_is_refused_to_others_and_while_one_is_still_computing(
    campaign, annual, office, council
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    with pytest.raises(services.ReportError):
        services.issue_summary(summary, by=council)
    services.issue_summary(summary, by=office)  # the task waits for the commit: still queued

    with pytest.raises(services.ReportError, match="đang được tính"):
        services.issue_summary(summary, by=office)

    assert summary.issues.get().status == SummaryIssue.Status.QUEUED


def test_compute_issue_is_idempotent(campaign, annual, known, office):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    issue = services.issue_summary(summary, by=office)
    done = services.compute_issue(issue.pk)
    frozen = dict(done.figures)
    UnitFactory()  # data changes after the issue

    again = services.compute_issue(issue.pk)

    assert again.figures == frozen and again.issued_at == done.issued_at


def broken_registrations_table(execute, sql, params, many, context):
    """The database fails on the registrations table (a lost connection, a lock timeout)."""
    if 'FROM "registrations_registration"' in sql:
        raise OperationalError("database is locked")
    return execute(sql, params, many, context)


def test_a_failed_computation_is_recorded_and_can_be_retried(
    campaign, window, annual, office, django_capture_on_commit_callbacks
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    issue = services.issue_summary(summary, by=office)
    with connection.execute_wrapper(broken_registrations_table):
        failed = services.compute_issue(issue.pk)

    assert (failed.status, failed.figures, failed.error) == ("failed", {}, "database is locked")
    with pytest.raises(services.ReportError):
        services.retry_issue(
            SummaryIssue.objects.create(
                summary=summary, number=9, title="x", requested_by=office, status="done"
            ),
            by=office,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_issue(failed, by=office)
    failed.refresh_from_db()
    assert failed.status == "done" and failed.figures["year"] == 2024


def test_whoever_issued_the_summary_is_told_when_the_figures_are_ready(
    campaign, annual, known, office
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    issue = services.issue_summary(summary, by=office)

    services.compute_issue(issue.pk)
    services.compute_issue(issue.pk)  # a second run changes nothing and says nothing

    notice = office.notices.get()
    assert notice.text.startswith(f"Đã tính xong số liệu “{issue.title}”")
    assert notice.url == f"/bao-cao/tong-hop/{summary.pk}/ban/{issue.number}/"


def test_the_time_left_follows_the_pace_of_the_steps_done():
    from core.text import time_left_phrase

    assert time_left_phrase(30, 0, 10) == "đang ước tính thời gian còn lại…"
    assert time_left_phrase(30, 5, 10) == "còn dưới 1 phút"
    assert time_left_phrase(120, 2, 10) == "còn khoảng 8 phút"
    assert time_left_phrase(120, 10, 10) == "sắp xong"


# --- recovery of a computation whose worker died (heartbeats, as renders have) ----------


def _issue_running(summary, office, **state):
    """An issue whose computation started in a worker (the task itself is gone)."""
    issue = services.issue_summary(summary, by=office)  # no commit in a test: never sent
    SummaryIssue.objects.filter(pk=issue.pk).update(status="running", progress=40, **state)
    return issue


def test_an_issue_whose_worker_died_is_computed_again_by_the_sweep(campaign, annual, known, office):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    now = timezone.now()
    issue = _issue_running(
        summary,
        office,
        attempts=1,
        started_at=now,
        heartbeat_at=now - datetime.timedelta(minutes=2),
    )

    sent = services.requeue_stale_issues()

    issue.refresh_from_db()
    assert sent == 1
    assert (issue.status, issue.attempts, issue.error) == ("done", 2, "")
    assert issue.figures["year"] == 2024
    assert services.requeue_stale_issues() == 0


def test_a_live_computation_is_not_taken_from_its_worker_even_after_the_time_limit(
    campaign, annual, office, settings
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    issue = _issue_running(
        summary, office, attempts=1, started_at=long_ago, heartbeat_at=timezone.now()
    )

    sent = services.requeue_stale_issues()
    services.compute_issue(issue.pk)  # a duplicate of the live computation's task

    issue.refresh_from_db()
    assert sent == 0
    assert (issue.status, issue.attempts, issue.progress, issue.figures) == ("running", 1, 40, {})


def test_an_issue_queued_too_long_is_sent_again_and_a_fresh_one_is_left_alone(
    campaign, annual, office, settings
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    issue = services.issue_summary(summary, by=office)
    grace = datetime.timedelta(seconds=settings.SWEEP_QUEUED_GRACE_SECONDS)

    fresh = services.requeue_stale_issues(now=issue.requested_at + grace / 2)
    issue.refresh_from_db()
    still_queued = issue.status
    lost = services.requeue_stale_issues(now=issue.requested_at + grace * 2)
    issue.refresh_from_db()

    assert (fresh, still_queued) == (0, "queued")
    assert (lost, issue.status, issue.attempts) == (1, "done", 1)


def test_an_issue_that_used_every_attempt_fails_with_the_reason_and_can_be_computed_again(
    campaign, annual, office, settings, django_capture_on_commit_callbacks
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    issue = _issue_running(
        summary,
        office,
        attempts=settings.MAX_RENDER_ATTEMPTS,
        started_at=timezone.now(),
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=2),
    )

    sent = services.requeue_stale_issues()
    issue.refresh_from_db()
    failed = (issue.status, issue.error, issue.figures)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_issue(issue, by=office)
    issue.refresh_from_db()

    assert sent == 0
    assert failed == (
        "failed",
        "Đã thử tính 3 lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian cho phép). "
        "Bấm “Tính lại” để thử lại.",
        {},
    )
    assert (issue.status, issue.attempts, issue.error) == ("done", 1, "")
