"""Second factor (verify, enrol, manage) and the audit trail page with its exports."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.paging import html_rows

from . import audit
from .forms import AuditSearchForm, EnrolForm, TokenForm
from .models import SecurityEvent
from .permissions import can_view_audit_log, must_use_second_factor
from .services import (
    confirm_enrolment,
    has_second_factor,
    is_locked_out,
    pending_totp_device,
    qr_svg,
    record_event,
    regenerate_recovery_codes,
    secret_text,
    verify_second_factor,
)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _locked_out(request):
    logout(request)
    return render(request, "registration/locked_out.html", status=429)


@never_cache
def second_factor_verify(request):
    """The second step of sign-in: a TOTP code, or one of the recovery codes."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(user):
        return redirect("second_factor_enrol")
    if is_locked_out(request):
        return _locked_out(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_second_factor(request, form.cleaned_data["token"]):
            return redirect(_next_url(request))
        if getattr(request, "axes_locked_out", False) or is_locked_out(request):
            return _locked_out(request)
        form.add_error(
            "token",
            _("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. Vui lòng thử lại."),
        )
    return render(request, "security/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
def second_factor_enrol(request):
    """Set up an authenticator app: QR code (or the secret typed by hand), then a first code.

    Someone who already has a device must pass it before enrolling a new one: otherwise a
    stolen password alone would let an attacker replace the second factor.
    """
    user = request.user
    if has_second_factor(user) and not user.is_verified():
        return redirect("second_factor_verify")
    device = pending_totp_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_enrolment(request, device, form.cleaned_data["token"])
        if codes:
            return render(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "enrolled": True, "next": _next_url(request)},
            )
        if getattr(request, "axes_locked_out", False) or is_locked_out(request):
            return _locked_out(request)
        form.add_error(
            "token", _("Mã không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã đang hiện.")
        )
    return render(
        request,
        "security/enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg(device),
            "secret": secret_text(device),
            "required": must_use_second_factor(user),
            "next": _next_url(request),
        },
    )


@never_cache
def second_factor_manage(request):
    """The account's second factor: status, replace the app, new recovery codes."""
    user = request.user
    from django_otp.plugins.otp_static.models import StaticToken

    context = {
        "enrolled": has_second_factor(user),
        "required": must_use_second_factor(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
    }
    return render(request, "security/manage.html", context)


@never_cache
@require_POST
def recovery_codes_renew(request):
    if not (request.user.is_verified() and has_second_factor(request.user)):
        raise PermissionDenied
    codes = regenerate_recovery_codes(request)
    messages.success(request, _("Đã tạo mã khôi phục mới; các mã cũ không còn dùng được."))
    return render(request, "security/recovery_codes.html", {"codes": codes, "next": "/"})


# One line of the audit page (core.paging.html_rows: no template nodes per row).
AUDIT_ROW = (
    '<tr><td class="text-nowrap">{when}</td><td>{source}</td><td>{actor}</td>'
    '<td>{action}</td><td>{target}</td><td class="small text-break">{short_detail}</td>'
    "<td>{ip}</td></tr>"
)


@never_cache
def audit_log(request):
    """Every trail in one place: sign-ins and downloads, data changes, workflow history."""
    if not can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = audit.page(request, **filters)
    return render(
        request,
        "security/audit_log.html",
        {
            "form": form,
            "fields": [(form["q"], 4), (form["source"], 3), (form["since"], 2), (form["until"], 2)],
            "page": page,
            "rows": page.object_list,
            "rows_html": html_rows(AUDIT_ROW, page.object_list),
            "query": page.query,  # the filters, for the exports
        },
    )


@never_cache
def audit_log_export(request, fmt):
    if not can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = audit.search(limit=audit.EXPORT_ROWS, **filters)
    record_event(
        SecurityEvent.Kind.AUDIT_EXPORT, request=request, detail=f"{fmt}: {len(rows)} dòng"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(
            "\ufeff" + audit.as_csv(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.csv"'
        return response
    response = HttpResponse(
        audit.as_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.xlsx"'
    return response
