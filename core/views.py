from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from registrations.dashboard import dashboard_context
from reports.todo import todo_for

from .forms import LoginForm
from .services import mark_notices_read


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


def home(request):
    context = dashboard_context(request.user)
    context["todo"] = todo_for(request.user, context["window"])
    return render(request, "core/home.html", context)


def notice_list(request):
    notices = list(request.user.notices.all()[:100])
    if request.method == "POST":
        mark_notices_read(request.user)
    return render(request, "core/notice_list.html", {"notices": notices})
