"""The project's URLs plus the bare reference page the page benchmark compares with."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

BARE_PATH = "bench/bare/"
BARE_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="vi"><head><title>{{ title }}</title></head><body>'
    "<h1>{{ title }}</h1><ul>{% for unit in units %}<li>{{ unit.code }} – {{ unit.name }}</li>"
    "{% endfor %}</ul><p>{{ registrations }} {{ reports }}</p></body></html>"
)


def bare(request):
    """A plain Django page of 5 queries in all: session and user (middleware), then three
    small reads, rendered from a small template through the same middleware."""
    from registrations.models import Registration
    from reports.models import PeriodicReport
    from units.models import Unit

    context = {
        "title": "Trang tham chiếu",
        "units": list(Unit.objects.order_by("pk")[:10]),
        "registrations": Registration.objects.filter(pk__lte=10).count(),
        "reports": PeriodicReport.objects.filter(pk__lte=10).count(),
    }
    return HttpResponse(BARE_TEMPLATE.render(context))


urlpatterns = [path(BARE_PATH, bare, name="bench_bare"), *project_urlpatterns]
