"""Second-factor enrolment and verification, and the security event log."""

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityEvent

RECOVERY_CODE_COUNT = 10
ENROLLED_SESSION_KEY = "security_enrolled"
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã khôi phục"


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(kind, *, request=None, user=None, username="", detail=""):
    """Append one row to the security log (never raises on a missing request)."""
    if user is None and getattr(request, "user", None) is not None:
        user = request.user
    if user is not None and not user.is_authenticated:
        user = None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=client_ip(request),
        path=(request.path if request is not None else "")[:300],
        detail=str(detail)[:500],
    )


def record_download(request, what):
    """Log a download of a file that carries personal data (who, when, which file)."""
    return record_event(SecurityEvent.Kind.DOWNLOAD, request=request, detail=what)


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_session_verified(request):
    """True once this session passed the second factor (`django_otp.login` marked it)."""
    return DEVICE_ID_SESSION_KEY in request.session


def pending_totp_device(user):
    """The unconfirmed TOTP device being enrolled (the same QR code on every reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device):
    """The device's otpauth:// URI as an inline SVG QR code (rendered here, no CDN).

    Sized by its viewBox only: the page's CSS fits it to the column (a 320 px phone)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, omitsize=True)


def secret_text(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def renew_recovery_codes(user, *, codes=None):
    """Replace the user's recovery codes with fresh single-use ones; return them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = list(codes or [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)])
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return device, codes


@transaction.atomic
def confirm_enrolment(request, device, token):
    """Confirm a pending TOTP device with a first code; return the new recovery codes or None.

    Refuses a wrong code (counted by the lockout). On success the session is verified, any
    older TOTP device of the user is removed and fresh recovery codes are created.
    """
    user = request.user
    if not device.verify_token(token):
        count_failure(request)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _static, codes = renew_recovery_codes(user)
    otp_login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True
    reset_failures(request, user)
    record_event(SecurityEvent.Kind.OTP_ENROLLED, request=request)
    return codes


def regenerate_recovery_codes(request):
    """New recovery codes for the signed-in, verified user; the old ones stop working."""
    _device, codes = renew_recovery_codes(request.user)
    record_event(SecurityEvent.Kind.RECOVERY_RENEWED, request=request)
    return codes


def verify_second_factor(request, token):
    """Check a TOTP code or a recovery code; on success mark the session verified.

    A recovery code works once (django-otp deletes it). A failure counts towards the same
    lockout as a wrong password (django-axes).
    """
    user = request.user
    token = "".join(str(token).split()).lower()
    with transaction.atomic():
        matched = None
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(token):
                matched = device
                break
    if matched is None:
        count_failure(request)
        return None
    otp_login(request, matched)
    reset_failures(request, user)
    if isinstance(matched, StaticDevice):
        left = matched.token_set.count()
        record_event(SecurityEvent.Kind.RECOVERY_USED, request=request, detail=f"còn {left} mã")
    else:
        record_event(SecurityEvent.Kind.OTP_VERIFIED, request=request)
    return matched


def count_failure(request):
    """A wrong second factor counts like a wrong password (django-axes lockout)."""
    username = request.user.get_username()
    record_event(SecurityEvent.Kind.OTP_FAILED, request=request)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def is_locked_out(request):
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def reset_failures(request, user):
    """Forget the failed attempts once the whole sign-in (both factors) succeeded."""
    ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
    AxesProxyHandler.reset_attempts(ip_address=ip_address, username=user.get_username())


@transaction.atomic
def reset_second_factor(user, *, by, request=None):
    """Remove every device of `user`: their next sign-in starts a new enrolment."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    end_sessions(user)
    record_event(
        SecurityEvent.Kind.OTP_RESET,
        request=request,
        user=by,
        detail=f"đặt lại cho tài khoản {user.get_username()}",
    )


def end_sessions(user):
    """Sign `user` out everywhere (database sessions): a reset second factor takes effect now."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
