"""The inspections' papers on the documents pipeline (plan III.4): the minutes of one
unit's inspection (biên bản kiểm tra) and the culture office's report on the year's
inspections. Content is frozen JSON: dates dd/mm/yyyy, labels as strings."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.text import lower_first, paragraphs, short_date
from documents.kinds import DocumentKind, day_of, plan_fact, register
from documents.naming import file_stem
from registrations.roles import roles_on

from . import queries
from .models import Inspection
from .permissions import (
    can_print_inspection_report,
    can_print_minutes,
    can_view_inspection_report,
    can_view_minutes,
    get_inspection_for,
    get_plan_for,
)

# --- Biên bản kiểm tra --------------------------------------------------------------


def _minutes_content(inspection):
    campaign = inspection.plan.campaign
    record = queries.record_of(inspection)
    roles = roles_on(campaign, inspection.visited_on or inspection.planned_on)
    members = inspection.members
    unit = inspection.unit
    return {
        "subject": (
            f"Kiểm tra việc thực hiện phong trào thi đua năm {inspection.year} tại {unit.name}"
        ),
        "recipients": [unit.name, roles.standing_office.sentence_name],
        "archive": "VT, hồ sơ kiểm tra",
        "visited_on": short_date(inspection.visited_on),
        "unit": unit.name,
        "unit_head": " – ".join(p for p in (unit.head_name, unit.head_title) if p),
        "unit_head_name": unit.head_name,
        "team_name": inspection.team_name,
        "members": members,
        "leader": members[0].split("–")[0].strip() if members else "",
        "findings": [
            {"subject": str(f.subject), "text": paragraphs(f.text)} for f in record["findings"]
        ],
        "evidence": [e.original_name for e in record["evidence"]],
        "conclusion": paragraphs(inspection.conclusion),
        "recommendations": [
            {"text": r.text, "due_on": short_date(r.due_on)} for r in record["recommendations"]
        ],
    }


register(
    DocumentKind(
        code="inspection_minutes",
        label="Biên bản kiểm tra",
        template="print/inspections/minutes.html",
        source_model="inspections.Inspection",
        get_source=get_inspection_for,
        build_content=_minutes_content,
        issuer=lambda i: roles_on(i.plan.campaign, i.visited_on or i.planned_on).standing_office,
        doc_type=("bien-ban", "Biên bản", "BB"),
        title=lambda i: f"Biên bản kiểm tra {i.unit.name} năm {i.year}",
        file_name=lambda i: file_stem("Biên bản kiểm tra", i.year, i.unit.name),
        cites=lambda i: [plan_fact(i.plan.campaign), ("buổi kiểm tra", i.visited_on)],
        can_request=can_print_minutes,
        can_view=can_view_minutes,
        can_issue=can_print_minutes,
        source_url=lambda i: reverse("inspections:detail", args=[i.pk]),
    )
)


# --- Báo cáo kết quả kiểm tra -------------------------------------------------------


def _report_content(plan):
    window = plan.window
    campaign = window.campaign
    inspections = list(
        Inspection.objects.filter(plan=plan)
        .select_related("unit")
        .prefetch_related("findings__criterion", "findings__target", "recommendations")
        .order_by("planned_on", "unit__name", "pk")
    )
    done = [i for i in inspections if i.status != Inspection.Status.PLANNED]
    recommendations = [r for i in done for r in i.recommendations.all()]
    answered = [r for r in recommendations if r.status == r.Status.ANSWERED]
    roles = roles_on(campaign, timezone.localdate())
    office = roles.standing_office.sentence_name
    return {
        "subject": f"Kết quả kiểm tra phong trào thi đua năm {window.year}",
        "addressees": [roles.report_recipient.sentence_name],
        "recipients": [
            "Như trên",
            f"{roles.council_secretariat.sentence_name} (Thường trực Hội đồng TĐKT)",
        ],
        "intro": (
            f"Thực hiện {lower_first(campaign.name)}, {office} đã tổ chức kiểm tra việc thực hiện "
            f"phong trào năm {window.year} tại {len(done)}/{len(inspections)} đơn vị theo kế hoạch. "
            "Kết quả như sau:"
        ),
        "rows": [
            {
                "unit": i.unit.name,
                "day": short_date(i.visited_on or i.planned_on),
                "status": str(i.get_status_display()),
                "findings": len(i.findings.all()),
                "recommendations": len(i.recommendations.all()),
                "answered": sum(
                    1 for r in i.recommendations.all() if r.status == r.Status.ANSWERED
                ),
            }
            for i in inspections
        ],
        "units": [
            {
                "unit": i.unit.name,
                "conclusion": paragraphs(i.conclusion),
                "findings": [{"subject": str(f.subject), "text": f.text} for f in i.findings.all()],
            }
            for i in done
        ],
        "result": (
            f"Các đoàn kiểm tra đưa ra {len(recommendations)} kiến nghị; các đơn vị đã trả lời "
            f"kết quả thực hiện {len(answered)} kiến nghị."
        ),
        "proposal": (
            f"{office} tiếp tục theo dõi, đôn đốc các đơn vị thực hiện "
            f"{len(recommendations) - len(answered)} kiến nghị còn lại./."
            if len(answered) < len(recommendations)
            else f"{office} tiếp tục theo dõi, hướng dẫn các đơn vị duy trì kết quả đạt được./."
        ),
    }


def _report_cites(plan):
    last = plan.inspections.aggregate(last=Max("visited_on"))["last"]
    answered = plan.inspections.aggregate(last=Max("recommendations__responded_at"))["last"]
    return [
        plan_fact(plan.campaign),
        ("buổi kiểm tra gần nhất", last),
        ("trả lời kiến nghị gần nhất", day_of(answered)),
    ]


register(
    DocumentKind(
        code="inspection_report",
        label="Báo cáo kết quả kiểm tra",
        template="print/inspections/report.html",
        source_model="inspections.InspectionPlan",
        get_source=get_plan_for,
        build_content=_report_content,
        issuer=lambda plan: roles_on(plan.campaign, timezone.localdate()).standing_office,
        doc_type=("bao-cao", "Báo cáo", "BC"),
        title=lambda plan: f"Báo cáo kết quả kiểm tra phong trào thi đua năm {plan.year}",
        file_name=lambda plan: file_stem("Báo cáo kết quả kiểm tra", plan.year),
        cites=_report_cites,
        can_request=can_print_inspection_report,
        can_view=can_view_inspection_report,
        can_issue=can_print_inspection_report,
        source_url=lambda plan: f"{reverse('inspections:list')}?year={plan.year}",
    )
)
