"""Sign-in events go to the security log, whichever view (portal or admin) signed in."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent
from .services import ENROLLED_SESSION_KEY, has_second_factor, record_event


@receiver(user_logged_in, dispatch_uid="security_login")
def log_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["security_login_at"] = _now()
        request.session["security_seen_at"] = _now()
        request.session[ENROLLED_SESSION_KEY] = has_second_factor(user)
    record_event(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    if sender == "security.services":  # a wrong second factor, already logged as such
        return
    record_event(
        SecurityEvent.Kind.LOGIN_FAILED,
        request=request,
        username=str((credentials or {}).get("username", "")),
    )


@receiver(user_logged_out, dispatch_uid="security_logout")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_locked_out, dispatch_uid="security_locked_out")
def log_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record_event(SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "")


def _now():
    import time

    return int(time.time())
