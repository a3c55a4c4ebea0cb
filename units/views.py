from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .forms import UnitImportForm, UnitSearchForm
from .models import Unit
from .permissions import allowed_if, can_manage_units, can_see_all_units
from .services import UnitImportError, import_units


@require_GET
@allowed_if(can_see_all_units)
def unit_list(request):
    form = UnitSearchForm(request.GET)
    form.is_valid()
    units = Unit.objects.seen_by(request.user).select_related("successor")
    if form.cleaned_data.get("q"):
        units = units.search(form.cleaned_data["q"])
    if form.cleaned_data.get("tier"):
        units = units.filter(tier=form.cleaned_data["tier"])
    page = Paginator(units.in_vietnamese_order("tier"), 50).get_page(request.GET.get("page"))
    template = "units/_unit_table.html" if request.htmx else "units/unit_list.html"
    return render(request, template, {"form": form, "page": page})


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
