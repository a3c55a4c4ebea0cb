"""The culture office's summary report on the documents pipeline (Decree 30 layout).

The source is an issued SummaryIssue: its figures and narrative are already frozen, so
the printed report (PDF and DOCX) always says what the issue says. Charts go into the
PDF as SVG files in the media folder (the renderer's fetcher serves nothing else); the
DOCX gets each chart's text alternative, written under the chart in both.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import lower_first, paragraphs, short_date, upper_first
from documents.kinds import DocumentKind, day_of, register
from documents.naming import file_stem
from documents.rendering import FONT_FAMILY
from documents.services import issuer_for_unit
from registrations.roles import roles_on

from .charts import charts_for
from .models import SummaryIssue
from .permissions import (
    can_print_summary,
    can_see_periodic_report,
    can_see_summaries,
    can_send_periodic_report,
    can_view_summary_print,
    can_work_on_periodic_report,
    get_periodic_report_for,
)
from .tables import tables_for

# The narrative section after which the figures, tables and charts are printed.
FIGURES_AFTER = "results_text"


def _get_issue(user, pk):
    if not can_see_summaries(user):
        raise Http404
    return get_object_or_404(
        SummaryIssue.objects.select_related("summary__campaign"),
        pk=pk,
        status=SummaryIssue.Status.DONE,
    )


def _chart_file(issue, chart):
    """Store the chart once per issue (its figures never change) and return the name."""
    name = f"reports/charts/issue-{issue.pk}/{chart.key}.svg"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(str(chart.svg).encode("utf-8")))
    return name


def _content(issue):
    campaign = issue.summary.campaign
    roles = roles_on(campaign, timezone.localdate())
    office = roles.standing_office.sentence_name
    figures = issue.figures
    movement = lower_first(campaign.name)
    period = figures.get("period")
    intro = _("Thực hiện %(movement)s, %(office)s báo cáo %(what)s như sau:") % {
        "movement": movement,
        "office": office,
        "what": lower_first(issue.title),
    }
    return {
        "subject": issue.title,
        "addressees": [roles.report_recipient.sentence_name],
        "recipients": [
            _("Như trên"),
            _("%(secretariat)s (Thường trực Hội đồng TĐKT)")
            % {"secretariat": roles.council_secretariat.sentence_name},
        ],
        "intro": intro,
        "period": (
            _("Số liệu từ ngày %(start)s đến ngày %(end)s.")
            % {"start": period["starts_on"], "end": period["ends_on"]}
            if period
            else ""
        ),
        "narrative": [
            {
                "key": part["key"],
                "title": part["title"].upper(),
                "paragraphs": paragraphs(part["text"]),
            }
            for part in issue.narrative
        ],
        "figures_after": FIGURES_AFTER,
        "charts": [
            {
                "title": chart.title,
                "description": chart.description,
                "file": _chart_file(issue, chart),
            }
            for chart in charts_for(figures, font=FONT_FAMILY)
        ],
        "tables": [
            {
                "title": table.title,
                "columns": [column.label for column in table.columns],
                "rows": table.cells,  # [{"text", "numeric"}] per cell, formatted
                "total": table.total_cells or [],
                "note": table.note,
            }
            for table in tables_for(figures)
        ],
        "issue_number": issue.number,
    }


def _cites(issue):
    """The figures it reports: the period's last day and the moment they were frozen."""
    period = issue.summary.period
    return [
        *([("số liệu đến", period.ends_on)] if period else []),
        ("số liệu chốt", day_of(issue.issued_at)),
    ]


def _file_name(issue):
    summary = issue.summary
    return file_stem(summary.get_kind_display(), summary.year, "lần", issue.number)


register(
    DocumentKind(
        code="summary_report",
        label="Báo cáo tổng hợp phong trào thi đua",
        template="print/summary_report.html",
        source_model="reports.SummaryIssue",
        get_source=_get_issue,
        build_content=_content,
        issuer=lambda issue: roles_on(issue.summary.campaign, timezone.localdate()).standing_office,
        doc_type=("bao-cao", "Báo cáo", "BC"),
        title=lambda issue: issue.title,
        file_name=_file_name,
        cites=_cites,
        can_request=can_print_summary,
        can_view=can_view_summary_print,
        can_issue=can_print_summary,
        source_url=lambda issue: reverse(
            "reports:issue_detail", args=[issue.summary_id, issue.number]
        ),
    )
)


# --- The unit's periodic report (6-month, annual) -------------------------------------------


def _periodic_content(report):
    """The unit's BÁO CÁO of one period, from the figures and narrative it wrote."""
    period = report.period
    campaign = period.campaign
    unit = report.unit.name
    movement = lower_first(campaign.name)
    # "Kính gửi" the body that receives the units' reports on the paper's day.
    office = roles_on(campaign, timezone.localdate()).standing_office.sentence_name
    return {
        "subject": _("Kết quả thực hiện %(movement)s, %(period)s")
        % {"movement": movement, "period": period.phrase},
        "addressees": [office],
        "recipients": [_("Như trên")],
        "intro": _("Thực hiện %(movement)s, %(unit)s báo cáo kết quả %(period)s như sau:")
        % {"movement": movement, "unit": unit, "period": period.phrase},
        "period": _("Số liệu từ ngày %(start)s đến ngày %(end)s.")
        % {"start": short_date(period.starts_on), "end": short_date(period.ends_on)},
        "figures": [
            {"label": upper_first(str(label)), "value": value}
            for label, value in report.figure_rows()
        ],
        "targets": [
            {
                "title": target.title,
                "target_value": target.target_value,
                "achieved": target.achieved,
                "progress": str(target.get_progress_display()),
            }
            for target in report.targets.all()
        ],
        "results": paragraphs(report.results_text),
        "difficulties": paragraphs(report.difficulties_text),
        "proposals": paragraphs(report.proposals_text),
        "closing": _("Trên đây là báo cáo kết quả %(period)s của %(unit)s./.")
        % {"period": period.phrase, "unit": unit},
    }


register(
    DocumentKind(
        code="periodic_report",
        label="Báo cáo định kỳ của đơn vị",
        template="print/periodic_report.html",
        source_model="reports.PeriodicReport",
        get_source=get_periodic_report_for,
        build_content=_periodic_content,
        issuer=lambda report: issuer_for_unit(report.unit, campaign=report.period.campaign),
        doc_type=("bao-cao", "Báo cáo", "BC"),
        title=lambda report: f"Báo cáo {report.period.phrase} – {report.unit.name}",
        file_name=lambda report: file_stem("Báo cáo", report.period.label, report.unit.name),
        cites=lambda report: [("số liệu đến", report.period.ends_on)],
        can_request=can_work_on_periodic_report,
        can_view=can_see_periodic_report,
        can_issue=can_send_periodic_report,
        source_url=lambda report: reverse("reports:periodic_detail", args=[report.pk]),
    )
)
