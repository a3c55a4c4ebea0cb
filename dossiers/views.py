import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count, F, Max, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import AwardForm, Subject
from core.datacache import cached
from core.db import CompiledRead, vietnamese
from core.forms import formset_rows
from core.models import Transition, Version
from core.paging import (
    LazyRows,
    html_rows,
    link_for,
    page_params_only,
    page_table,
    paginate,
    paginate_by_ids,
)
from core.templatetags.status_badges import badge_tone
from core.text import local_time, money, plain, short_date
from core.workflow import history, refuse, version_check
from core.xlsx import XLSX_TYPE
from documents import packaging
from documents.kinds import get_kind
from documents.naming import file_stem
from registrations.models import Campaign, CampaignRole
from registrations.permissions import get_registration_for
from registrations.roles import holder_today, roles_on
from security.services import record_download
from units.forms import UNIT_QUERY
from units.models import UNIT_ROLES, Tier
from units.permissions import allowed_if, role_required

from . import honour, printing, public_copy, queries, services
from .bonus import rule_changes
from .eligibility import is_collective_eligible
from .forms import (
    AwardFormChoice,
    DecisionForm,
    ForwardingForm,
    MeetingForm,
    NomineeForm,
    NomineeImportForm,
    OfficeProposalForm,
    PriorAwardFormSet,
    ReviewForm,
    VoteForm,
)
from .imports import NomineeImportError, template_xlsx
from .models import (
    AwardDecision,
    AwardProposal,
    BulkPrint,
    CouncilMeeting,
    CouncilMember,
    DistrictSubmission,
    DossierRule,
    Nominee,
    by_name,
)
from .permissions import (
    can_act_for_council,
    can_author_proposals,
    can_bulk_print,
    can_consolidate,
    can_edit_nominee,
    can_edit_proposal,
    can_propose_as_office,
    can_review_proposal,
    can_review_proposals,
    can_see_personal_data,
    can_see_personal_lists,
    can_send_proposal,
    can_submit_proposal,
    get_decision_for,
    get_forwarding_for,
    get_meeting_for,
    get_nominee_for,
    get_proposal_for,
    get_submission_for,
    is_certifiable,
    is_district_user,
)


def _papers(user, *pairs):
    """The printable papers of a page that `user` may see, for dossiers/_documents.html."""
    return [
        {"kind": code, "pk": source.pk}
        for code, source in pairs
        if get_kind(code).can_view(user, source)
    ]


def _fragment_key(name, *parts):
    """The cache key of a council page's rendered part (core.datacache adds the data
    generation): `parts` identify what it shows, the newest transition's id and the
    language make it change with the data and the translation (hashed: short, and no
    character a cache refuses)."""
    parts = (get_language() or "", *parts, queries.last_transition_id())
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"dossiers:{name}:{digest}"


def _history_html(obj):
    """The transitions of `obj` rendered, to be kept in a cached part of its page."""
    return render_to_string(
        "includes/_transitions.html",
        {"transitions": Transition.objects.for_object(obj).select_related("actor", "content_type")},
    )


# --- The unit's proposal ---------------------------------------------------------------------


@require_GET
@role_required(*UNIT_ROLES)
def proposal_mine(request):
    return _render_mine(request)


# Compiled once per process (core.db.CompiledRead, issue 10): the unit's own proposals.
_OWN_PROPOSALS = CompiledRead(
    lambda unit: (
        AwardProposal.objects.filter(unit_id=unit, origin=AwardProposal.Origin.UNIT)
        .annotate(nominee_count=Count("nominees"))
        .order_by("-year")
    )
)


def _render_mine(request, status=200):
    context = {
        # Rows prepared here: no include, filter or {% url %} per row.
        "proposals": [
            {
                "year": p.year,
                "tone": badge_tone(p.status),
                "status": p.get_status_display(),
                "nominee_count": p.nominee_count,
                "first_submitted_at": local_time(p.first_submitted_at) or "—",
                "url": reverse("dossiers:proposal_detail", args=[p.pk]),
            }
            for p in _OWN_PROPOSALS.objects(unit=request.user.unit_id)
        ],
        "registrations": queries.proposable_registrations(request.user.unit_id),
    }
    return render(request, "dossiers/proposal_mine.html", context, status=status)


@require_POST
@role_required(*UNIT_ROLES)
def proposal_start(request, registration_pk):
    registration = get_registration_for(request.user, registration_pk)
    try:
        proposal = services.start_proposal(registration, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        return _render_mine(request, status=400)
    messages.success(
        request,
        _("Đã tạo hồ sơ đề nghị khen thưởng năm %(year)s.") % {"year": proposal.year},
    )
    return redirect("dossiers:proposal_detail", pk=proposal.pk)


@require_http_methods(["GET", "POST"])
@allowed_if(can_propose_as_office)
def office_proposal_start(request):
    """The culture office opens its own proposal (plan VI.1): thematic or outstanding
    achievements, people outside any registered unit."""
    campaigns = Campaign.objects.visible_to(request.user).order_by("-start_year", "pk")
    form = OfficeProposalForm(
        request.POST or None,
        campaigns=campaigns,
        initial={"year": timezone.localdate().year, "occasion": AwardProposal.Occasion.OUTSTANDING},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.start_office_proposal(
                    data["campaign"],
                    by=request.user,
                    year=data["year"],
                    occasion=data["occasion"],
                    title=data["title"],
                )
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Đã lập đề xuất của cơ quan thường trực: %(title)s.")
                    % {"title": proposal.title},
                )
                return redirect("dossiers:proposal_detail", pk=proposal.pk)
        else:
            messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
    return render(request, "dossiers/office_proposal_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*UNIT_ROLES)
def nominee_import(request, pk):
    """A unit's list of individuals from the XLSX template, all or nothing (issue 15)."""
    proposal = get_proposal_for(request.user, pk)
    if not can_edit_proposal(request.user, proposal):
        return _refuse_proposal(
            request,
            proposal,
            _("Hồ sơ đã gửi không sửa được; chờ %(office)s xét.")
            % {
                "office": holder_today(
                    proposal.campaign,
                    CampaignRole.Kind.STANDING_OFFICE,
                    _("cơ quan thường trực phong trào"),
                )
            },
        )
    errors, status = [], 200
    form = NomineeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                added = services.import_nominees(
                    proposal, form.cleaned_data["file"], by=request.user
                )
            except NomineeImportError as error:  # the page lists each bad line
                errors = error.errors
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Đã nhập %(count)s cá nhân vào hồ sơ.") % {"count": len(added)},
                )
                return redirect("dossiers:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "dossiers/nominee_import.html",
        {"proposal": proposal, "form": form, "errors": errors},
        status=status,
    )


@require_GET
@role_required(*UNIT_ROLES)
def nominee_template(request, pk):
    proposal = get_proposal_for(request.user, pk)
    rule = DossierRule.for_campaign(proposal.campaign)
    response = HttpResponse(template_xlsx(rule.allows_summary), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-ca-nhan.xlsx"'
    return response


@require_GET
def proposal_detail(request, pk):
    return _render_proposal(request, get_proposal_for(request.user, pk))


# Compiled once per process (core.db.CompiledRead, issue 10): the proposal's nominees.
_NOMINEES = CompiledRead(
    lambda proposal: Nominee.objects.filter(proposal_id=proposal).select_related("award_form")
)


def _render_proposal(request, proposal, *, status=200, review_form=None):
    user = request.user
    can_edit = can_edit_proposal(user, proposal)
    nominees = _NOMINEES.objects(proposal=proposal.pk)
    for nominee in nominees:
        nominee.proposal = proposal  # as proposal.nominees would have set it
        # What the row shows, prepared here: no include, {% url %} or display call per row.
        nominee.row = {
            "url": reverse("dossiers:nominee_detail", args=[nominee.pk]),
            "subject": nominee.get_subject_display().lower(),
            "report_type": nominee.get_report_type_display(),
            "tone": badge_tone(nominee.status),
            "status": nominee.get_status_display(),
        }
        if can_edit and nominee.is_editable:
            nominee.row["edit_url"] = reverse("dossiers:nominee_edit", args=[nominee.pk])
            nominee.row["delete_url"] = reverse("dossiers:nominee_delete", args=[nominee.pk])
    can_review = can_review_proposal(user, proposal)
    if can_review:  # the office's verdict form (built only for the reviewer)
        waiting = [n for n in nominees if n.status == Nominee.Status.PENDING]
        review_form = review_form or ReviewForm(nominees=waiting)
    context = {
        "proposal": proposal,
        "nominees": nominees,
        "counts": queries.submission_counts(nominees),
        "has_collective": any(n.is_collective for n in nominees),
        "people_to_offer": queries.registered_people_not_proposed(proposal, nominees),
        "is_eligible": is_collective_eligible(proposal.unit, proposal.year),
        **history(proposal, "dossiers:proposal_version"),
        "can_edit": can_edit,
        "can_submit": can_submit_proposal(user, proposal),
        "can_review": can_review,
        "review_form": review_form,
        # The office's own proposal has no Tờ trình of its own: its consolidation's carries it.
        "papers": (
            _papers(user, ("award_proposal_letter", proposal))
            if nominees and not proposal.is_office_proposal
            else []
        ),
        "warnings": queries.proposal_warnings(proposal, nominees) if nominees else [],
    }
    return render(request, "dossiers/proposal_detail.html", context, status=status)


def _refuse_proposal(request, proposal, error, **kwargs):
    return refuse(request, proposal, error, _render_proposal, **kwargs)


@require_POST
@allowed_if(can_author_proposals)
def proposal_submit(request, pk):
    proposal = get_proposal_for(request.user, pk)
    if not can_send_proposal(request.user, proposal):
        raise PermissionDenied
    nominees = list(proposal.nominees.with_related())
    warnings = queries.proposal_warnings(proposal, nominees) if nominees else []
    if warnings and request.POST.get("confirm_warnings") != "1":
        # Sent only once the head has read what is left and ticked that they send it anyway.
        return _refuse_proposal(
            request,
            proposal,
            _(
                "Chưa gửi: đọc các lưu ý bên dưới, đánh dấu “Đã xem các lưu ý, vẫn gửi” rồi gửi lại."
            ),
        )
    try:
        services.submit_proposal(proposal, by=request.user)
    except services.DossierError as error:
        return _refuse_proposal(request, proposal, error)
    office = holder_today(
        proposal.campaign, CampaignRole.Kind.STANDING_OFFICE, _("cơ quan thường trực")
    )
    messages.success(request, _("Đã gửi hồ sơ tới %(office)s.") % {"office": office})
    return redirect("dossiers:proposal_detail", pk=pk)


@require_GET
def proposal_package(request, pk):
    """The proposal's papers as one ZIP for the provincial online public-service portal:
    the Tờ trình with its list and each achievement report the user may see, PDF and DOCX,
    with the manifest of their SHA-256. Refused, naming them, while a paper is unprinted
    or a numbered paper (the Tờ trình, the collective's report) is not issued yet."""
    proposal = get_proposal_for(request.user, pk)
    nominees = list(
        proposal.nominees.with_related().order_by("award_form__order", "subject", "order")
    )
    papers = [
        (code, source)
        for code, source in printing.dossier_papers(proposal, nominees)
        if get_kind(code).can_view(request.user, source)
    ]
    documents, problems = packaging.package(papers)
    if problems or not nominees:
        return _refuse_proposal(
            request,
            proposal,
            _("Chưa tải được gói hồ sơ: %(problems)s.")
            % {"problems": "; ".join(problems) or _("hồ sơ chưa có tập thể, cá nhân nào")},
        )
    title = _("Hồ sơ đề nghị khen thưởng năm %(year)s – %(unit)s") % {
        "year": proposal.year,
        "unit": proposal.unit.name,
    }
    data, _manifest = packaging.zip_package(title, documents)
    name = (
        f"{file_stem('Hồ sơ dịch vụ công', 'khen thưởng', proposal.year, proposal.unit.name)}.zip"
    )
    record_download(request, f"gói hồ sơ #{proposal.pk}: {name}")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@allowed_if(can_review_proposals)
def proposal_review(request, pk):
    proposal = get_proposal_for(request.user, pk)
    waiting = proposal.nominees.filter(status=Nominee.Status.PENDING)
    form = ReviewForm(request.POST, nominees=waiting)
    form.is_valid()
    try:
        proposal = services.review_proposal(proposal, by=request.user, decisions=form.decisions())
    except services.DossierError as error:
        return _refuse_proposal(request, proposal, error, review_form=form)
    if proposal.status == AwardProposal.Status.ACCEPTED:
        messages.success(request, _("Đã tiếp nhận hồ sơ của %(unit)s.") % {"unit": proposal.unit})
    else:
        messages.success(
            request, _("Đã trả lại hồ sơ của %(unit)s kèm lý do.") % {"unit": proposal.unit}
        )
    return redirect("dossiers:proposal_detail", pk=pk)


@require_GET
def proposal_version(request, pk, number):
    proposal = get_proposal_for(request.user, pk)
    version = get_object_or_404(Version.objects.for_object(proposal), number=number)
    return render(
        request,
        "dossiers/proposal_version.html",
        {
            "proposal": proposal,
            "version": version,
            "check": version_check(request, version),
            "can_see_personal": can_see_personal_data(request.user, proposal),
        },
    )


@require_GET
@allowed_if(is_district_user)
def proposal_list(request):
    user = request.user
    visible = AwardProposal.objects.visible_to(user)
    # The years and each one's number of proposals from one grouped query: the year menu
    # and the paginator's count (no COUNT query of its own); once per change of the data
    # (core.datacache): a proposal is listed from a transition (a unit's first submission,
    # the office's start of its own) and never deleted. Keyed by what visible_to reads.
    scope = (user.is_unit_member, user.is_oversight, user.is_portal_admin, user.organisation_id)
    per_year = cached(
        "dossiers:proposal-years:{}:{}:{}:{}".format(*scope),
        lambda: dict(
            visible.order_by("-year")
            .values("year")
            .annotate(n=Count("pk"))
            .values_list("year", "n")
        ),
    )
    years = list(per_year)
    year = _year_from(request, years)
    order = ("status", vietnamese("unit__name"), "pk")
    # The page's ids chosen by a narrow subquery inside the one query that reads the rows
    # (as paginate_by_ids), built only when the rows are read: a table from the cache
    # needs neither.
    page = paginate(
        request,
        LazyRows(lambda: visible.filter(year=year).order_by(*order).values("pk")),
        count=per_year.get(year, 0),
    )
    ids = page.object_list

    def rows():
        # Plain rows; the nominee counts of the page's proposals only (not the year's).
        shown = list(
            visible.filter(pk__in=ids.build())
            .order_by(*order)
            .annotate(
                collectives=Count("nominees", filter=Q(nominees__subject=Subject.COLLECTIVE)),
                individuals=Count("nominees", filter=Q(nominees__subject=Subject.INDIVIDUAL)),
            )
            .values(
                "pk",
                "origin",
                "title",
                "status",
                "submitted_at",
                "collectives",
                "individuals",
                unit_name=F("unit__name"),
            )
        )
        return bool(shown), _proposal_rows_html(shown)

    # The district side's table once per change of the data: a proposal's row changes by
    # transitions, and its nominee counts by the nominee services, which make the data
    # changed for every proposal the district sees (dossiers.services.proposals). Not a
    # unit's list: its drafts change without that.
    if (
        user.is_oversight
        and not user.is_unit_member
        and page_params_only(page, {"year": {str(y) for y in years}})
    ):
        key = "dossiers:proposal-rows:{}:{}:{}:{}".format(*scope)
        any_rows, rows_html = cached(f"{key}:{year}:{page.number}:{page.paginator.per_page}", rows)
    else:
        any_rows, rows_html = rows()
    return render(
        request,
        "dossiers/proposal_list.html",
        {
            "proposals": any_rows,
            "rows_html": rows_html,
            "page": page,
            "year": year,
            "years": years,
        },
    )


PROPOSAL_ROW = (
    "<tr><td>{unit_html}</td><td>{collectives}</td><td>{individuals}</td>"
    '<td><span class="badge {tone}">{status_label}</span></td>'
    '<td>{submitted_text}</td><td class="text-end"><a href="{url}">{opened}</a></td></tr>'
)


def _proposal_rows_html(rows):
    """The office's proposal rows (dossiers/proposal_list.html's table body), what each
    shows prepared once per page rather than by tags per row (issue 10)."""
    statuses = {value: str(label) for value, label in AwardProposal.Status.choices}
    office_badge = format_html(
        '<span class="badge text-bg-light border">{}</span> ',
        _("Đề xuất của cơ quan thường trực"),
    )
    opened = _("Mở")
    link = link_for("dossiers:proposal_detail")
    for row in rows:
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["tone"] = badge_tone(row["status"])
        row["submitted_text"] = local_time(row["submitted_at"]) or "—"
        row["url"] = link(row["pk"])
        row["opened"] = opened
        if row["origin"] == AwardProposal.Origin.OFFICE:
            row["unit_html"] = office_badge + escape(row["title"])
        else:
            row["unit_html"] = escape(row["unit_name"])
    return html_rows(PROPOSAL_ROW, rows)


# --- Nominees ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_author_proposals)
def nominee_create(request, pk, subject):
    proposal = get_proposal_for(request.user, pk)
    if subject not in Subject.values:
        raise Http404
    if not can_edit_proposal(request.user, proposal):
        return _refuse_proposal(
            request,
            proposal,
            _("Hồ sơ đã gửi không sửa được; chờ %(office)s xét.")
            % {
                "office": holder_today(
                    proposal.campaign,
                    CampaignRole.Kind.STANDING_OFFICE,
                    _("cơ quan thường trực phong trào"),
                )
            },
        )
    rule = DossierRule.for_campaign(proposal.campaign)
    if request.method == "POST":
        form = NomineeForm(
            request.POST,
            subject=subject,
            allows_summary=rule.allows_summary,
            with_workplace=proposal.is_office_proposal,
            outside_units=queries.outside_units(proposal),
            unit_query=request.GET.get(UNIT_QUERY, ""),
            year=proposal.year,
        )
        prior = PriorAwardFormSet(request.POST, prefix="prior")
        if form.is_valid() and prior.is_valid():
            try:
                nominee = services.add_nominee(
                    proposal,
                    by=request.user,
                    subject=subject,
                    award_form=form.cleaned_data["award_form"],
                    data=form.nominee_data(),
                    prior_awards=formset_rows(prior),
                )
            except services.DossierError as error:
                messages.error(request, str(error))
                return _render_nominee_form(request, proposal, None, form, prior, status=400)
            messages.success(request, _("Đã thêm %(name)s vào hồ sơ.") % {"name": nominee.name})
            return redirect("dossiers:proposal_detail", pk=proposal.pk)
        messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
        return _render_nominee_form(request, proposal, None, form, prior, status=400)
    initial = queries.report_prefill(proposal, subject)
    form = NomineeForm(
        subject=subject,
        allows_summary=rule.allows_summary,
        with_workplace=proposal.is_office_proposal,
        outside_units=queries.outside_units(proposal),
        unit_query=request.GET.get(UNIT_QUERY, ""),
        year=proposal.year,
        initial={
            **initial,
            "report_type": Nominee.ReportType.FULL,
            "award_form": AwardForm.objects.offered_on(timezone.localdate())
            .filter(is_title=False)
            .exclude(level=AwardForm.Level.PROVINCE)
            .first(),
            **_from_registered_individual(request, proposal),
        },
    )
    prior = PriorAwardFormSet(prefix="prior", initial=initial["prior_awards"])
    if (
        subject == Subject.COLLECTIVE
        and not proposal.is_office_proposal
        and not is_collective_eligible(proposal.unit, proposal.year)
    ):
        messages.warning(
            request,
            _(
                "%(unit)s chưa đủ điều kiện đề nghị khen thưởng tập thể năm %(year)s (chưa đạt đủ "
                "các tiêu chí bắt buộc)."
            )
            % {"unit": proposal.unit, "year": proposal.year},
        )
    return _render_nominee_form(request, proposal, None, form, prior)


def _from_registered_individual(request, proposal):
    """Name and position of an individual the unit registered, when the link asks for one."""
    pk = request.GET.get("dang_ky")
    if not (pk and pk.isdigit()) or proposal.registration is None:
        return {}
    person = proposal.registration.individuals.filter(pk=int(pk)).first()
    if person is None:
        return {}
    return {"full_name": person.full_name, "position": person.position}


@require_http_methods(["GET", "POST"])
@allowed_if(can_author_proposals)
def nominee_edit(request, pk):
    nominee = get_nominee_for(request.user, pk)
    proposal = nominee.proposal
    if not can_edit_nominee(request.user, nominee):
        return _refuse_proposal(
            request,
            proposal,
            _("%(name)s không sửa được ở trạng thái này.") % {"name": nominee.name},
        )
    rule = DossierRule.for_campaign(proposal.campaign)
    if request.method == "POST":
        form = NomineeForm(
            request.POST,
            subject=nominee.subject,
            allows_summary=rule.allows_summary,
            with_workplace=proposal.is_office_proposal,
            outside_units=queries.outside_units(proposal, keep=nominee),
            unit_query=request.GET.get(UNIT_QUERY, ""),
            year=proposal.year,
        )
        prior = PriorAwardFormSet(request.POST, prefix="prior")
        if form.is_valid() and prior.is_valid():
            try:
                services.update_nominee(
                    nominee,
                    by=request.user,
                    award_form=form.cleaned_data["award_form"],
                    data=form.nominee_data(),
                    prior_awards=formset_rows(prior),
                )
            except services.DossierError as error:
                messages.error(request, str(error))
                return _render_nominee_form(request, proposal, nominee, form, prior, status=400)
            messages.success(request, _("Đã lưu %(name)s.") % {"name": nominee.name})
            return redirect("dossiers:nominee_detail", pk=nominee.pk)
        messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
        return _render_nominee_form(request, proposal, nominee, form, prior, status=400)
    form = NomineeForm(
        subject=nominee.subject,
        allows_summary=rule.allows_summary,
        with_workplace=proposal.is_office_proposal,
        outside_units=queries.outside_units(proposal, keep=nominee),
        unit_query=request.GET.get(UNIT_QUERY, ""),
        year=proposal.year,
        initial={
            "award_form": nominee.award_form,
            **{f: getattr(nominee, f) for f in services.NOMINEE_FIELDS},
            **(
                {
                    "nominated_unit": nominee.nominated_unit_id,
                    "collective_name": "" if nominee.nominated_unit_id else nominee.collective_name,
                    "collective_address": nominee.collective_address,
                }
                if nominee.is_outside_collective
                else {}
            ),
        },
    )
    prior = PriorAwardFormSet(
        prefix="prior",
        initial=list(nominee.prior_awards.values("kind", "year", "title", "decision_ref")),
    )
    return _render_nominee_form(request, proposal, nominee, form, prior)


def _render_nominee_form(request, proposal, nominee, form, prior, status=200):
    subject = nominee.subject if nominee else form.subject
    if nominee is None and proposal.is_office_proposal:
        portal = []  # the office has not named its collective or person yet
    elif nominee is None and subject == Subject.COLLECTIVE:
        # The unit's collective awards do not depend on the unsaved form.
        nominee = Nominee(proposal=proposal, subject=subject)
        portal = queries.portal_awards(nominee)
        nominee = None
    else:
        portal = queries.portal_awards(nominee) if nominee else []
    return render(
        request,
        "dossiers/nominee_form.html",
        {
            "proposal": proposal,
            "nominee": nominee,
            "form": form,
            "prior": prior,
            "portal_awards": portal,
            "is_collective": subject == Subject.COLLECTIVE,
        },
        status=status,
    )


@require_POST
@allowed_if(can_author_proposals)
def nominee_delete(request, pk):
    nominee = get_nominee_for(request.user, pk)
    try:
        services.remove_nominee(nominee, by=request.user)
    except services.DossierError as error:
        return _refuse_proposal(request, nominee.proposal, error)
    messages.success(request, _("Đã bỏ %(name)s khỏi hồ sơ.") % {"name": nominee.name})
    return redirect("dossiers:proposal_detail", pk=nominee.proposal_id)


@require_GET
def nominee_detail(request, pk):
    nominee = get_nominee_for(request.user, pk)
    return render(
        request,
        "dossiers/nominee_detail.html",
        {
            "nominee": nominee,
            "proposal": nominee.proposal,
            "prior_awards": [a for table in queries.earlier_awards(nominee) for a in table],
            "placeholders": queries.placeholders_left([nominee]),
            "can_see_personal": can_see_personal_data(request.user, nominee.proposal),
            "can_edit": can_edit_nominee(request.user, nominee),
            "transitions": Transition.objects.for_object(nominee).select_related(
                "actor", "content_type"
            ),
            "papers": _papers(
                request.user,
                ("achievement_report", nominee),
                *(
                    [("certificate", nominee), ("certificate_blank", nominee)]
                    if is_certifiable(nominee)
                    else []
                ),
            ),
        },
    )


# --- The office's consolidation ----------------------------------------------------------------


@require_GET
@allowed_if(is_district_user)
def submission_list(request):
    return _render_submissions(request)


def _render_submissions(request, status=200):
    user = request.user
    campaigns = Campaign.objects.visible_to(user)

    def build():
        submissions = list(
            DistrictSubmission.objects.filter(campaign__in=campaigns)
            .annotate(nominee_count=Count("nominees"))
            .order_by("-year", "-created_at")
            .values("pk", "year", "status", "created_at", "nominee_count")
        )
        # Each meeting with its decisions (none: one row of nulls), in one narrow query.
        meetings = (
            CouncilMeeting.objects.filter(submission__campaign__in=campaigns)
            .order_by("held_on", "pk", "-decisions__decided_on", "-decisions__pk")
            .values(
                "pk",
                "submission_id",
                "held_on",
                "status",
                "decisions__pk",
                "decisions__number",
                "decisions__status",
                "decisions__award_form__name",
            )
        )
        ready = list(
            Nominee.objects.filter(
                status=Nominee.Status.ACCEPTED,
                submission__isnull=True,
                proposal__campaign__in=campaigns,
            )
            .values("proposal__campaign", "proposal__campaign__name", "proposal__year")
            .annotate(count=Count("pk"))
            .order_by("-proposal__year")
        )
        return bool(submissions), _submission_rows_html(submissions, meetings), ready

    # Once per change of the data: submissions, meetings and decisions change by
    # transitions, the rest (a draft decision's number, a nominee taken out of a draft
    # submission) by services that make the data changed (dossiers.services). Keyed by
    # what Campaign.visible_to reads.
    scope = (user.is_portal_admin, user.is_unit_member, user.is_oversight, user.organisation_id)
    any_rows, rows_html, ready = cached(
        "dossiers:submission-rows:{}:{}:{}:{}".format(*scope), build
    )
    return render(
        request,
        "dossiers/submission_list.html",
        {
            "submissions": any_rows,
            "rows_html": rows_html,
            "ready": ready,
            "can_consolidate": can_consolidate(user),
        },
        status=status,
    )


SUBMISSION_ROW = (
    '<tr><td>{year}</td><td><a href="{url}">{created_text}</a> {status_html}</td>'
    "<td>{nominee_count}</td><td>{meetings_html}</td><td>{decisions_html}</td></tr>"
)


def _submission_rows_html(submissions, meetings):
    """The submissions' rows (dossiers/submission_list.html's table body) with their
    meetings and decisions, laid out here rather than by tags and includes per row."""

    def badge(status, labels):
        return format_html('<span class="badge {}">{}</span>', badge_tone(status), labels[status])

    submission_labels = dict(DistrictSubmission.Status.choices)
    meeting_labels = dict(CouncilMeeting.Status.choices)
    decision_labels = dict(AwardDecision.Status.choices)
    submission_link = link_for("dossiers:submission_detail")
    meeting_link = link_for("dossiers:meeting_detail")
    decision_link = link_for("dossiers:decision_detail")
    created = _("Lập ngày")
    on_day = _("Phiên họp ngày %(day)s")
    shown = {row["pk"]: ([], []) for row in submissions}  # meetings, decisions
    seen = set()
    for m in meetings:
        parts = shown.get(m["submission_id"])
        if parts is None:
            continue
        if m["pk"] not in seen:
            seen.add(m["pk"])
            parts[0].append(
                format_html(
                    '<div><a href="{}">{}</a> {}</div>',
                    meeting_link(m["pk"]),
                    on_day % {"day": short_date(m["held_on"])},
                    badge(m["status"], meeting_labels),
                )
            )
        if m["decisions__pk"] is not None:
            name = m["decisions__award_form__name"]
            if m["decisions__number"]:
                name = f"{name} – {m['decisions__number']}"
            parts[1].append(
                format_html(
                    '<div><a href="{}">{}</a> {}</div>',
                    decision_link(m["decisions__pk"]),
                    name,
                    badge(m["decisions__status"], decision_labels),
                )
            )
    for row in submissions:
        meetings_html, decisions_html = shown[row["pk"]]
        row["url"] = submission_link(row["pk"])
        row["created_text"] = f"{created} {short_date(timezone.localtime(row['created_at']))}"
        row["status_html"] = badge(row["status"], submission_labels)
        row["meetings_html"] = "".join(meetings_html) or "—"
        row["decisions_html"] = "".join(decisions_html)
    return html_rows(SUBMISSION_ROW, submissions)


@require_POST
@allowed_if(can_consolidate)
def submission_start(request):
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user), pk=request.POST.get("campaign") or 0
    )
    year = request.POST.get("year", "")
    if not year.isdigit():
        raise Http404
    try:
        submission = services.start_submission(campaign, int(year), by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        return _render_submissions(request, status=400)
    messages.success(request, _("Đã lập bản tổng hợp năm %(year)s.") % {"year": year})
    return redirect("dossiers:submission_detail", pk=submission.pk)


@require_GET
@allowed_if(is_district_user)
def submission_detail(request, pk):
    return _render_submission(request, get_submission_for(request.user, pk))


def _label_nominees(nominees):
    """What each nominee row shows, prepared once here rather than per row in the template:
    its link, and its status, gender and tier labels translated once per page."""
    link = reverse("dossiers:nominee_detail", args=[0])[: -len("0/")]
    statuses = {value: str(label) for value, label in Nominee.Status.choices}
    genders = {value: str(label) for value, label in Nominee.Gender.choices}
    tiers = {value: str(label) for value, label in Tier.choices}
    for nominee in nominees:
        nominee.url = f"{link}{nominee.pk}/"
        nominee.status_label = statuses.get(nominee.status, nominee.status)
        nominee.gender_label = genders.get(nominee.gender, "")
        # A collective the office proposed from outside the registered units: its address.
        nominee.tier_label = nominee.collective_address or tiers.get(nominee.proposal.unit.tier, "")
    return nominees


def _render_submission(request, submission, status=200):
    """The consolidated list a page at a time; its counts from one aggregate.

    The page's list, its meetings and its history, alike for every reader who may see
    them, are kept rendered in the cache under a key that changes with the data: the
    aggregate's stamp of the list (how many, which, their last edit) and the newest
    transition (_fragment_key). A draft list the office may still edit carries a form per
    row (with its CSRF token): it is rendered on every view."""
    counts = submission.nominees.aggregate(
        collectives=Count("pk", filter=Q(subject=Subject.COLLECTIVE)),
        individuals=Count("pk", filter=~Q(subject=Subject.COLLECTIVE)),
        included=Count("pk", filter=Q(status=Nominee.Status.INCLUDED)),
        ids=Sum("pk"),
        edited=Max("updated_at"),
    )
    total = counts["collectives"] + counts["individuals"]
    key = _fragment_key(
        "submission", submission.pk, submission.status, total, counts["ids"], counts["edited"]
    )
    page = paginate(request, range(total), count=total)  # rows: summary_list()
    can_edit = (
        can_consolidate(request.user) and submission.status == DistrictSubmission.Status.DRAFT
    )
    can_see_personal = can_see_personal_lists(request.user, submission)

    def summary_list():
        rows = paginate_by_ids(
            request,
            submission.nominees.with_related(),
            order=("award_form__order", "subject", by_name(), "order", "pk"),
            count=total,
        )
        nominees = _label_nominees(list(rows.object_list))
        return render_to_string(
            "dossiers/_summary_list.html",
            {
                "submission": submission,
                "by_form": honour.group_by_form(nominees),
                "can_edit": can_edit,
                "can_see_personal": can_see_personal,
            },
            request=request if can_edit else None,  # the forms' CSRF tokens
        )

    def lower_part():
        return {
            "meetings": render_to_string(
                "dossiers/_submission_meetings.html",
                {"meetings": submission.meetings.select_related("chair")},
            ),
            "history": _history_html(submission),
        }

    shown = cached(key, lower_part)
    return render(
        request,
        "dossiers/submission_detail.html",
        {
            "submission": submission,
            "summary_list": mark_safe(  # rendered (escaped) by its template
                summary_list()
                if can_edit
                else cached(f"{key}:p{page.number}:{can_see_personal:d}", summary_list)
            ),
            "has_nominees": bool(total),
            "page": page,
            "counts": counts,
            "meetings": mark_safe(shown["meetings"]),
            "history": mark_safe(shown["history"]),
            "can_edit": can_edit,
            "can_open_meeting": can_act_for_council(request.user)
            and submission.status == DistrictSubmission.Status.SENT
            and counts["included"] > 0,
            # Named in the send button's confirmation, shown only while it can be sent.
            "secretariat": _secretariat_today(submission) if can_edit else "",
            "papers": _papers(
                request.user,
                ("district_submission_letter", submission),
                ("summary_list", submission),
            )
            if total
            else [],
        },
        status=status,
    )


@require_POST
@allowed_if(can_consolidate)
def submission_exclude(request, pk, nominee_pk):
    submission = get_submission_for(request.user, pk)
    nominee = get_object_or_404(Nominee, pk=nominee_pk, submission=submission)
    try:
        services.exclude_from_submission(submission, nominee, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        return _render_submission(request, submission, status=400)
    messages.success(request, _("Đã bỏ %(name)s khỏi bản tổng hợp.") % {"name": nominee.name})
    return redirect("dossiers:submission_detail", pk=pk)


@require_POST
@allowed_if(can_consolidate)
def submission_send(request, pk):
    submission = get_submission_for(request.user, pk)
    try:
        services.send_submission(submission, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        return _render_submission(request, submission, status=400)
    messages.success(
        request,
        _("Đã trình Hội đồng Thi đua – Khen thưởng qua %(secretariat)s.")
        % {"secretariat": _secretariat_today(submission)},
    )
    return redirect("dossiers:submission_detail", pk=pk)


def _secretariat_today(submission):
    """Through whom the consolidation reaches the council today, named from the campaign."""
    return holder_today(
        submission.campaign,
        CampaignRole.Kind.COUNCIL_SECRETARIAT,
        _("cơ quan thường trực Hội đồng"),
    )


# --- The council -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_act_for_council)
def meeting_create(request, submission_pk):
    submission = get_submission_for(request.user, submission_pk)
    form = MeetingForm(request.POST or None, campaign=submission.campaign)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.open_meeting(
                    submission,
                    by=request.user,
                    held_on=form.cleaned_data["held_on"],
                    place=form.cleaned_data["place"],
                    chair=form.cleaned_data["chair"],
                    members_present=form.cleaned_data["members_present"],
                )
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã mở phiên họp; ghi biểu quyết của từng thành viên."))
                return redirect("dossiers:meeting_votes", pk=meeting.pk)
        status = 400
    return render(
        request,
        "dossiers/meeting_form.html",
        {"submission": submission, "form": form},
        status=status,
    )


@require_GET
@allowed_if(is_district_user)
def meeting_detail(request, pk):
    return _render_meeting(request, get_meeting_for(request.user, pk))


def _render_meeting(request, meeting, status=200):
    """The meeting's tally a page at a time (the votes of that page's nominees only); the
    award forms to decide or forward from queries over every nominee, not their rows.

    What every reader sees alike is kept in the cache under a key that changes with the
    data (_fragment_key): the meeting's state, the newest transition (opening, closing,
    decisions and forwardings are transitions) and, while the meeting is open, a stamp of
    its votes (recorded without a transition). The decisions' values (a draft's number
    and date are edited without one) and the bulk prints (a worker's progress) are read
    on every view."""
    votes = queries.votes_stamp(meeting) if meeting.status == CouncilMeeting.Status.OPEN else ""
    key = _fragment_key("meeting", meeting.pk, meeting.status, votes)
    closed = meeting.status == CouncilMeeting.Status.CLOSED

    def figures():
        voted_on = queries.meeting_nominees(meeting)
        present = list(meeting.members_present.all())
        forms_to_decide, forward_forms = [], []
        if closed:
            forms = queries.meeting_award_forms(voted_on)
            roles = roles_on(meeting.submission.campaign, meeting.held_on)  # once for every form
            forms_to_decide = [
                f for f in forms if queries.decision_candidates(meeting, f, roles).exists()
            ]
            forward_forms = queries.meeting_award_forms(queries.forwardable_nominees(meeting))
        return {
            "present": present,
            "count": voted_on.count(),
            "head": render_to_string(
                "dossiers/_meeting_head.html",
                {
                    "meeting": meeting,
                    "present": present,
                    "has_quorum": meeting.has_quorum(len(present)),
                },
            ),
            "actions": render_to_string(
                "dossiers/_meeting_actions.html",
                {
                    "meeting": meeting,
                    "forms_to_decide": forms_to_decide,
                    "forward_forms": forward_forms,
                },
            ),
            "history": _history_html(meeting),
        }

    shown = cached(key, figures)
    page = paginate(request, range(shown["count"]), count=shown["count"])  # rows: tally()

    def tally():
        rows = paginate(request, queries.meeting_nominees(meeting), count=shown["count"])
        nominees = _label_nominees(list(rows.object_list))
        tallies = queries.tally_meeting(meeting, nominees, shown["present"], page=True)
        return render_to_string(
            "dossiers/_meeting_tally.html",
            {"meeting": meeting, "rows": [(n, tallies[n.pk]) for n in nominees], "page": page},
        )

    # A draft decision's number and date are edited without a transition: the list of
    # decisions and Tờ trình is keyed by the decisions' own values, read on every view.
    decisions = list(
        meeting.decisions.values_list("pk", "number", "decided_on", "status", "award_form_id")
    )
    papers_list = cached(
        f"{key}:papers:{hashlib.sha256(repr(decisions).encode()).hexdigest()[:32]}",
        lambda: render_to_string(
            "dossiers/_meeting_papers.html",
            {
                "decisions": meeting.decisions.select_related("award_form"),
                "forwardings": meeting.forwardings.select_related("award_form"),
            },
        ),
    )
    is_council = can_act_for_council(request.user)
    can_print = can_bulk_print(request.user)
    return render(
        request,
        "dossiers/meeting_detail.html",
        {
            "meeting": meeting,
            **shown,
            # Parts rendered (and escaped) by their templates:
            "head": mark_safe(shown["head"]),
            "tally": mark_safe(cached(f"{key}:p{page.number}", tally)),
            "actions": mark_safe(shown["actions"]),
            "history": mark_safe(shown["history"]),
            "page": page,
            "is_council": is_council,
            "can_vote": is_council and not closed,
            "papers_list": mark_safe(papers_list),
            "papers": _papers(request.user, ("council_minutes", meeting)) if closed else [],
            "can_print": can_print,
            "prints": meeting.prints.all()[:5] if can_print and shown["count"] else [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@allowed_if(can_act_for_council)
def meeting_votes(request, pk):
    meeting = get_meeting_for(request.user, pk)
    if meeting.status != CouncilMeeting.Status.OPEN:
        messages.error(request, _("Phiên họp đã kết thúc, không sửa biểu quyết được."))
        return _render_meeting(request, meeting, status=400)
    members = list(meeting.members_present.all())
    nominees = list(queries.meeting_nominees(meeting))
    current = {(v.member_id, v.nominee_id): v.choice for v in meeting.votes.all()}
    form = VoteForm(request.POST or None, members=members, nominees=nominees, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_votes(meeting, by=request.user, votes=form.votes())
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã lưu biểu quyết."))
                return redirect("dossiers:meeting_detail", pk=pk)
        status = 400
    return render(
        request,
        "dossiers/meeting_votes.html",
        {"meeting": meeting, "members": members, "form": form},
        status=status,
    )


@require_POST
@allowed_if(can_act_for_council)
def meeting_close(request, pk):
    meeting = get_meeting_for(request.user, pk)
    try:
        meeting, has_quorum = services.close_meeting(meeting, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        return _render_meeting(request, meeting, status=400)
    if has_quorum:
        messages.success(
            request, _("Đã kết thúc phiên họp; kết quả được xác định theo biểu quyết.")
        )
    else:
        messages.warning(
            request,
            _(
                "Phiên họp không đủ số thành viên dự họp nên không có kết quả; các đề nghị chờ phiên họp khác."
            ),
        )
    return redirect("dossiers:meeting_detail", pk=pk)


# --- Decision and forwarding -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_act_for_council)
def decision_create(request, meeting_pk):
    meeting = get_meeting_for(request.user, meeting_pk)
    choice = AwardFormChoice(request.GET)
    if not choice.is_valid():
        raise Http404
    award_form = choice.cleaned_data["award_form"]
    candidates = list(queries.decision_candidates(meeting, award_form))
    form = DecisionForm(
        request.POST or None,
        award_form=award_form,
        initial={
            # The body deciding on the meeting's day (the decision follows it), not today's:
            # a decision recorded after a reorganisation keeps the fund of its own time.
            "fund_name": queries.fund_name(
                meeting.submission.campaign, award_form, meeting.held_on
            ),
            "signer_position": _("Chủ tịch")
            if award_form.is_decided_locally
            else _("Chủ tịch UBND tỉnh"),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decision = services.draft_decision(
                    meeting, by=request.user, award_form=award_form, data=form.cleaned_data
                )
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Đã lập dự thảo quyết định; kiểm tra tiền thưởng rồi ban hành.")
                )
                return redirect("dossiers:decision_detail", pk=decision.pk)
        status = 400
    return render(
        request,
        "dossiers/decision_form.html",
        {"meeting": meeting, "award_form": award_form, "candidates": candidates, "form": form},
        status=status,
    )


@require_GET
@allowed_if(is_district_user)
def decision_detail(request, pk):
    return _render_decision(request, get_decision_for(request.user, pk))


def _render_decision(request, decision, status=200):
    """The decision with its awardees a page at a time; counts and total from aggregates.

    Once issued, what every reader sees alike (counts, total, the page's table, the
    history) is kept rendered in the cache under a key that changes with the data
    (_fragment_key: the decision's state, the newest transition); its awardees and their
    bonuses are fixed then. A draft's bonuses follow the rules and base salaries in force
    on its date (edited in the admin site, with no transition): computed on every view."""
    issued = decision.status == AwardDecision.Status.ISSUED
    key = _fragment_key("decision", decision.pk, decision.status) if issued else ""
    keep = cached if issued else (lambda _key, compute: compute())

    def figures():
        counts = decision.awardees.aggregate(
            collectives=Count("pk", filter=Q(subject=Subject.COLLECTIVE)),
            individuals=Count("pk", filter=~Q(subject=Subject.COLLECTIVE)),
        )
        total, has_errors = queries.bonus_total(decision)
        return {
            "counts": counts,
            "total_text": money(total),
            "has_errors": has_errors,
            "rule_changes": rule_changes(decision.meeting.held_on, decision.decided_on)
            if decision.status == AwardDecision.Status.DRAFT
            else [],
            "history": _history_html(decision),
        }

    shown = keep(key, figures)
    counts = shown["counts"]
    count = counts["collectives"] + counts["individuals"]
    page = paginate(request, range(count), count=count)  # rows: table()

    def table():
        rows = paginate_by_ids(
            request,
            decision.awardees.with_related(),
            order=("subject", by_name(), "order", "pk"),
            count=count,
        )
        return render_to_string(
            "dossiers/_decision_awardees.html",
            {
                "lines": queries.bonus_lines(decision, list(rows.object_list)),
                "page": page,
                "total_text": shown["total_text"],
            },
        )

    awardees = keep(f"{key}:p{page.number}", table)
    return render(
        request,
        "dossiers/decision_detail.html",
        {
            "decision": decision,
            "awardees": mark_safe(awardees),  # rendered (escaped) by the template above
            "page": page,
            **shown,
            "history": mark_safe(shown["history"]),
            "can_issue": can_act_for_council(request.user)
            and decision.status == AwardDecision.Status.DRAFT,
            # A form decided locally needs no look at the campaign's roles (decides()).
            "papers": _papers(request.user, ("award_decision", decision))
            if decision.award_form.is_decided_locally
            or roles_on(decision.meeting.submission.campaign, decision.decided_on).decides(
                decision.award_form
            )
            else [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@allowed_if(can_act_for_council)
def decision_edit(request, pk):
    decision = get_decision_for(request.user, pk)
    fields = ("number", "decided_on", "signer_name", "signer_position", "fund_name")
    form = DecisionForm(
        request.POST or None,
        award_form=decision.award_form,
        initial={f: getattr(decision, f) for f in fields},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_decision(decision, by=request.user, data=form.cleaned_data)
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã lưu quyết định."))
                return redirect("dossiers:decision_detail", pk=pk)
        status = 400
    return render(
        request,
        "dossiers/decision_form.html",
        {
            "decision": decision,
            "meeting": decision.meeting,
            "award_form": decision.award_form,
            "form": form,
        },
        status=status,
    )


@require_POST
@allowed_if(can_act_for_council)
def decision_issue(request, pk):
    decision = get_decision_for(request.user, pk)
    try:
        services.issue_decision(decision, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        decision.refresh_from_db()
        return _render_decision(request, decision, status=400)
    messages.success(request, _("Đã ban hành quyết định khen thưởng."))
    return redirect("dossiers:decision_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@allowed_if(can_act_for_council)
def forwarding_create(request, meeting_pk):
    meeting = get_meeting_for(request.user, meeting_pk)
    choice = AwardFormChoice(request.GET)
    if not choice.is_valid():
        raise Http404
    award_form = choice.cleaned_data["award_form"]
    nominees = list(queries.forwardable_nominees(meeting).filter(award_form=award_form))
    form = ForwardingForm(request.POST or None, initial={"signer_position": _("Chủ tịch")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                forwarding = services.forward_to_province(
                    meeting, by=request.user, award_form=award_form, data=form.cleaned_data
                )
            except services.DossierError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Đã lập tờ trình đề nghị Chủ tịch UBND tỉnh khen thưởng.")
                )
                return redirect("dossiers:forwarding_detail", pk=forwarding.pk)
        status = 400
    return render(
        request,
        "dossiers/forwarding_form.html",
        {"meeting": meeting, "award_form": award_form, "nominees": nominees, "form": form},
        status=status,
    )


@require_GET
@allowed_if(is_district_user)
def forwarding_detail(request, pk):
    forwarding = get_forwarding_for(request.user, pk)
    nominees = list(forwarding.nominees.with_related().order_by("subject", by_name()))
    return render(
        request,
        "dossiers/forwarding_detail.html",
        {
            "forwarding": forwarding,
            "nominees": nominees,
            "counts": queries.submission_counts(nominees),
            "papers": _papers(request.user, ("forwarding_letter", forwarding)),
        },
    )


@require_GET
@allowed_if(is_district_user)
def council_members(request):
    """Who sits on the council (kept by the admin); the secretary picks from them."""
    # The members of the councils of the user's campaigns, and those tied to none.
    campaigns = Campaign.objects.visible_to(request.user)
    members = CouncilMember.objects.filter(
        Q(council__isnull=True) | Q(council__campaign_roles__campaign__in=campaigns)
    ).distinct()
    return render(request, "dossiers/council_members.html", {"members": members})


# --- Public ------------------------------------------------------------------------------------


@login_not_required
@require_GET
def honour_roll(request):
    """Awarded collectives and individuals: name, position, unit, award, decision only."""
    years = honour.awarded_years()
    year = _year_from(request, years, param="nam")
    by_form = honour.awarded_by_form(year)
    forms = list(AwardForm.objects.filter(pk__in=list(by_form)).order_by("order"))
    form_code = request.GET.get("hinh_thuc", "")
    page = paginate(
        request,
        LazyRows(lambda: honour.public_rows(year, form_code=form_code)),
        count=sum(by_form[form.pk] for form in forms if not form_code or form.code == form_code),
    )

    def tables(page):
        page.object_list = honour.entries_of(page.object_list)
        return {"groups": honour.group_entries(page.object_list), "year": year, "page": page}

    # The page's tables once per change of the data, like the years and counts: awardees
    # appear when a decision is issued (a transition) and are frozen from then on.
    rows, tables_html = page_table(
        page,
        "dossiers/_honour_tables.html",
        tables,
        key=f"dossiers:honour-roll:{year}",
        params={"nam": {str(y) for y in years}, "hinh_thuc": {"", *(f.code for f in forms)}},
    )
    return render(
        request,
        "dossiers/honour_roll.html",
        {
            "year": year,
            "years": years,
            "award_forms": forms,
            "form_code": form_code,
            "groups": honour.group_entries(rows),
            "tables": tables_html,
            "count": page.paginator.count,
            "page": page,
        },
    )


@login_not_required
@require_GET
def public_decisions(request):
    """Issued award decisions for the public: number, date, award form, signer and how many
    were awarded, with links to the awardees and the public PDF (Decree 13/2023: no other
    personal data). A page of decisions with their counts from SQL; the awardees, some 900
    per decision at a province's scale, are on each decision's own page (issue 10)."""
    years = honour.issued_years()
    chosen = request.GET.get("nam", "")
    year = int(chosen) if chosen.isdigit() and int(chosen) in years else None  # else all
    page = paginate(request, honour.issued_decisions(year), per_page=20)
    detail = link_for("public_decision_detail")  # the PDF is under it: <pk>/ban-cong-khai.pdf
    title = _("Quyết định số %(number)s ngày %(date)s")
    decisions = page.object_list = [
        {
            **row,
            "title": title % {"number": row["number"], "date": short_date(row["decided_on"])},
            "detail_url": detail(row["pk"]),
            "pdf_url": detail(row["pk"]) + "ban-cong-khai.pdf",
        }
        for row in page.object_list
    ]
    return render(
        request,
        "dossiers/public_decisions.html",
        {"page": page, "decisions": decisions, "years": years, "year": year},
    )


# One awardee of a decision's public page (core.paging.html_rows).
PUBLIC_AWARDEE_ROW = (
    "<tr><td>{n}</td><td>{name}</td><td>{position}</td><td>{unit_name}</td>"
    "<td>{award_form}</td></tr>"
)


@login_not_required
@require_GET
def public_decision_detail(request, pk):
    """One issued decision for the public and its awardees (name, position, unit, form
    only), a page at a time."""
    # An issued decision and its awardees are fixed: read and laid out once per change
    # of the data (core.datacache), each page of awardees apart.
    decision = cached(
        f"dossiers:public-decision:{pk}",
        lambda: honour.issued_decisions().filter(pk=pk).first() or {},
    )
    if not decision:
        raise Http404
    page = paginate(request, honour.decision_awardees(pk), count=decision["awardee_count"])

    def rows_html():
        awardees = enumerate(honour.entries_of(page.object_list), page.start_index())
        return html_rows(
            PUBLIC_AWARDEE_ROW,
            (
                {
                    "n": n,
                    "name": entry.name,
                    "position": entry.position or "—",
                    "unit_name": entry.unit_name,
                    "award_form": entry.award_form,
                }
                for n, entry in awardees
            ),
        )

    return render(
        request,
        "dossiers/public_decision_detail.html",
        {
            "decision": decision,
            "page": page,
            "rows_html": mark_safe(  # laid out and escaped by html_rows
                cached(f"dossiers:public-decision:{pk}:p{page.number}", rows_html)
            ),
        },
    )


@login_not_required
@require_GET
def public_decision_pdf(request, pk):
    """The public copy of an issued decision's PDF: its annex cut to the awardees' name,
    position, unit and form (Decree 13/2023)."""
    name, reference = public_copy.public_pdf(pk)
    if name is None:
        raise Http404
    reference = plain(reference or str(pk)).replace("/", "-").replace(" ", "-")
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"quyet-dinh-{reference}-ban-cong-khai.pdf",
    )


def _year_from(request, years, param="year"):
    value = request.GET.get(param, "")
    if value.isdigit() and int(value) in years:
        return int(value)
    return years[0] if years else None


# --- Bulk print --------------------------------------------------------------------------------


@require_POST
@allowed_if(can_bulk_print)
def bulk_print_start(request, meeting_pk):
    meeting = get_meeting_for(request.user, meeting_pk)
    try:
        job = services.start_bulk_print(meeting, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
        return _render_meeting(request, meeting, status=400)
    return redirect("dossiers:bulk_print_detail", pk=job.pk)


@require_GET
@allowed_if(can_bulk_print)
def bulk_print_detail(request, pk):
    job = get_object_or_404(BulkPrint.objects.select_related("meeting__submission"), pk=pk)
    template = "dossiers/_bulk_status.html" if request.htmx else "dossiers/bulk_print_detail.html"
    return render(request, template, {"job": job})


@require_POST
@allowed_if(can_bulk_print)
def bulk_print_cancel(request, pk):
    job = get_object_or_404(BulkPrint.objects.select_related("meeting__submission"), pk=pk)
    try:
        services.cancel_bulk_print(job, by=request.user)
    except services.DossierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã huỷ bản in. Có thể in lại toàn bộ hồ sơ của phiên họp."))
    return redirect("dossiers:bulk_print_detail", pk=job.pk)


@require_GET
@allowed_if(can_bulk_print)
def bulk_print_download(request, pk):
    job = get_object_or_404(BulkPrint, pk=pk, status=BulkPrint.Status.DONE)
    year = job.meeting.submission.year
    record_download(request, f"bản in gộp hồ sơ khen thưởng #{job.pk}")
    return FileResponse(
        job.pdf.open("rb"),
        as_attachment=True,
        filename=file_stem(
            "Hồ sơ khen thưởng", year, "phiên họp ngày", f"{job.meeting.held_on:%d-%m-%Y}"
        )
        + ".pdf",
        content_type="application/pdf",
    )
