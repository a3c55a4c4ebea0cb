import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .forms import LoginForm
from .health import readiness_checks
from .services import mark_notices_read

RETRY_AFTER_SECONDS = 30


class PortalLoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@cache_control(max_age=86400, public=True)
@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says."""
    path = finders.find("img/favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Readiness: 200 when the database, the broker and at least one worker answer.

    JSON with each check; 503 when one fails, so a load balancer or an operator sees
    which part is missing. /healthz stays the liveness check (the process answers).
    """
    checks = readiness_checks()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )


def server_error(request, *args, **kwargs):
    """handler500: a database that does not answer is a 503 with Retry-After, in Vietnamese.

    Any other error stays a 500. Neither page touches the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        context = {"retry_after": RETRY_AFTER_SECONDS}
        response = HttpResponseServerError(loader.render_to_string("503.html", context))
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def notice_list(request):
    notices = list(request.user.notices.all()[:100])
    if request.method == "POST":
        mark_notices_read(request.user)
    return render(request, "core/notice_list.html", {"notices": notices})
