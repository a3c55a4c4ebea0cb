from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.paging import html_rows
from core.text import short_date

from .forms import UnitImportForm, UnitSearchForm
from .models import Tier, Unit
from .permissions import allowed_if, can_manage_units, can_see_all_units
from .services import UnitImportError, import_units


@require_GET
@allowed_if(can_see_all_units)
def unit_list(request):
    form = UnitSearchForm(request.GET)
    form.is_valid()
    units = Unit.objects.seen_by(request.user)
    if form.cleaned_data.get("q"):
        units = units.search(form.cleaned_data["q"])
    if form.cleaned_data.get("tier"):
        units = units.filter(tier=form.cleaned_data["tier"])
    rows = units.in_vietnamese_order("tier").values(
        "code", "name", "tier", "valid_from", "valid_to", successor_name=F("successor__name")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    template = "units/_unit_table.html" if request.htmx else "units/unit_list.html"
    return render(
        request, template, {"form": form, "page": page, "rows_html": _unit_rows(page.object_list)}
    )


UNIT_ROW = (
    '<tr{muted_html}><td class="small">{code}</td><td>{name}</td>'
    '<td class="small">{tier_label}</td><td class="small">{from_text} – {to_text}</td>'
    '<td class="small">{successor}</td></tr>'
)


def _unit_rows(rows):
    """The units' rows (units/_unit_table.html's table body), laid out here rather than by
    tags and filters per row (issue 10)."""
    tiers = {value: str(label) for value, label in Tier.choices}
    for row in rows:
        row["muted_html"] = ' class="text-muted"' if row["valid_to"] else ""
        row["tier_label"] = tiers.get(row["tier"], row["tier"])
        row["from_text"] = short_date(row["valid_from"]) or "…"
        row["to_text"] = short_date(row["valid_to"]) or "nay"
        row["successor"] = row["successor_name"] or ""
    return html_rows(UNIT_ROW, rows)


@require_http_methods(["GET", "POST"])
@allowed_if(can_manage_units)
def unit_import(request):
    errors, status = [], 200
    form = UnitImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                result = import_units(form.cleaned_data["file"], by=request.user)
            except UnitImportError as error:
                errors, status = error.errors, 400
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Đã nhập: %(created)s đơn vị mới, %(updated)s đơn vị cập nhật.") % result,
                )
                return redirect("units:list")
        else:
            status = 400
    return render(
        request, "units/unit_import.html", {"form": form, "errors": errors}, status=status
    )
