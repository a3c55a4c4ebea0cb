from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.datacache import cached
from core.db import CompiledRead
from core.models import Transition, Version
from core.paging import LazyRows, html_rows, link_for, page_table, paginate
from core.templatetags.status_badges import badge_tone
from core.text import local_time, short_date, upper_first
from core.workflow import history, refuse, version_check
from documents.naming import file_stem
from registrations.models import RegistrationWindow
from registrations.roles import office_name
from registrations.services import current_campaign
from units.models import UNIT_ROLES, Tier
from units.permissions import allowed_if, role_required

from . import exports, queries, services
from .charts import charts_for
from .forms import (
    AcknowledgeForm,
    PeriodForm,
    PeriodicReportForm,
    ReturnForm,
    SummaryCreateForm,
    SummaryNarrativeForm,
    target_forms,
)
from .models import (
    PeriodicReport,
    ReportingPeriod,
    ReportTarget,
    SummaryIssue,
    SummaryKind,
    SummaryReport,
)
from .permissions import (
    can_edit_periodic_report,
    can_edit_periods,
    can_review_periodic_report,
    can_review_periodic_reports,
    can_see_summaries,
    can_send_periodic_report,
    can_submit_periodic_report,
    can_write_summary,
    get_issue_for,
    get_periodic_report_for,
    get_summary_for,
)
from .tables import tables_for
from .todo import todo_for

# --- A unit's periodic reports ----------------------------------------------------------


@require_GET
@role_required(*UNIT_ROLES)
def periodic_mine(request):
    return _render_mine(request)


# The unit's list reads, compiled once per process (core.db.CompiledRead, issue 10).
_OWN_REPORTS = CompiledRead(lambda unit: PeriodicReport.objects.filter(unit_id=unit))
_ACTIVE_PERIODS = CompiledRead(
    lambda: (
        ReportingPeriod.objects.filter(campaign__is_active=True)
        .select_related("campaign")
        .order_by("-year", "kind")
    )
)


def _render_mine(request, status=200):
    reports = {r.period_id: r for r in _OWN_REPORTS.objects(unit=request.user.unit_id)}
    # Rows prepared here (labels, dates, links): no include, filter or {% url %} per row.
    rows = []
    for period in _ACTIVE_PERIODS.objects():
        report = reports.get(period.pk)
        rows.append(
            {
                "label": period.label,
                "dates": f"{short_date(period.starts_on)} – {short_date(period.ends_on)}",
                "due_on": short_date(period.due_on),
                "start_url": reverse("reports:periodic_start", args=[period.pk]),
                "report": report
                and {
                    "tone": badge_tone(report.status),
                    "status": report.get_status_display(),
                    "is_late": report.is_late,
                    "url": reverse("reports:periodic_detail", args=[report.pk]),
                },
            }
        )
    return render(request, "reports/periodic_mine.html", {"rows": rows}, status=status)


@require_POST
@role_required(*UNIT_ROLES)
def periodic_start(request, period_pk):
    period = get_object_or_404(ReportingPeriod, pk=period_pk, campaign__is_active=True)
    try:
        report = services.start_periodic_report(period, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return _render_mine(request, status=400)
    messages.success(request, _("Đã tạo báo cáo %(period)s.") % {"period": period.phrase})
    return redirect("reports:periodic_edit", pk=report.pk)


@require_GET
def periodic_detail(request, pk):
    return _render_detail(request, get_periodic_report_for(request.user, pk))


# Compiled once per process (core.db.CompiledRead, issue 10): the detail page's lines.
_TARGETS = CompiledRead(lambda report: ReportTarget.objects.filter(report_id=report))


def _render_detail(request, report, *, status=200, return_form=None):
    user = request.user
    if can_edit_periodic_report(user, report):
        services.add_missing_targets(report)
    context = {
        "report": report,
        "targets": _TARGETS.objects(report=report.pk),
        **history(report, "reports:periodic_version"),
        "can_edit": can_edit_periodic_report(user, report),
        "can_submit": can_submit_periodic_report(user, report),
        "can_review": can_review_periodic_report(user, report),
    }
    if context["can_review"]:  # the forms only the reviewer sees (built only for them)
        context["return_form"] = return_form or ReturnForm()
        context["acknowledge_form"] = AcknowledgeForm()
    return render(request, "reports/periodic_detail.html", context, status=status)


def _refuse(request, report, error, **kwargs):
    return refuse(request, report, error, _render_detail, **kwargs)


@require_http_methods(["GET", "POST"])
@role_required(*UNIT_ROLES)
def periodic_edit(request, pk):
    report = get_periodic_report_for(request.user, pk)
    if not report.is_editable:
        if report.status == PeriodicReport.Status.ACKNOWLEDGED:
            error = _(
                "%(office)s đã ghi nhận báo cáo này nên không sửa được nữa; "
                "kết quả mới ghi vào báo cáo kỳ sau."
            ) % {"office": upper_first(office_name(report.period.campaign))}
        else:
            error = _("Báo cáo đã gửi không sửa được; chờ %(office)s xử lý.") % {
                "office": office_name(report.period.campaign)
            }
        return _refuse(request, report, error)
    services.add_missing_targets(report)
    if request.method == "POST":
        form = PeriodicReportForm(request.POST, instance=report)
        lines = target_forms(report, request.POST)
        if form.is_valid() and all(line_form.is_valid() for _line, line_form in lines):
            try:
                services.update_periodic_report(
                    report,
                    by=request.user,
                    figures={name: form.cleaned_data[name] for name in PeriodicReport.FIGURES},
                    narrative={name: form.cleaned_data[name] for name in PeriodicReport.NARRATIVE},
                    targets={line.pk: line_form.cleaned_data for line, line_form in lines},
                )
            except services.ReportError as error:
                return _refuse(request, report, error)
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect("reports:periodic_detail", pk=pk)
        messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
        status = 400
    else:
        form = PeriodicReportForm(instance=report)
        lines = target_forms(report)
        status = 200
    return render(
        request,
        "reports/periodic_edit.html",
        {"report": report, "form": form, "lines": lines},
        status=status,
    )


@require_POST
@role_required(*UNIT_ROLES)
def periodic_submit(request, pk):
    report = get_periodic_report_for(request.user, pk)
    if not can_send_periodic_report(request.user, report):
        raise PermissionDenied
    try:
        services.submit_periodic_report(report, by=request.user)
    except services.ReportError as error:
        return _refuse(request, report, error)
    messages.success(
        request,
        _("Đã gửi báo cáo tới %(office)s.") % {"office": office_name(report.period.campaign)},
    )
    return redirect("reports:periodic_detail", pk=pk)


@require_POST
@allowed_if(can_review_periodic_reports)
def periodic_acknowledge(request, pk):
    report = get_periodic_report_for(request.user, pk)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    try:
        services.acknowledge_periodic_report(
            report, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except services.ReportError as error:
        return _refuse(request, report, error)
    messages.success(request, _("Đã ghi nhận báo cáo của %(unit)s.") % {"unit": report.unit})
    return redirect("reports:periodic_detail", pk=pk)


@require_POST
@allowed_if(can_review_periodic_reports)
def periodic_return(request, pk):
    report = get_periodic_report_for(request.user, pk)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReportError(_("Cần ghi rõ lý do trả lại để đơn vị sửa."))
        services.return_periodic_report(report, by=request.user, reason=form.cleaned_data["reason"])
    except services.ReportError as error:
        return _refuse(request, report, error, return_form=form)
    messages.success(request, _("Đã trả lại báo cáo của %(unit)s.") % {"unit": report.unit})
    return redirect("reports:periodic_detail", pk=pk)


@require_GET
def periodic_version(request, pk, number):
    report = get_periodic_report_for(request.user, pk)
    version = get_object_or_404(Version.objects.for_object(report), number=number)
    return render(
        request,
        "reports/periodic_version.html",
        {"report": report, "version": version, "check": version_check(request, version)},
    )


# --- Reporting periods (culture office) -------------------------------------------------


def _count_reports(**condition):
    """The number of the period's reports meeting `condition`, as a subquery."""
    reports = (
        PeriodicReport.objects.filter(period=OuterRef("pk"), **condition)
        .order_by()
        .values("period")
        .annotate(n=Count("*"))  # not COUNT(id): the index holds every column read
        .values("n")
    )
    return Coalesce(Subquery(reports, output_field=IntegerField()), 0)


@require_GET
@allowed_if(can_see_summaries)
def period_list(request):
    campaign = current_campaign(request.user)
    # Each count a subquery per period (an index-only count over that period's reports:
    # report_period_counts_idx), not one join of every report grouped by period
    # (issue 10: 68,000 reports at 10,000 units); the list with its counts computed once
    # per change of the data (core.datacache: reports change by transitions, periods by
    # services that make it stale), as the counts still read every report.
    periods = cached(
        f"reports:period-list:{campaign.pk if campaign else 0}",
        lambda: list(
            ReportingPeriod.objects.filter(campaign=campaign)
            .annotate(
                received=_count_reports(first_submitted_at__isnull=False),
                late=_count_reports(is_late=True),
                waiting=_count_reports(status=PeriodicReport.Status.SUBMITTED),
            )
            .order_by("-year", "kind")
        ),
    )
    return render(
        request,
        "reports/period_list.html",
        {"campaign": campaign, "periods": periods, "can_edit": can_edit_periods(request.user)},
    )


@require_POST
@allowed_if(can_edit_periods)
def period_create_defaults(request):
    campaign = current_campaign(request.user)
    if campaign is None:
        raise Http404
    created = services.ensure_periods(campaign)
    messages.success(request, _("Đã tạo %(count)s kỳ báo cáo.") % {"count": len(created)})
    return redirect("reports:period_list")


@require_GET
@allowed_if(can_see_summaries)
def period_detail(request, pk):
    period = get_object_or_404(ReportingPeriod.objects.select_related("campaign"), pk=pk)
    # The aggregate reads every unit: once per change of the data (core.datacache; reports
    # change by transitions, periods and units by services that make it stale).
    counts = cached(
        f"reports:period-counts:{period.pk}", lambda: queries.period_overview_counts(period)
    )
    total = sum(counts.values())
    page = paginate(request, LazyRows(lambda: queries.period_overview(period)), count=total)
    # The page's table once per change of the data, like the counts: a row changes by the
    # report's transitions (its start included), its unit by the import.
    rows, table = page_table(
        page,
        "reports/_period_table.html",
        lambda page: {"page": page, "rows": page.object_list, "rows_html": _period_rows(page)},
        key=f"reports:period-table:{period.pk}",
    )
    return render(
        request,
        "reports/period_detail.html",
        {
            "period": period,
            "rows": rows,
            "page": page,
            "table": table,
            "counts": counts,
            "total": total,
        },
    )


PERIOD_ROW = (
    '<tr><td>{number}</td><td>{name}</td><td class="small">{tier_label}</td>'
    '<td>{status_html}</td><td class="small">{first_text}</td>'
    '<td class="small">{timing_html}</td><td class="text-end">{open_html}</td></tr>'
)


def _period_rows(page):
    """A period's rows as HTML (reports/_period_table.html's table body): labels
    translated, links reversed and markup escaped once per page, not per row."""
    tiers = {value: str(label) for value, label in Tier.choices}
    statuses = {value: str(label) for value, label in PeriodicReport.Status.choices}
    timing_html = {
        "missing": "—",
        "late": format_html('<span class="text-danger">{}</span>', _("Muộn")),
        "on_time": escape(_("Đúng hạn")),
    }
    not_started = format_html('<span class="text-muted">{}</span>', _("Chưa lập"))
    opened = escape(_("Mở"))
    link = link_for("reports:periodic_detail")
    for number, row in enumerate(page.object_list, start=page.start_index()):
        row["number"] = number
        row["tier_label"] = tiers.get(row["tier"], row["tier"])
        row["status_label"] = statuses.get(row["report_status"], "")
        row["first_text"] = local_time(row["first_submitted_at"]) or "—"
        row["url"] = link(row["report_id"]) if row["first_submitted_at"] else ""
        row["status_html"] = (
            format_html(
                '<span class="badge {}">{}</span>',
                badge_tone(row["report_status"]),
                row["status_label"],
            )
            if row["report_id"]
            else not_started
        )
        row["timing_html"] = timing_html.get(row["timing"], timing_html["on_time"])
        row["open_html"] = f'<a href="{row["url"]}">{opened}</a>' if row["url"] else ""
    return html_rows(PERIOD_ROW, page.object_list)


@require_http_methods(["GET", "POST"])
@allowed_if(can_edit_periods)
def period_edit(request, pk):
    period = get_object_or_404(ReportingPeriod.objects.select_related("campaign"), pk=pk)
    form = PeriodForm(request.POST or None, instance=ReportingPeriod.objects.get(pk=pk))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_period(period, by=request.user, **form.cleaned_data)
            except services.ReportError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Đã lưu kỳ báo cáo %(period)s.") % {"period": period.phrase}
                )
                return redirect("reports:period_list")
        status = 400
    return render(
        request, "reports/period_edit.html", {"period": period, "form": form}, status=status
    )


# --- Summary reports (culture office) ---------------------------------------------------


@require_GET
@allowed_if(can_see_summaries)
def summary_list(request):
    campaign = current_campaign(request.user)
    rows, review = [], None
    if campaign is not None:
        # Once per change of the data (core.datacache): summaries are created and issued
        # by transitions, an issue's status changes make the data changed, and so do the
        # period services (ensure_periods, update_period).
        rows, review = cached(
            f"reports:summary-list:{campaign.pk}", lambda: _summary_rows(campaign)
        )
    return render(
        request,
        "reports/summary_list.html",
        {
            "campaign": campaign,
            "rows": rows,
            "review": review,
            "can_write": can_write_summary(request.user),
        },
    )


def _summary_rows(campaign):
    """(a row per reporting period with its summary if any, the campaign's review)."""
    # What the list shows of them: not their narratives and figures.
    summaries = {
        (s.kind, s.year): s
        for s in SummaryReport.objects.filter(campaign=campaign)
        .only("kind", "year", "status")
        .annotate(issue_count=Count("issues", filter=Q(issues__status=SummaryIssue.Status.DONE)))
    }
    periods = ReportingPeriod.objects.filter(campaign=campaign).only("kind", "year")
    statuses = dict(SummaryReport.Status.choices)
    rows = []
    for period in periods.order_by("-year", "-kind"):
        summary = summaries.get((period.kind, period.year))
        if summary is not None:  # its badge's label, translated here once per row
            summary.status_label = str(statuses.get(summary.status, summary.status))
        rows.append(
            {
                "kind": period.kind,
                "year": period.year,
                "title": _("Báo cáo kết quả %(label)s") % {"label": str(period.label).lower()},
                "summary": summary,
            }
        )
    return rows, summaries.get((SummaryKind.REVIEW, campaign.end_year))


@require_POST
@allowed_if(can_write_summary)
def summary_create(request):
    campaign = current_campaign(request.user)
    form = SummaryCreateForm(request.POST)
    if campaign is None or not form.is_valid():
        raise Http404
    try:
        summary = services.create_summary(
            campaign,
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
            by=request.user,
        )
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:summary_list")
    return redirect("reports:summary_detail", pk=summary.pk)


@require_GET
@allowed_if(can_see_summaries)
def summary_detail(request, pk):
    summary = get_summary_for(request.user, pk)
    stamp = summary.updated_at.timestamp() if summary.updated_at else ""
    shown = _figures_page(
        f"reports:summary-page:{summary.pk}:{stamp}", lambda: queries.summary_figures(summary)
    )
    return render(
        request,
        "reports/summary_detail.html",
        {
            "summary": summary,
            "figures": shown["heading"],
            "figures_html": shown["html"],
            "history": _summary_history(summary, stamp),
            "can_write": can_write_summary(request.user),
        },
    )


def _summary_history(summary, stamp):
    """The summary's issues and its transitions, rendered once per change of the data
    (core.datacache): a transition, and an issue's change of status (compute_issue,
    a failure over the attempts' cap) make the data changed."""

    def render_history():
        context = {
            "summary": summary,
            # The issues' frozen figures and narratives are not shown here: not read.
            "issues": summary.issues.select_related("requested_by").defer("figures", "narrative"),
            "transitions": Transition.objects.for_object(summary).select_related(
                "actor", "content_type"
            ),
        }
        return {
            "issues": render_to_string("reports/_summary_issues.html", context),
            "transitions": render_to_string("includes/_transitions.html", context),
        }

    return cached(f"reports:summary-history:{summary.pk}:{stamp}", render_history)


def _figures_page(key, compute_figures):
    """The figures' rendered tables and charts, and the heading's part of the figures
    (office, period), computed once per change of the data (core.datacache) rather than
    on every view: at province scale they take most of a second. Not the figures
    themselves: a page would read them back from the cache for two of their lines."""

    def build():
        figures = compute_figures()
        if not figures:
            return {"heading": {}, "html": ""}
        context = {"tables": tables_for(figures), "charts": charts_for(figures)}
        return {
            "heading": {"office": figures.get("office"), "period": figures.get("period")},
            "html": render_to_string("reports/_figures.html", context),
        }

    return cached(key, build)


@require_http_methods(["GET", "POST"])
@allowed_if(can_write_summary)
def summary_edit(request, pk):
    summary = get_summary_for(request.user, pk)
    form = SummaryNarrativeForm(request.POST or None, instance=SummaryReport.objects.get(pk=pk))
    if request.method == "POST":
        if form.is_valid():
            services.update_summary_narrative(
                summary,
                by=request.user,
                narrative={name: form.cleaned_data[name] for name in SummaryReport.NARRATIVE},
            )
            messages.success(request, _("Đã lưu phần thuyết minh."))
            return redirect("reports:summary_detail", pk=pk)
        return render(
            request, "reports/summary_edit.html", {"summary": summary, "form": form}, status=400
        )
    return render(request, "reports/summary_edit.html", {"summary": summary, "form": form})


@require_POST
@allowed_if(can_write_summary)
def summary_issue(request, pk):
    summary = get_summary_for(request.user, pk)
    try:
        issue = services.issue_summary(summary, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:summary_detail", pk=pk)
    messages.success(
        request, _("Đã phát hành báo cáo (lần %(number)s).") % {"number": issue.number}
    )
    return redirect("reports:issue_detail", pk=pk, number=issue.number)


@require_GET
@allowed_if(can_see_summaries)
def issue_detail(request, pk, number):
    summary = get_summary_for(request.user, pk)
    # get_issue_for's issue, with its author, without its frozen figures: they are read
    # (once) only to render them, and the rendering is kept.
    issue = get_object_or_404(
        summary.issues.select_related("requested_by").defer("figures"), number=number
    )
    context = {"summary": summary, "issue": issue, "can_write": can_write_summary(request.user)}
    if issue.status == SummaryIssue.Status.DONE:  # only a done issue has figures
        # Frozen figures: their rendering never changes once the issue is done.
        shown = _figures_page(
            f"reports:issue-page:{issue.pk}:{issue.status}",
            lambda: SummaryIssue.objects.values_list("figures", flat=True).get(pk=issue.pk),
        )
        context["figures_html"] = shown["html"]
        context["figures_period"] = shown["heading"].get("period")
    if request.htmx:
        return render(request, "reports/_issue_progress.html", context)
    return render(request, "reports/issue_detail.html", context)


@require_GET
@allowed_if(can_see_summaries)
def issue_xlsx(request, pk, number):
    issue = get_issue_for(request.user, pk, number)
    if issue.status != SummaryIssue.Status.DONE:
        raise Http404
    summary = issue.summary
    name = file_stem(summary.get_kind_display(), summary.year, "lần", issue.number)
    return exports.xlsx_response(exports.issue_workbook(issue), name)


@require_POST
@allowed_if(can_write_summary)
def issue_retry(request, pk, number):
    issue = get_issue_for(request.user, pk, number)
    try:
        services.retry_issue(issue, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    return redirect("reports:issue_detail", pk=pk, number=number)


# --- Open data (public) -----------------------------------------------------------------


OPEN_DATA_SECONDS = 5 * 60


def _open_data(request):
    """The public rows, cached a few minutes: anyone may ask, the counts change slowly."""
    campaign = current_campaign()
    if campaign is None:
        return None, []
    rows = cached(
        f"reports:open-data:{campaign.pk}",
        lambda: queries.open_data_rows(campaign),
        timeout=OPEN_DATA_SECONDS,  # they also depend on the day (windows not open yet)
    )
    return campaign, rows


@login_not_required
@require_GET
def open_data(request):
    campaign, rows = _open_data(request)
    return render(
        request,
        "reports/open_data.html",
        {"campaign": campaign, "rows": rows, "fields": queries.OPEN_DATA_FIELDS},
    )


@login_not_required
@require_GET
def open_data_csv(request):
    _campaign, rows = _open_data(request)
    return exports.open_data_csv(rows)


@login_not_required
@require_GET
def open_data_json(request):
    campaign, rows = _open_data(request)
    return exports.open_data_json(campaign, rows)


@require_GET
def home_todo(request):
    """htmx, on the home page: what is waiting for the user, by when, one button each."""
    todo = todo_for(request.user, RegistrationWindow.objects.current())
    return render(request, "reports/_home_todo.html", {"todo": todo})
