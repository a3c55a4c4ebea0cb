import hashlib
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.datacache import cached
from core.db import CompiledRead
from core.forms import formset_rows
from core.models import Version
from core.paging import paginate
from core.templatetags.status_badges import badge_tone
from core.text import percent
from core.workflow import history, refuse, version_check
from registrations.models import Campaign, CampaignRole, Registration, RegistrationWindow
from registrations.roles import holder_today
from registrations.services import current_campaign
from security.services import record_download
from units.models import UNIT_ROLES, Tier
from units.permissions import allowed_if, role_required

from . import exports, queries, scoring, services
from .forms import (
    CriterionFormSet,
    ResultForm,
    ReturnForm,
    ReviewLineForm,
    TargetResultForm,
    criterion_initial,
)
from .models import SCORED_TIERS, Assessment, CriterionSet, Evidence, Result, TargetResult
from .panels import review_panels
from .permissions import (
    can_edit_assessment,
    can_manage_criteria,
    can_score_assessment,
    can_see_results,
    can_send_assessment,
    can_submit_assessment,
    get_assessment_for,
)

# ---------------------------------------------------------------------------
# The unit's side


@require_GET
@role_required(*UNIT_ROLES)
def assessment_mine(request):
    return _render_mine(request)


# Compiled once per process (core.db.CompiledRead, issue 10).
_OWN_ACCEPTED = CompiledRead(
    lambda unit: (
        Registration.objects.filter(unit_id=unit, status=Registration.Status.ACCEPTED)
        .select_related("window", "assessment")
        .order_by("-window__year")
    )
)


def _mine_row(registration):
    """A year of the unit's list, prepared here: no include, filter or {% url %} per row."""
    year = registration.window.year
    row = {"year": year, "start_url": reverse("criteria:start", args=[registration.pk])}
    assessment = getattr(registration, "assessment", None)
    if assessment is not None:
        row["assessment"] = {
            "tone": badge_tone(assessment.status),
            "status": assessment.get_status_display(),
            "is_scored": assessment.status == Assessment.Status.SCORED,
            "is_eligible": assessment.is_eligible,
            "self_score": scoring.number_text(assessment.self_score),
            "final_score": scoring.number_text(assessment.final_score),
            "url": reverse("criteria:detail", args=[assessment.pk]),
        }
    return row


def _render_mine(request, status=200):
    registrations = [_mine_row(r) for r in _OWN_ACCEPTED.objects(unit=request.user.unit_id)]
    return render(
        request,
        "criteria/assessment_mine.html",
        {"registrations": registrations, "is_scored_tier": request.user.unit.tier in SCORED_TIERS},
        status=status,
    )


@require_POST
@role_required(*UNIT_ROLES)
def assessment_start(request, registration_pk):
    registration = get_object_or_404(Registration, pk=registration_pk, unit_id=request.user.unit_id)
    try:
        assessment = services.start_assessment(registration, by=request.user)
    except services.CriteriaError as error:
        messages.error(request, str(error))
        return _render_mine(request, status=400)
    messages.success(request, _("Đã tạo báo cáo kết quả năm %(year)s.") % {"year": assessment.year})
    return redirect("criteria:edit", pk=assessment.pk)


@require_GET
def assessment_detail(request, pk):
    return _render_detail(request, get_assessment_for(request.user, pk))


def _lines(assessment):
    return list(assessment.results.select_related("criterion").prefetch_related("evidence"))


# The detail page's reads, compiled once per process (core.db.CompiledRead, issue 10).
_DETAIL_LINES = CompiledRead(
    lambda assessment: Result.objects.filter(assessment_id=assessment).select_related("criterion")
)
_DETAIL_EVIDENCE = CompiledRead(
    lambda assessment: Evidence.objects.filter(result__assessment_id=assessment)
)
_DETAIL_TARGETS = CompiledRead(
    lambda assessment: TargetResult.objects.filter(assessment_id=assessment).select_related(
        "target"
    )
)


def _detail_lines(assessment):
    """The lines with their files as `evidence_files` (every file: the page marks the
    removed ones), read in two compiled queries."""
    lines = _DETAIL_LINES.objects(assessment=assessment.pk)
    files = {}
    for evidence in _DETAIL_EVIDENCE.objects(assessment=assessment.pk):
        files.setdefault(evidence.result_id, []).append(evidence)
    for line in lines:
        line.evidence_files = files.get(line.pk, [])
    return lines


def _lines_table(assessment, results, show_review):
    """The lines table of the detail page (some 0.5 ms of rendering a line).

    Once the criterion set is locked (its criteria never change again: services refuse,
    the admin only looks), the table changes only with the assessment, and every change
    of its lines, files or scores takes the next `revision` (services._claim): the
    rendered table is kept under the revision (and core.datacache's generation, which
    every transition bumps). `results` is None when not read yet."""

    def render_table(results=results):
        if results is None:
            results = _detail_lines(assessment)
        context = {"assessment": assessment, "results": results, "show_review": show_review}
        return render_to_string("criteria/_detail_lines.html", context)

    if assessment.criterion_set.locked_at is None:
        return render_table()
    key = f"criteria:lines:{assessment.pk}:r{assessment.revision}:{int(show_review)}"
    return mark_safe(cached(key, render_table))  # noqa: S308 - our own rendered template


def _render_detail(request, assessment, *, status=200):
    user = request.user
    is_office_side = can_see_results(user)
    # The unit sees the reviewer's figures and reasons once scoring is finished.
    show_review = is_office_side or assessment.status == Assessment.Status.SCORED
    # A returned assessment lists the lines to fix above the table.
    returned = assessment.status == Assessment.Status.RETURNED
    results = _detail_lines(assessment) if returned else None
    context = {
        "assessment": assessment,
        "results": results,
        "lines_table": _lines_table(assessment, results, show_review),
        "target_results": _DETAIL_TARGETS.objects(assessment=assessment.pk),
        **history(assessment, "criteria:version"),
        "can_edit": can_edit_assessment(user, assessment),
        "can_submit": can_submit_assessment(user, assessment),
        "can_score": can_score_assessment(user, assessment),
        "show_review": show_review,
    }
    return render(request, "criteria/assessment_detail.html", context, status=status)


def _refuse(request, assessment, error):
    """A stale form (someone changed the results since) is a 409, any other refusal a 400."""
    status = 409 if isinstance(error, services.ConcurrentChangeError) else 400
    return refuse(request, assessment, error, _render_detail, status=status)


def _edit_forms(assessment, data=None, files=None):
    returned = assessment.status == Assessment.Status.RETURNED
    results = _lines(assessment)
    line_forms = [ResultForm(data, files, result=r, returned=returned) for r in results]
    target_forms = [
        TargetResultForm(
            data, target_result=t, returned=returned, targets_need_fix=assessment.targets_need_fix
        )
        for t in assessment.target_results.select_related("target")
    ]
    return line_forms, target_forms


@require_http_methods(["GET", "POST"])
@role_required(*UNIT_ROLES)
def assessment_edit(request, pk):
    assessment = get_assessment_for(request.user, pk)
    if not assessment.is_editable:
        return _refuse(
            request,
            assessment,
            _("Báo cáo đã gửi không sửa được; chờ %(office)s chấm.")
            % {"office": _office(assessment)},
        )
    status, revision = 200, assessment.revision
    if request.method == "POST":
        line_forms, target_forms = _edit_forms(assessment, request.POST, request.FILES)
        if all(f.is_valid() for f in line_forms + target_forms):
            try:
                services.update_assessment(
                    assessment,
                    by=request.user,
                    revision=_posted_revision(request),
                    lines={f.result.pk: f.values() for f in line_forms},
                    targets={f.target_result.pk: f.cleaned_data for f in target_forms},
                )
            except services.ConcurrentChangeError as error:
                messages.error(request, str(error))
                status, revision = 409, Assessment.objects.get(pk=pk).revision
            except services.CriteriaError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("Đã lưu kết quả."))
                return redirect("criteria:detail", pk=pk)
        else:
            messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
            status = 400
    else:
        line_forms, target_forms = _edit_forms(assessment)
    context = {
        "assessment": assessment,
        "line_forms": line_forms,
        "target_forms": target_forms,
        "revision": revision,
        "self_score": assessment.self_score,
    }
    return render(request, "criteria/assessment_edit.html", context, status=status)


@require_POST
@role_required(*UNIT_ROLES)
def assessment_compute(request, pk):
    """htmx: each line's percentage and outcome, and the self-score, from the figures being typed."""
    assessment = get_assessment_for(request.user, pk)
    returned = assessment.status == Assessment.Status.RETURNED
    forms = [ResultForm(request.POST, result=r, returned=returned) for r in _lines(assessment)]
    # The header's "Tự chấm" follows the footer's total as the unit types.
    return _compute_response(
        request, forms, prefix="calc", total_id="self-score", also_ids=["self-score-head"]
    )


@require_POST
@allowed_if(can_manage_criteria)
def assessment_review_compute(request, pk):
    """htmx: the same live computation on the reviewer's figures."""
    assessment = get_assessment_for(request.user, pk)
    forms = [ReviewLineForm(request.POST, result=r) for r in _lines(assessment)]
    return _compute_response(request, forms, prefix="review-calc", total_id="review-score")


def _compute_response(request, forms, *, prefix, total_id, also_ids=()):
    lines, total = [], 0
    for form in forms:
        if form.is_valid():
            evaluation = scoring.evaluate(form.result.criterion, **form.figures())
            total += evaluation.points
            errors = evaluation.errors
        else:
            evaluation, errors = (
                None,
                [e for field_errors in form.errors.values() for e in field_errors],
            )
        lines.append({"result": form.result, "evaluation": evaluation, "errors": errors})
    return render(
        request,
        "criteria/_compute.html",
        {
            "lines": lines,
            "total": total,
            "prefix": prefix,
            "total_ids": [total_id, *also_ids],
        },
    )


@require_POST
@role_required(*UNIT_ROLES)
def assessment_submit(request, pk):
    assessment = get_assessment_for(request.user, pk)
    if not can_send_assessment(request.user, assessment):
        raise PermissionDenied
    try:
        services.submit_assessment(assessment, by=request.user, revision=_posted_revision(request))
    except services.CriteriaError as error:
        return _refuse(request, assessment, error)
    messages.success(
        request, _("Đã gửi báo cáo kết quả tới %(office)s.") % {"office": _office(assessment)}
    )
    return redirect("criteria:detail", pk=pk)


@require_GET
def assessment_version(request, pk, number):
    assessment = get_assessment_for(request.user, pk)
    version = get_object_or_404(Version.objects.for_object(assessment), number=number)
    return render(
        request,
        "criteria/assessment_version.html",
        {"assessment": assessment, "version": version, "check": version_check(request, version)},
    )


@require_GET
def evidence_download(request, pk):
    """Download an evidence file after checking the user may see its assessment."""
    evidence = get_object_or_404(Evidence.objects.select_related("result"), pk=pk)
    get_assessment_for(request.user, evidence.result.assessment_id)
    storage = evidence.file.storage
    if not evidence.file.name or not storage.exists(evidence.file.name):
        raise Http404
    record_download(request, f"minh chứng #{evidence.pk}: {evidence.original_name}")
    return FileResponse(
        storage.open(evidence.file.name, "rb"), as_attachment=True, filename=evidence.original_name
    )


# ---------------------------------------------------------------------------
# The office's side


@require_GET
@allowed_if(can_manage_criteria)
def assessment_queue(request):
    user = request.user
    campaigns = Campaign.objects.visible_to(user)
    year = _year_from(request, default=lambda: _default_queue_year(campaigns))
    years = _years(campaigns)

    def compute():
        return queries.scoring_queue(year, campaigns=campaigns)

    if year in years:
        # Once per change of the data (core.datacache): an assessment is started,
        # submitted, returned and scored by transitions, and a submitted one's self-score
        # is frozen. Keyed by what Campaign.visible_to reads; only the menu's years.
        scope = (user.is_portal_admin, user.is_unit_member, user.is_oversight, user.organisation_id)
        tiers = cached("criteria:queue:{}:{}:{}:{}:{}".format(year, *scope), compute)
    else:
        tiers = compute()
    context = {"year": year, "years": years, "tiers": tiers}
    return render(request, "criteria/assessment_queue.html", context)


@require_http_methods(["GET", "POST"])
@allowed_if(can_manage_criteria)
def assessment_review(request, pk):
    assessment = get_assessment_for(request.user, pk)
    if not can_score_assessment(request.user, assessment):
        return _refuse(
            request,
            assessment,
            _("Báo cáo đang ở trạng thái “%(status)s”, chưa chấm được.")
            % {"status": assessment.get_status_display()},
        )
    results = _lines(assessment)
    status, revision = 200, assessment.revision
    if request.method == "POST":
        forms = [ReviewLineForm(request.POST, result=r) for r in results]
        finish = request.POST.get("action") == "score"
        if all(f.is_valid() for f in forms):
            action = services.score_assessment if finish else services.save_review
            try:
                action(
                    assessment,
                    by=request.user,
                    revision=_posted_revision(request),
                    lines={f.result.pk: f.values() for f in forms},
                )
            except services.ConcurrentChangeError as error:
                messages.error(request, str(error))
                status = 409
                assessment = get_assessment_for(request.user, pk)
                revision = assessment.revision
                results = _lines(assessment)
                for form, result in zip(forms, results, strict=True):
                    form.current = result  # what is saved now, shown beside the refused figures
            except services.CriteriaError as error:
                messages.error(request, str(error))
                status = 400
            else:
                if finish:
                    messages.success(
                        request, _("Đã chấm xong báo cáo của %(unit)s.") % {"unit": assessment.unit}
                    )
                    return redirect("criteria:detail", pk=pk)
                messages.success(request, _("Đã lưu kết quả chấm (chưa chấm xong)."))
                return redirect("criteria:review", pk=pk)
        else:
            messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
            status = 400
    else:
        forms = [ReviewLineForm(result=r) for r in results]
    panels, notes = review_panels(request.user, assessment)
    for form in forms:
        form.panel_notes = notes.get(form.result.criterion_id, [])
    context = {
        "panels": panels,
        "assessment": assessment,
        "forms": forms,
        "preview_score": sum((f.evaluation.points for f in forms), Decimal(0)),
        "revision": revision,
        "return_form": ReturnForm(results=results),
        "target_results": assessment.target_results.select_related("target"),
    }
    return render(request, "criteria/assessment_review.html", context, status=status)


@require_POST
@allowed_if(can_manage_criteria)
def assessment_return(request, pk):
    assessment = get_assessment_for(request.user, pk)
    results = _lines(assessment)
    form = ReturnForm(request.POST, results=results)
    try:
        if not form.is_valid():
            raise services.CriteriaError(
                " ".join(e for errors in form.errors.values() for e in errors)
            )
        services.return_assessment(
            assessment,
            by=request.user,
            revision=_posted_revision(request),
            reason=form.cleaned_data["reason"],
            lines_to_fix=form.lines_to_fix(),
            evidence_to_fix=form.cleaned_data["evidence"],
            targets_need_fix=form.cleaned_data["targets"],
        )
    except services.CriteriaError as error:
        messages.error(request, str(error))
        forms = [ReviewLineForm(result=r) for r in results]
        context = {
            "assessment": assessment,
            "forms": forms,
            "preview_score": sum((f.evaluation.points for f in forms), Decimal(0)),
            "revision": Assessment.objects.get(pk=pk).revision,
            "return_form": form,
            "target_results": assessment.target_results.select_related("target"),
        }
        status = 409 if isinstance(error, services.ConcurrentChangeError) else 400
        return render(request, "criteria/assessment_review.html", context, status=status)
    messages.success(request, _("Đã trả lại báo cáo của %(unit)s.") % {"unit": assessment.unit})
    return redirect("criteria:detail", pk=pk)


@require_GET
@allowed_if(can_see_results)
def results_page(request):
    """The ranked results of one tier, a page at a time (ranks and shares over the tier).

    The rendered table (a page of rows, hundreds of cells) is kept in the cache under a
    key that changes with what it shows: the criterion set and its criteria, and the
    stamp of the tier's assessments (queries.results_stamp), beside core.datacache's
    generation."""
    campaigns = Campaign.objects.visible_to(request.user)
    year = _year_from(request, default=lambda: _default_results_year(campaigns))
    tier = request.GET.get("tier", "")
    if tier not in Tier.values:
        tier = _first_scored_tier(year, campaigns)
    is_scored = tier in SCORED_TIERS
    active = list(campaigns.filter(is_active=True))  # the years' list and the year's campaign
    context = {
        "is_scored_tier": is_scored,
        "year": year,
        "years": sorted({y for c in active for y in c.years}, reverse=True),
        "tier": tier,
        # Every tier that registers has a tab, scored by criteria or not (plan IV.2.1).
        "tiers": Tier.choices,
    }
    campaign = queries.newest_covering(active, year)
    criterion_set = (
        CriterionSet.objects.latest_for(campaign, year, tier) if is_scored and campaign else None
    )
    context["has_set"] = criterion_set is not None
    if criterion_set is not None:
        stamp = queries.results_stamp(campaign, year, tier)
        count = stamp[1]
        page = paginate(request, range(count), count=count, per_page=RESULTS_PER_PAGE)

        def parts():
            results = queries.year_results_page(
                year,
                tier,
                campaign=campaign,
                criterion_set=criterion_set,
                paginate=lambda rows, _count: paginate(
                    request, rows, count=count, per_page=RESULTS_PER_PAGE
                ),
            )
            _prepare_cells(results.rows)
            return {
                name: render_to_string(f"criteria/_results_{name}.html", {"results": results})
                for name in ("table", "pending")
            }

        # A locked set's criteria no longer change; an unlocked one's are read as values
        # into the key (the office may still be editing them).
        criteria = criterion_set.locked_at or list(criterion_set.criteria.values_list())
        key = hashlib.sha256(
            repr((get_language(), criterion_set.pk, criteria, stamp, page.number)).encode()
        ).hexdigest()[:32]
        shown = cached(f"criteria:results-page:{key}", parts)
        context.update(
            page=page,
            results_table=mark_safe(shown["table"]),  # rendered (escaped) by its template
            results_pending=mark_safe(shown["pending"]),
        )
    return render(request, "criteria/results.html", context)


RESULTS_PER_PAGE = 50
OUTCOME_BADGES = {
    scoring.Outcome.MET: "text-bg-success",
    scoring.Outcome.NOT_MET: "text-bg-danger",
    scoring.Outcome.NOT_APPLICABLE: "text-bg-secondary",
}


def _prepare_cells(rows):
    """Each cell's percent, badge and label, and each row's link and status, worked out
    once here: a page has hundreds of cells, and template tags per cell cost more than
    the rest of the page. Labels are translated once per page, not per cell."""
    labels = {value: str(label) for value, label in scoring.Outcome.choices}
    statuses = {value: str(label) for value, label in Assessment.Status.choices}
    link = reverse("criteria:detail", args=[0])[: -len("0/")]
    for row in rows:
        row.url = f"{link}{row.pk}/"
        row.status_label = statuses.get(row.status, row.status)
        row.shown = [_shown(cell, labels) for cell in row.cells]


def _shown(cell, labels):
    if cell is None:
        return None
    outcome, _points, share = cell
    return {
        "percent": percent(share),
        "badge": OUTCOME_BADGES.get(outcome, "text-bg-light border"),
        "label": labels.get(outcome, ""),
    }


@require_GET
@allowed_if(can_see_results)
def results_export(request):
    campaigns = Campaign.objects.visible_to(request.user)
    year = _year_from(request, default=lambda: _default_results_year(campaigns))
    tier = _tier_from(request, year, campaigns)
    return exports.results_xlsx(queries.year_results_sheet(year, tier, campaigns=campaigns))


# ---------------------------------------------------------------------------
# Criterion sets


@require_http_methods(["GET", "POST"])
@allowed_if(can_see_results)
def criterion_set_list(request):
    campaign = _campaign()
    status = 200
    if request.method == "POST":
        if not can_manage_criteria(request.user):
            raise PermissionDenied
        year = _year_from(request, default=None, source=request.POST)
        if campaign is None or year not in campaign.years:
            raise Http404
        try:
            created = services.copy_criterion_sets_forward(campaign, year, by=request.user)
        except services.CriteriaError as error:
            messages.error(request, str(error))
            status = 400
        else:
            if created:
                messages.success(
                    request,
                    _("Đã sao chép %(count)s bộ tiêu chí từ năm %(previous)s sang năm %(year)s.")
                    % {"count": len(created), "previous": year - 1, "year": year},
                )
                return redirect("criteria:sets")
            messages.warning(
                request,
                _("Không có bộ tiêu chí nào để sao chép (năm trước chưa có, hoặc năm này đã đủ)."),
            )
            status = 400
    sets = (
        CriterionSet.objects.filter(campaign=campaign)
        .annotate(
            criterion_count=Count("criteria", distinct=True), points=Sum("criteria__max_points")
        )
        .order_by("year", "tier", "version")
        if campaign
        else CriterionSet.objects.none()
    )
    grid = {}
    for criterion_set in sets:
        grid.setdefault(criterion_set.year, {}).setdefault(criterion_set.tier, []).append(
            criterion_set
        )
    years = [
        {"year": year, "tiers": [(t, grid.get(year, {}).get(t.value, [])) for t in SCORED_TIERS]}
        for year in (campaign.years if campaign else [])
    ]
    context = {
        "campaign": campaign,
        "years": years,
        "can_manage": can_manage_criteria(request.user),
    }
    return render(request, "criteria/criterion_set_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
@allowed_if(can_see_results)
def criterion_set_detail(request, pk):
    criterion_set = get_object_or_404(CriterionSet.objects.select_related("campaign"), pk=pk)
    editable = can_manage_criteria(request.user) and not criterion_set.is_locked
    status = 200
    formset = None
    if request.method == "POST":
        if not can_manage_criteria(request.user):
            raise PermissionDenied
        formset = CriterionFormSet(request.POST, prefix="criteria")
        if formset.is_valid():
            rows = formset_rows(formset)
            try:
                services.update_criteria(criterion_set, by=request.user, rows=rows)
            except services.CriteriaError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("Đã lưu bộ tiêu chí."))
                return redirect("criteria:set", pk=pk)
        else:
            messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
            status = 400
    elif editable:
        formset = CriterionFormSet(prefix="criteria", initial=criterion_initial(criterion_set))
    criteria = list(criterion_set.criteria.all())
    context = {
        "criterion_set": criterion_set,
        "criteria": criteria,
        "total_points": queries.total_points(criteria),
        "formset": formset,
        "editable": editable,
        "versions": CriterionSet.objects.filter(
            campaign=criterion_set.campaign, year=criterion_set.year, tier=criterion_set.tier
        ).order_by("version"),
        "can_new_version": can_manage_criteria(request.user) and criterion_set.is_locked,
        "assessment_count": criterion_set.assessments.count(),
    }
    return render(request, "criteria/criterion_set_detail.html", context, status=status)


@require_POST
@allowed_if(can_manage_criteria)
def criterion_set_new_version(request, pk):
    criterion_set = get_object_or_404(CriterionSet, pk=pk)
    try:
        copy = services.new_criterion_set_version(criterion_set, by=request.user)
    except services.CriteriaError as error:
        messages.error(request, str(error))
        return redirect("criteria:set", pk=pk)
    messages.success(
        request, _("Đã tạo phiên bản %(version)s để chỉnh sửa.") % {"version": copy.version}
    )
    return redirect("criteria:set", pk=copy.pk)


# ---------------------------------------------------------------------------
# Home page card (loaded by htmx)


@require_GET
def home_card(request):
    user = request.user
    if user.is_unit_member:
        registration = (
            Registration.objects.filter(unit_id=user.unit_id, status=Registration.Status.ACCEPTED)
            .select_related("window", "assessment")
            .order_by("-window__year")
            .first()
        )
        if registration is None or user.unit.tier not in SCORED_TIERS:
            return HttpResponse("")
        assessment = getattr(registration, "assessment", None)
        return render(
            request,
            "criteria/_home_card.html",
            {"registration": registration, "assessment": assessment},
        )
    if can_manage_criteria(user):
        waiting = Assessment.objects.filter(
            status=Assessment.Status.SUBMITTED,
            criterion_set__campaign__in=Campaign.objects.visible_to(user),
        ).count()
        return render(request, "criteria/_home_card.html", {"waiting": waiting})
    return HttpResponse("")


# ---------------------------------------------------------------------------
# Helpers


def _office(assessment):
    """The campaign's standing office today, by name (a district's Phòng Văn hóa và Thông
    tin, a commune's Phòng Văn hóa - Xã hội)."""
    return holder_today(
        assessment.criterion_set.campaign,
        CampaignRole.Kind.STANDING_OFFICE,
        _("cơ quan thường trực phong trào"),
    )


def _posted_revision(request):
    value = request.POST.get("revision", "")
    if not value.isdigit():
        raise services.CriteriaError(
            _("Thiếu thông tin phiên bản của trang; hãy tải lại trang rồi thử lại.")
        )
    return int(value)


def _campaign():
    return current_campaign()


def _years(campaigns):
    """Every year of the active `campaigns` (the user's), newest first: after the two-level
    reform the campaign open today starts in 2026 while 2024's results belong to the one
    before."""
    spans = campaigns.filter(is_active=True).values_list("start_year", "end_year")
    years = {y for start, end in spans for y in range(start, end + 1)}  # Campaign.years
    return sorted(years, reverse=True)


def _year_from(request, *, default, source=None):
    """The year asked for in the query (or `source`), else `default()` when it is callable."""
    value = (source or request.GET).get("year", "")
    if value.isdigit() and 1900 < int(value) < 3000:
        return int(value)
    return default() if callable(default) else default


def _tier_from(request, year, campaigns):
    tier = request.GET.get("tier", "")
    return tier if tier in [t.value for t in SCORED_TIERS] else _first_scored_tier(year, campaigns)


def _first_scored_tier(year, campaigns):
    """The first tier, in the plan's order, with a scored assessment in `year`."""
    scored = set(
        Assessment.objects.filter(
            status=Assessment.Status.SCORED,
            criterion_set__year=year,
            criterion_set__campaign__in=campaigns,
        )
        .values_list("criterion_set__tier", flat=True)
        .distinct()
    )
    return next((t.value for t in SCORED_TIERS if t in scored), SCORED_TIERS[0].value)


def _default_queue_year(campaigns):
    latest = (
        Assessment.objects.filter(
            status=Assessment.Status.SUBMITTED, criterion_set__campaign__in=campaigns
        )
        .order_by("-criterion_set__year")
        .values_list("criterion_set__year", flat=True)
        .first()
    )
    return latest or _current_year()


def _default_results_year(campaigns):
    latest = (
        Assessment.objects.filter(
            status=Assessment.Status.SCORED, criterion_set__campaign__in=campaigns
        )
        .order_by("-criterion_set__year")
        .values_list("criterion_set__year", flat=True)
        .first()
    )
    return latest or _current_year()


def _current_year():
    window = RegistrationWindow.objects.current()
    return window.year if window else timezone.localdate().year
