from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


def notice_list(request):
    notices = list(request.user.notices.all()[:100])
    if request.method == "POST":
        mark_notices_read(request.user)
    return render(request, "core/notice_list.html", {"notices": notices})
