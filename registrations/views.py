import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, FilteredRelation, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import AwardForm
from core.db import CompiledRead
from core.forms import formset_rows
from core.models import Version
from core.paging import LazyRows, html_rows, link_for, page_table, paginate
from core.templatetags.status_badges import badge_tone
from core.text import local_time, short_date
from core.workflow import history, refuse, transitions_of, version_check
from documents.models import IssuingBody
from security.services import record_download
from units.forms import UNIT_QUERY
from units.models import UNIT_ROLES, Tier
from units.permissions import allowed_if, role_required

from . import exports, queries, services
from .dashboard import dashboard_context
from .forms import (
    AcceptForm,
    ExtensionForm,
    HandoverForm,
    IndividualFormSet,
    RegistrationFilterForm,
    RegistrationForm,
    ReturnForm,
    TargetFormSet,
)
from .models import (
    Campaign,
    CampaignRole,
    DeadlineExtension,
    DisplayStatus,
    RegisteredIndividual,
    Registration,
    RegistrationWindow,
    Target,
)
from .permissions import (
    can_edit_registration,
    can_grant_extension,
    can_hand_over_campaign,
    can_list_extensions,
    can_list_registrations,
    can_review_registration,
    can_review_registrations,
    can_send_registration,
    can_submit_registration,
    get_registration_for,
)
from .roles import holder_today


def home(request):
    """The portal's home page: the current registration window as each role sees it."""
    return render(request, "registrations/home.html", dashboard_context(request.user))


@require_GET
@role_required(*UNIT_ROLES)
def registration_mine(request):
    return _render_mine(request)


# The unit's list reads, compiled once per process (core.db.CompiledRead, issue 10).
_OWN_REGISTRATIONS = CompiledRead(
    lambda unit: (
        Registration.objects.filter(unit_id=unit)
        .select_related("window__campaign")
        .order_by("-window__year")
    )
)
_OPEN_WINDOWS = CompiledRead(
    lambda unit: (
        RegistrationWindow.objects.filter(campaign__is_active=True)
        .exclude(registrations__unit_id=unit)
        .annotate(
            ext=FilteredRelation("extensions", condition=Q(extensions__unit_id=unit)),
            extended_on=F("ext__deadline_on"),
        )
        .select_related("campaign")
        .order_by("-year")
    )
)


def _render_mine(request, status=200):
    unit_id = request.user.unit_id
    return render(
        request,
        "registrations/registration_mine.html",
        {
            # Rows prepared here: no include, filter or {% url %} per row.
            "registrations": [
                {
                    "year": r.window.year,
                    "tone": badge_tone(r.display_status),
                    "status": r.display_status.label,
                    "first_submitted_at": local_time(r.first_submitted_at) or "—",
                    "url": reverse("registrations:detail", args=[r.pk]),
                }
                for r in _OWN_REGISTRATIONS.objects(unit=unit_id)
            ],
            "open_windows": _OPEN_WINDOWS.objects(unit=unit_id),
        },
        status=status,
    )


@require_POST
@role_required(*UNIT_ROLES)
def registration_start(request, window_pk):
    window = get_object_or_404(RegistrationWindow, pk=window_pk, campaign__is_active=True)
    try:
        registration = services.start_registration(window, by=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return _render_mine(request, status=400)
    messages.success(request, _("Đã tạo bản đăng ký thi đua năm %(year)s.") % {"year": window.year})
    return redirect("registrations:edit", pk=registration.pk)


@require_GET
def registration_detail(request, pk):
    return _render_detail(request, get_registration_for(request.user, pk))


# The detail page's reads, compiled once per process (core.db.CompiledRead, issue 10).
_TARGETS = CompiledRead(lambda registration: Target.objects.filter(registration_id=registration))
_INDIVIDUALS = CompiledRead(
    lambda registration: RegisteredIndividual.objects.filter(
        registration_id=registration
    ).select_related("award_form")
)
_AWARD_FORMS = CompiledRead(
    lambda registration: AwardForm.objects.filter(
        pk__in=Registration.award_forms.through.objects.filter(registration_id=registration).values(
            "awardform_id"
        )
    )
)
_EXTENSION = CompiledRead(
    lambda window, unit: (
        DeadlineExtension.objects.filter(window_id=window, unit_id=unit)
        .select_related("granted_by")
        .order_by("pk")[:1]
    )
)


def _render_detail(request, registration, *, status=200, return_form=None):
    user = request.user
    context = {
        "registration": registration,
        "targets": _TARGETS.objects(registration=registration.pk),
        "individuals": _INDIVIDUALS.objects(registration=registration.pk),
        "award_forms": _AWARD_FORMS.objects(registration=registration.pk),
        **history(registration, "registrations:version"),
        "extension": _extension_of(registration),
        "can_edit": can_edit_registration(user, registration),
        "can_submit": can_submit_registration(user, registration),
        "can_review": can_review_registration(user, registration),
    }
    if context["can_review"]:  # the forms only the reviewer sees (built only for them)
        context["return_form"] = return_form or ReturnForm()
        context["accept_form"] = AcceptForm()
    return render(request, "registrations/registration_detail.html", context, status=status)


def _extension_of(registration):
    """The unit's extension for the registration's year with its history, or None."""
    found = _EXTENSION.objects(window=registration.window_id, unit=registration.unit_id)
    extension = found[0] if found else None
    if extension is not None:
        extension.history = transitions_of(extension)
    return extension


def _refuse(request, registration, error, **kwargs):
    return refuse(request, registration, error, _render_detail, **kwargs)


def _not_editable_reason(registration):
    """Why a registration cannot be edited, and what to do instead."""
    office = holder_today(
        registration.window.campaign,
        CampaignRole.Kind.STANDING_OFFICE,
        _("cơ quan thường trực phong trào"),
    )
    if registration.status == Registration.Status.ACCEPTED:
        reviewed = (
            timezone.localtime(registration.reviewed_at) if registration.reviewed_at else None
        )
        return _(
            "Đăng ký đã được %(office)s tiếp nhận%(on)s nên không sửa được nữa. "
            "Cần thay đổi chỉ tiêu thì liên hệ %(office)s; kết quả thực hiện "
            "ghi ở “Kết quả tiêu chí” và “Báo cáo định kỳ”."
        ) % {"office": office, "on": f" ngày {short_date(reviewed)}" if reviewed else ""}
    return _("Đăng ký đã gửi không sửa được; chờ %(office)s xử lý.") % {"office": office}


@require_http_methods(["GET", "POST"])
@role_required(*UNIT_ROLES)
def registration_edit(request, pk):
    registration = get_registration_for(request.user, pk)
    if not registration.is_editable:
        return _refuse(request, registration, _not_editable_reason(registration))
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES)
        targets = TargetFormSet(request.POST, prefix="targets")
        individuals = IndividualFormSet(request.POST, prefix="individuals")
        if form.is_valid() and targets.is_valid() and individuals.is_valid():
            try:
                services.update_registration(
                    registration,
                    by=request.user,
                    commitment=form.cleaned_data["commitment"],
                    award_forms=form.cleaned_data["award_forms"],
                    plan_file=form.cleaned_data["action_plan"],
                    targets=formset_rows(targets),
                    individuals=formset_rows(individuals),
                )
            except services.RegistrationError as error:
                return _refuse(request, registration, error)
            messages.success(request, _("Đã lưu bản đăng ký."))
            return redirect("registrations:detail", pk=pk)
        messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
        status = 400
    else:
        form = RegistrationForm(
            initial={
                "commitment": registration.commitment,
                "award_forms": registration.award_forms.all(),
            }
        )
        targets = TargetFormSet(
            prefix="targets",
            initial=list(
                registration.targets.values("title", "measure", "target_value", "product", "due_on")
            ),
        )
        individuals = IndividualFormSet(
            prefix="individuals",
            initial=[
                {"full_name": i.full_name, "position": i.position, "award_form": i.award_form_id}
                for i in registration.individuals.all()
            ],
        )
        status = 200
    return render(
        request,
        "registrations/registration_edit.html",
        {
            "registration": registration,
            "form": form,
            "targets": targets,
            "individuals": individuals,
        },
        status=status,
    )


@require_POST
@role_required(*UNIT_ROLES)
def registration_submit(request, pk):
    registration = get_registration_for(request.user, pk)
    if not can_send_registration(request.user, registration):
        raise PermissionDenied
    try:
        services.submit_registration(registration, by=request.user)
    except services.RegistrationError as error:
        return _refuse(request, registration, error)
    office = holder_today(
        registration.window.campaign, CampaignRole.Kind.STANDING_OFFICE, _("cơ quan thường trực")
    )
    messages.success(request, _("Đã gửi đăng ký thi đua tới %(office)s.") % {"office": office})
    return redirect("registrations:detail", pk=pk)


@require_POST
@allowed_if(can_review_registrations)
def registration_accept(request, pk):
    registration = get_registration_for(request.user, pk)
    form = AcceptForm(request.POST)
    form.is_valid()
    try:
        services.accept_registration(
            registration, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except services.RegistrationError as error:
        return _refuse(request, registration, error)
    messages.success(request, _("Đã tiếp nhận đăng ký của %(unit)s.") % {"unit": registration.unit})
    return redirect("registrations:detail", pk=pk)


@require_POST
@allowed_if(can_review_registrations)
def registration_return(request, pk):
    registration = get_registration_for(request.user, pk)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise services.RegistrationError(_("Cần ghi rõ lý do trả lại để đơn vị sửa."))
        services.return_registration(
            registration, by=request.user, reason=form.cleaned_data["reason"]
        )
    except services.RegistrationError as error:
        return _refuse(request, registration, error, return_form=form)
    messages.success(request, _("Đã trả lại đăng ký của %(unit)s.") % {"unit": registration.unit})
    return redirect("registrations:detail", pk=pk)


@require_GET
def registration_version(request, pk, number):
    registration = get_registration_for(request.user, pk)
    version = get_object_or_404(Version.objects.for_object(registration), number=number)
    return render(
        request,
        "registrations/registration_version.html",
        {
            "registration": registration,
            "version": version,
            "check": version_check(request, version),
        },
    )


@require_GET
def registration_plan(request, pk, number=None):
    """Download the action plan (current, or of a frozen version) after the access check."""
    registration = get_registration_for(request.user, pk)
    if number is None:
        stored, original = registration.action_plan.name, registration.action_plan_name
    else:
        version = get_object_or_404(Version.objects.for_object(registration), number=number)
        stored, original = version.data.get("action_plan"), version.data.get("action_plan_name")
    if not stored:
        raise Http404
    storage = registration.action_plan.storage
    if not storage.exists(stored):
        raise Http404
    record_download(request, f"kế hoạch của đăng ký #{registration.pk}: {original or stored}")
    return FileResponse(
        storage.open(stored, "rb"),
        as_attachment=True,
        filename=original or stored.rsplit("/", 1)[-1],
    )


def _overview_filters(request, window):
    form = RegistrationFilterForm(request.GET)
    form.is_valid()
    filters = {k: form.cleaned_data.get(k) or "" for k in ("q", "tier", "status")}
    return window, filters


@require_GET
@allowed_if(can_list_registrations)
def registration_list(request):
    """The overview, a page of rows at a time: counts from one aggregate, rows as values."""
    # The year menu's windows, read once: the shown window is chosen among them.
    windows = list(_windows_for(request.user).order_by("-year", "campaign"))
    window, filters = _overview_filters(request, _window_among(windows, request))
    counts, page, table = {}, None, ""
    if window:
        counts = queries.status_counts(window, q=filters["q"], tier=filters["tier"])
        rows = LazyRows(lambda: queries.overview_rows(window, **filters))
        shown = counts[filters["status"]] if filters["status"] else sum(counts.values())
        page = paginate(request, rows, count=shown)
        page.object_list, table = _overview_table(page, window, filters, counts, windows)
    if request.htmx:
        return HttpResponse(table)
    context = {
        "window": window,
        "windows": windows,
        "page": page,
        "rows": page.object_list if page else [],
        "table": table,
        "filters": filters,
        "tiers": Tier.choices,
        "statuses": DisplayStatus.choices,
        "read_only": not can_review_registrations(request.user),
    }
    return render(request, "registrations/registration_list.html", context)


def _overview_table(page, window, filters, counts, windows):
    """The page's rows and its table (the counts, the rows, the page links), rendered
    once per change of the data (like the counts) when no search narrows them: a row
    changes by transitions (start, submission, review, extension: each makes the cache
    stale) and its unit by the import; a draft's edits do not change what its row shows."""
    return page_table(
        page,
        "registrations/_overview_table.html",
        lambda page: {
            "page": page,
            "rows": page.object_list,
            "rows_html": _rows_html(page),
            "counts": [(v, label, counts.get(v, 0)) for v, label in DisplayStatus.choices],
            "total": sum(counts.values()),
        },
        key=None if filters["q"] else f"registrations:overview:{window.pk}",
        params={
            "year": {str(w.year) for w in windows},
            "q": {""},
            "tier": {"", *Tier.values},
            "status": {"", *DisplayStatus.values},
        },
    )


OVERVIEW_ROW = (
    '<tr><td>{number}</td><td>{name}</td><td class="small">{tier_label}</td>'
    '<td><span class="badge {tone}">{status_label}</span></td>'
    '<td class="small">{first_text}</td><td class="small">{deadline_html}</td>'
    '<td class="text-end">{open_html}</td></tr>'
)


def _rows_html(page):
    """The page's rows (registrations/_overview_table.html's table body), their texts
    prepared once here rather than by tags per row in a template (issue 10)."""
    # Labels translated once per page (a lazy label would be translated again per row).
    tiers = {value: str(label) for value, label in Tier.choices}
    statuses = {value: str(label) for value, label in DisplayStatus.choices}
    late, on_time = _("Muộn"), _("Đúng hạn")
    # Each row's markup from pieces escaped once per page: ids and dates need no escaping.
    timing_html = {
        None: "—",
        True: format_html('<span class="text-danger">{}</span>', late),
        False: escape(on_time),
    }
    extended = format_html('<div><span class="badge text-bg-info">{}</span> ', _("Gia hạn"))
    opened = escape(_("Mở"))
    link = link_for("registrations:detail")
    for number, row in enumerate(page.object_list, start=page.start_index()):
        first, is_late = row["reg_first_submitted_at"], row["reg_is_late"]
        row["number"] = number
        row["tier_label"] = tiers.get(row["tier"], row["tier"])
        row["status_label"] = statuses[row["status"]]
        row["tone"] = badge_tone(row["status"])
        row["first_text"] = local_time(first) or "—"
        row["timing"] = "" if is_late is None else (late if is_late else on_time)
        row["url"] = link(row["reg_id"]) if row["reg_id"] else ""
        row["ext_text"] = short_date(row["ext_on"])
        row["deadline_html"] = timing_html[is_late] + (
            f"{extended}{row['ext_text']}</div>" if row["ext_on"] else ""
        )
        row["open_html"] = f'<a href="{row["url"]}">{opened}</a>' if row["url"] else ""
    return html_rows(OVERVIEW_ROW, page.object_list)


@require_GET
@allowed_if(can_list_registrations)
def registration_export(request):
    window, filters = _overview_filters(request, _window_from(request))
    if window is None:
        raise Http404
    return exports.overview_xlsx(window, queries.overview_rows(window, **filters))


def _windows_for(user):
    """The windows of the campaigns the user's organisation runs."""
    return RegistrationWindow.objects.filter(
        campaign__in=Campaign.objects.visible_to(user)
    ).select_related("campaign")


def _window_from(request):
    year = request.GET.get("year")
    windows = _windows_for(request.user)
    if year and year.isdigit():
        return windows.filter(year=int(year), campaign__is_active=True).first()
    return windows.current()


def _window_among(windows, request):
    """_window_from(request) chosen among `windows` already read (ordered by year, newest
    first, then as their default order: campaign), without querying again."""
    active = [window for window in windows if window.campaign.is_active]
    year = request.GET.get("year")
    if year and year.isdigit():
        return next((w for w in active if w.year == int(year)), None)
    this_year = timezone.localdate().year  # WindowQuerySet.current(): the latest up to now
    return next((w for w in active if w.year <= this_year), None)


@require_GET
@allowed_if(can_list_extensions)
def extension_list(request):
    """The year's extensions by exception; the culture office grants them here."""
    return _render_extensions(request, _window_from(request))


def _render_extensions(request, window, *, form=None, status=200):
    if window is None:
        raise Http404
    can_grant = can_grant_extension(request.user)
    if can_grant and form is None:
        form = ExtensionForm(
            units=_extension_units(window), unit_query=request.GET.get(UNIT_QUERY, "")
        )
    context = {
        "window": window,
        "windows": RegistrationWindow.objects.select_related("campaign").order_by("-year"),
        "extensions": queries.extensions(window),
        "form": form if can_grant else None,
    }
    return render(request, "registrations/extension_list.html", context, status=status)


def _extension_units(window):
    return queries.expected_units(window).in_vietnamese_order("tier")


@require_POST
@allowed_if(can_grant_extension)
def extension_grant(request, window_pk):
    window = get_object_or_404(RegistrationWindow, pk=window_pk, campaign__is_active=True)
    form = ExtensionForm(request.POST, units=_extension_units(window))
    if not form.is_valid():
        messages.error(request, _("Chưa gia hạn: vui lòng sửa các ô được đánh dấu."))
        return _render_extensions(request, window, form=form, status=400)
    unit = form.cleaned_data["unit"]
    try:
        extension = services.grant_extension(
            window,
            unit,
            by=request.user,
            deadline_on=form.cleaned_data["deadline_on"],
            reason=form.cleaned_data["reason"],
        )
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return _render_extensions(request, window, form=form, status=400)
    messages.success(
        request,
        _("Đã gia hạn đăng ký cho %(unit)s đến trước ngày %(date)s.")
        % {"unit": unit.name, "date": short_date(extension.deadline_on)},
    )
    return redirect(f"{reverse('registrations:extensions')}?year={window.year}")


@require_POST
@allowed_if(can_grant_extension)
def extension_withdraw(request, pk):
    """The office takes back one unit's extension, with a reason."""
    extension = get_object_or_404(
        DeadlineExtension.objects.select_related("window", "unit"),
        pk=pk,
        window__campaign__in=Campaign.objects.visible_to(request.user),
    )
    window = extension.window
    try:
        services.withdraw_extension(
            extension, by=request.user, reason=request.POST.get("reason", "")
        )
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return _render_extensions(request, window, status=400)
    messages.success(
        request,
        _("Đã thu hồi gia hạn của %(unit)s: hạn đăng ký trở lại trước ngày %(date)s.")
        % {"unit": extension.unit.name, "date": short_date(window.deadline_on)},
    )
    return redirect(f"{reverse('registrations:extensions')}?year={window.year}")


# --- Campaign handover (issue 9) --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_hand_over_campaign)
def campaign_handover(request, pk):
    """The campaign's role holders over time and the form that hands roles over."""
    campaign = get_object_or_404(Campaign, pk=pk)
    # Only bodies that exist at some point of the campaign can hold its roles.
    first_day = datetime.date(campaign.start_year, 1, 1)
    last_day = datetime.date(campaign.end_year, 12, 31)
    bodies = IssuingBody.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first_day),
        Q(valid_from__isnull=True) | Q(valid_from__lte=last_day),
    ).order_by("name", "pk")
    form = HandoverForm(request.POST or None, kinds=CampaignRole.Kind.choices, bodies=bodies)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.hand_over_campaign(
                    campaign,
                    on=form.cleaned_data["on"],
                    assignments=form.assignments(),
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.RegistrationError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("Đã bàn giao phong trào."))
                return redirect("registrations:handover", pk=campaign.pk)
        else:
            status = 400
    assignments, handovers = queries.campaign_role_history(campaign)
    return render(
        request,
        "registrations/campaign_handover.html",
        {
            "campaign": campaign,
            "form": form,
            "assignments": assignments,
            "handovers": handovers,
        },
        status=status,
    )
