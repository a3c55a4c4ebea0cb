"""Second factor gate, idle and absolute session timeouts, cache and feature headers."""

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import SecurityEvent
from .permissions import must_use_second_factor
from .services import ENROLLED_SESSION_KEY, has_second_factor, is_session_verified, record_event

# Views a signed-in but not yet verified user may reach.
SECOND_FACTOR_OPEN = {"second_factor_verify", "second_factor_enrol", "logout"}


class VerifiedSessionMiddleware:
    """`request.user.is_verified()` from the session alone (django-otp's middleware loads the
    device on every request; here the session, which only `django_otp.login` marks, is
    trusted, and an admin's reset ends the user's sessions: security.services)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(self._install, request, user))
        return self.get_response(request)

    @staticmethod
    def _install(request, user):
        user.otp_device = None
        user.is_verified = functools.partial(is_session_verified, request)
        return user


class SecondFactorMiddleware:
    """Until the second factor is passed, only enrolment, verification and logout answer.

    Required for the culture office, the council, admins and superusers; a unit account
    that enrolled (optional for them) must pass it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages (honour roll, open data, health)
        match = request.resolver_match
        if match is not None and match.url_name in SECOND_FACTOR_OPEN:
            return None
        enrolled = request.session.get(ENROLLED_SESSION_KEY)
        if enrolled is None:
            enrolled = request.session[ENROLLED_SESSION_KEY] = has_second_factor(user)
        if not enrolled and not must_use_second_factor(user):
            return None
        target = "second_factor_verify" if enrolled else "second_factor_enrol"
        url = reverse(target)
        if request.method == "GET" and not _is_htmx(request):
            url += "?" + urlencode({"next": request.get_full_path()})
        if _is_htmx(request):
            response = redirect(url)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get("security_seen_at", now)
            started = request.session.get("security_login_at", now)
            idle = now - seen > settings.SESSION_IDLE_SECONDS
            expired = now - started > settings.SESSION_COOKIE_AGE
            if idle or expired:
                record_event(
                    SecurityEvent.Kind.IDLE_TIMEOUT,
                    request=request,
                    detail="idle" if idle else "absolute",
                )
                logout(request)
                messages.info(
                    request,
                    _("Phiên làm việc đã hết hạn do lâu không thao tác. Vui lòng đăng nhập lại.")
                    if idle
                    else _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."),
                )
                url = reverse(settings.LOGIN_URL)
                if _is_htmx(request):
                    response = redirect(url)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
            # Write at most once a minute: every request need not save the session.
            if now - seen >= 60 or "security_seen_at" not in request.session:
                request.session["security_seen_at"] = now
            request.session.setdefault("security_login_at", started)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """No-store on every page a signed-in user sees and on every download; Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.has_header("Content-Disposition"):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"
