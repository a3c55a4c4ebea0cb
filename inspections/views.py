"""Pages of the year's inspections. Views coordinate: services write, queries read,
permissions decide."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from registrations.models import Campaign, RegistrationWindow
from registrations.queries import expected_units
from security.services import record_download
from units.forms import UNIT_QUERY
from units.permissions import allowed_if

from . import queries, services
from .forms import AnswerForm, EvidenceForm, FindingForm, PlanForm, RecommendationForm, RecordForm
from .models import InspectionEvidence, InspectionPlan
from .permissions import (
    can_answer_recommendation,
    can_plan_inspections,
    can_print_inspection_report,
    can_record_inspection,
    can_see_inspections,
    get_inspection_for,
    get_recommendation_for,
)


def _windows_for(user):
    return (
        RegistrationWindow.objects.filter(campaign__in=Campaign.objects.visible_to(user))
        .select_related("campaign")
        .order_by("-year", "campaign__name")
    )


def _window_from(request):
    windows = _windows_for(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        return windows.filter(year=int(year)).order_by("-campaign__is_active", "-year").first()
    return windows.current()


def _plan_units(window):
    return expected_units(window).in_vietnamese_order("tier")


@require_GET
@allowed_if(can_see_inspections)
def inspection_list(request):
    """The year's inspections: the office plans them here; a unit sees its own."""
    return _render_list(request, _window_from(request))


def _render_list(request, window, *, form=None, status=200):
    if window is None:
        raise Http404
    can_plan = can_plan_inspections(request.user)
    if can_plan and form is None:
        form = PlanForm(units=_plan_units(window), unit_query=request.GET.get(UNIT_QUERY, ""))
    plan = InspectionPlan.objects.filter(window=window).first()
    context = {
        "window": window,
        "years": sorted({w.year for w in _windows_for(request.user)}, reverse=True),
        "inspections": queries.year_inspections(request.user, window),
        "form": form if can_plan else None,
        "plan": plan if request.user.is_oversight else None,
        "can_print_report": plan is not None and can_print_inspection_report(request.user, plan),
    }
    return render(request, "inspections/inspection_list.html", context, status=status)


@require_POST
@allowed_if(can_plan_inspections)
def inspection_plan(request, window_pk):
    window = get_object_or_404(_windows_for(request.user), pk=window_pk)
    form = PlanForm(request.POST, units=_plan_units(window))
    if not form.is_valid():
        messages.error(request, _("Chưa lập kế hoạch: vui lòng sửa các ô được đánh dấu."))
        return _render_list(request, window, form=form, status=400)
    try:
        inspection = services.plan_inspection(
            window,
            form.cleaned_data["unit"],
            by=request.user,
            planned_on=form.cleaned_data["planned_on"],
            team_name=form.cleaned_data["team_name"],
            team_members=form.cleaned_data["team_members"],
        )
    except services.InspectionError as error:
        messages.error(request, str(error))
        return _render_list(request, window, form=form, status=400)
    messages.success(
        request,
        _("Đã đưa %(unit)s vào kế hoạch kiểm tra năm %(year)s.")
        % {"unit": inspection.unit.name, "year": window.year},
    )
    return redirect(f"{reverse('inspections:list')}?year={window.year}")


def _finding_form(inspection, data=None):
    return FindingForm(
        data,
        prefix="finding",
        criteria=queries.criteria_for(inspection),
        targets=queries.targets_for(inspection),
    )


@require_GET
@allowed_if(can_see_inspections)
def inspection_detail(request, pk):
    return _render_detail(request, get_inspection_for(request.user, pk))


def _render_detail(request, inspection, *, status=200, forms=None):
    forms = forms or {}
    record = queries.record_of(inspection)
    can_record = can_record_inspection(request.user, inspection)
    for recommendation in record["recommendations"]:
        recommendation.inspection = inspection
        recommendation.can_answer = can_answer_recommendation(request.user, recommendation)
        if recommendation.can_answer:
            recommendation.form = forms.get(("answer", recommendation.pk)) or AnswerForm(
                prefix=f"r{recommendation.pk}"
            )
    context = {
        "inspection": inspection,
        **record,
        "can_record": can_record,
        "can_see_minutes": inspection.status != inspection.Status.PLANNED,
    }
    if can_record:
        context.update(
            finding_form=forms.get("finding") or _finding_form(inspection),
            recommendation_form=forms.get("recommendation") or RecommendationForm(prefix="rec"),
            evidence_form=forms.get("evidence") or EvidenceForm(),
            record_form=forms.get("record")
            or RecordForm(initial={"visited_on": inspection.planned_on}),
        )
    return render(request, "inspections/inspection_detail.html", context, status=status)


def _act(request, inspection, form_key, form, action, success):
    """Run `action(cleaned_data)` for a valid `form`; the page again with a 400 if refused."""
    if not form.is_valid():
        messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
        return _render_detail(request, inspection, status=400, forms={form_key: form})
    try:
        action(form.cleaned_data)
    except services.InspectionError as error:
        messages.error(request, str(error))
        inspection.refresh_from_db()
        return _render_detail(request, inspection, status=400, forms={form_key: form})
    messages.success(request, success)
    return redirect("inspections:detail", pk=inspection.pk)


@require_POST
@allowed_if(can_plan_inspections)
def finding_add(request, pk):
    inspection = get_inspection_for(request.user, pk)
    form = _finding_form(inspection, request.POST)
    return _act(
        request,
        inspection,
        "finding",
        form,
        lambda data: services.add_finding(
            inspection, by=request.user, text=data["text"], **form.subject_objects()
        ),
        _("Đã ghi kết quả kiểm tra."),
    )


@require_POST
@allowed_if(can_plan_inspections)
def recommendation_add(request, pk):
    inspection = get_inspection_for(request.user, pk)
    return _act(
        request,
        inspection,
        "recommendation",
        RecommendationForm(request.POST, prefix="rec"),
        lambda data: services.add_recommendation(
            inspection, by=request.user, text=data["text"], due_on=data["due_on"]
        ),
        _("Đã ghi kiến nghị."),
    )


@require_POST
@allowed_if(can_plan_inspections)
def evidence_add(request, pk):
    inspection = get_inspection_for(request.user, pk)
    return _act(
        request,
        inspection,
        "evidence",
        EvidenceForm(request.POST, request.FILES),
        lambda data: services.add_evidence(inspection, data["file"], by=request.user),
        _("Đã tải lên minh chứng."),
    )


@require_POST
@allowed_if(can_plan_inspections)
def inspection_record(request, pk):
    inspection = get_inspection_for(request.user, pk)
    return _act(
        request,
        inspection,
        "record",
        RecordForm(request.POST),
        lambda data: services.record_inspection(
            inspection,
            by=request.user,
            visited_on=data["visited_on"],
            conclusion=data["conclusion"],
        ),
        _("Đã chốt biên bản kiểm tra; đơn vị được thông báo để trả lời kiến nghị."),
    )


@require_POST
@allowed_if(can_see_inspections)
def recommendation_answer(request, pk):
    recommendation = get_recommendation_for(request.user, pk)
    inspection = get_inspection_for(request.user, recommendation.inspection_id)
    form = AnswerForm(request.POST, prefix=f"r{recommendation.pk}")
    if not form.is_valid():
        messages.error(request, _("Chưa gửi: cần ghi kết quả thực hiện kiến nghị."))
        return _render_detail(
            request, inspection, status=400, forms={("answer", recommendation.pk): form}
        )
    try:
        services.answer_recommendation(
            recommendation, by=request.user, response=form.cleaned_data["response"]
        )
    except services.InspectionError as error:
        messages.error(request, str(error))
        status = 403 if not request.user.is_unit_member else 400
        return _render_detail(request, inspection, status=status)
    messages.success(request, _("Đã gửi kết quả thực hiện kiến nghị."))
    return redirect("inspections:detail", pk=inspection.pk)


@require_GET
@allowed_if(can_see_inspections)
def evidence_download(request, pk):
    evidence = get_object_or_404(InspectionEvidence, pk=pk)
    get_inspection_for(request.user, evidence.inspection_id)
    storage = evidence.file.storage
    if not evidence.file.name or not storage.exists(evidence.file.name):
        raise Http404
    record_download(request, f"minh chứng kiểm tra #{evidence.pk}: {evidence.original_name}")
    return FileResponse(
        storage.open(evidence.file.name, "rb"), as_attachment=True, filename=evidence.original_name
    )
