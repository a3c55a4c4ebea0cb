"""The first documents on the pipeline: a unit's registration form and the culture
office's report on the year's registrations (plan IV.1).

Content is frozen JSON: dates are formatted here (dd/mm/yyyy) and lazy labels turned
into strings.
"""

from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from core.text import lower_first, paragraphs, share_text, short_date
from documents.kinds import DocumentKind, day_of, plan_fact, register
from documents.naming import file_stem
from documents.services import issuer_for_unit
from units.models import Tier

from .models import DisplayStatus, RegistrationWindow
from .permissions import (
    can_list_registrations,
    can_review_registrations,
    can_send_registration,
    can_view_registration,
    can_work_on_registration,
    get_registration_for,
)
from .queries import overview
from .roles import roles_on

# --- Bản đăng ký thi đua ------------------------------------------------------------


def _registration_content(registration):
    campaign = registration.window.campaign
    unit = registration.unit
    year = registration.window.year
    movement = lower_first(campaign.name)
    roles = roles_on(campaign, timezone.localdate())
    office = roles.standing_office.sentence_name
    return {
        "subject": f"Thực hiện {movement}, năm {year}",
        "addressees": list(dict.fromkeys([office, roles.council_secretariat.sentence_name])),
        "recipients": ["Như trên"],
        "basis": [roles.plan_basis()],
        "intro": (
            f"{unit.name} đăng ký thi đua thực hiện chuyển đổi số năm {year}"
            + (f" với chủ đề “{campaign.theme}”" if campaign.theme else "")
            + ", gồm các nội dung sau:"
        ),
        "commitment": paragraphs(registration.commitment),
        "targets": [
            {
                "title": target.title,
                "measure": target.measure,
                "target_value": target.target_value,
                "product": target.product,
                "due_on": short_date(target.due_on),
            }
            for target in registration.targets.all()
        ],
        "award_forms": [form.name for form in registration.award_forms.all()],
        "individuals": [
            {
                "full_name": person.full_name,
                "position": person.position,
                "award_form": person.award_form.name if person.award_form else "",
            }
            for person in registration.individuals.select_related("award_form")
        ],
        "closing": (
            f"{unit.name} cam kết tổ chức thực hiện đầy đủ các nội dung đã đăng ký và báo cáo kết quả "
            f"về {office} theo quy định./."
        ),
    }


register(
    DocumentKind(
        code="registration_form",
        label="Bản đăng ký thi đua",
        template="print/registration_form.html",
        source_model="registrations.Registration",
        get_source=get_registration_for,
        build_content=_registration_content,
        issuer=lambda registration: issuer_for_unit(
            registration.unit, campaign=registration.window.campaign
        ),
        doc_type=("dang-ky-thi-dua", "Bản đăng ký thi đua", "ĐKTĐ"),
        title=lambda registration: (
            f"Bản đăng ký thi đua năm {registration.window.year} – {registration.unit.name}"
        ),
        file_name=lambda registration: file_stem(
            "Đăng ký thi đua", registration.window.year, registration.unit.name
        ),
        cites=lambda r: [plan_fact(r.window.campaign)],
        can_request=can_work_on_registration,
        can_view=can_view_registration,
        can_issue=can_send_registration,
        source_url=lambda registration: reverse("registrations:detail", args=[registration.pk]),
    )
)


# --- Báo cáo tình hình đăng ký thi đua ---------------------------------------------


TIMING = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa đăng ký"}


def _get_window(user, pk):
    return get_object_or_404(
        RegistrationWindow.objects.select_related("campaign"),
        pk=pk,
    )


def _can_write_report(user, window):
    return can_review_registrations(user)


def _can_view_report(user, window):
    return can_list_registrations(user)


def _timing(unit):
    """On time or late by the first submission (plan IV.1); never submitted is missing."""
    if unit.reg_first_submitted_at is None:
        return "missing"
    return "late" if unit.reg_is_late else "on_time"


def _report_content(window):
    campaign = window.campaign
    rows, _counts = overview(window)
    groups, summary = [], []
    for tier, tier_label in Tier.choices:
        tier_rows = [row for row in rows if row["unit"].tier == tier]
        if not tier_rows:
            continue
        entries = []
        for row in tier_rows:
            unit = row["unit"]
            first = unit.reg_first_submitted_at
            entries.append(
                {
                    "unit": unit.name,
                    "submitted_on": short_date(timezone.localtime(first).date()) if first else "",
                    "timing": TIMING[_timing(unit)],
                    "status": str(DisplayStatus(row["status"]).label),
                }
            )
        timings = [_timing(row["unit"]) for row in tier_rows]
        summary.append(
            {
                "tier": str(tier_label),
                "total": len(tier_rows),
                **{key: timings.count(key) for key in TIMING},
            }
        )
        groups.append({"tier": str(tier_label), "rows": entries})
    totals = {key: sum(line[key] for line in summary) for key in ("total", *TIMING)}
    roles = roles_on(campaign, timezone.localdate())
    office = roles.standing_office.sentence_name
    recipient = roles.report_recipient.sentence_name
    deadline = short_date(window.deadline_on)
    return {
        "subject": f"Tình hình đăng ký thi đua về chuyển đổi số năm {window.year}",
        "addressees": [recipient],
        "recipients": [
            "Như trên",
            f"{roles.council_secretariat.sentence_name} (Thường trực Hội đồng TĐKT)",
        ],
        "year": window.year,
        "intro": (
            f"Thực hiện {lower_first(campaign.name)}, các cơ quan, đơn vị, xã, thị trấn và doanh nghiệp "
            f"đăng ký thi đua năm {window.year} trước ngày {deadline}. {office} báo cáo tình hình đăng ký như sau:"
        ),
        "result": (
            f"Tổng số {totals['total']} đơn vị; đăng ký đúng hạn {totals['on_time']} đơn vị "
            f"({share_text(totals['on_time'], totals['total'])}); đăng ký muộn {totals['late']} đơn vị "
            f"({share_text(totals['late'], totals['total'])}); chưa đăng ký {totals['missing']} đơn vị "
            f"({share_text(totals['missing'], totals['total'])})."
        ),
        "summary": summary,
        "totals": totals,
        "groups": groups,
        "proposal": (
            f"{office} đề nghị {recipient} chỉ đạo {totals['missing']} đơn vị chưa đăng ký hoàn thành "
            "việc đăng ký thi đua; các đơn vị đã đăng ký tổ chức thực hiện đúng nội dung đã cam kết./."
            if totals["missing"]
            else f"Tất cả các đơn vị đã đăng ký thi đua. {office} tiếp tục theo dõi, đôn đốc việc thực hiện./."
        ),
    }


def _report_cites(window):
    """The plan and the last registration the report counts."""
    last = window.registrations.aggregate(last=Max("first_submitted_at"))["last"]
    return [plan_fact(window.campaign), ("bản đăng ký gửi gần nhất", day_of(last))]


register(
    DocumentKind(
        code="registration_report",
        label="Báo cáo tình hình đăng ký thi đua",
        template="print/registration_report.html",
        source_model="registrations.RegistrationWindow",
        get_source=_get_window,
        build_content=_report_content,
        issuer=lambda window: roles_on(window.campaign, timezone.localdate()).standing_office,
        doc_type=("bao-cao", "Báo cáo", "BC"),
        title=lambda window: f"Báo cáo tình hình đăng ký thi đua năm {window.year}",
        file_name=lambda window: f"bao-cao-dang-ky-thi-dua-{window.year}",
        cites=_report_cites,
        can_request=_can_write_report,
        can_view=_can_view_report,
        can_issue=_can_write_report,
        source_url=lambda window: f"{reverse('registrations:list')}?year={window.year}",
    )
)
