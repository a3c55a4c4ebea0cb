"""Model examples: the public list and story, the office's drafts and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.paging import paginate
from units.forms import UNIT_QUERY
from units.models import Unit
from units.permissions import allowed_if

from . import services
from .forms import ExemplarForm
from .models import Exemplar
from .permissions import can_manage_exemplars, get_exemplar_for

FIELDS = ("title", "story", "year", "unit", "person_name", "person_position", "photo_caption")


@login_not_required
@require_GET
def public_list(request):
    page = paginate(request, Exemplar.objects.published().select_related("unit"), per_page=12)
    return render(request, "exemplars/public_list.html", {"page": page})


@login_not_required
@require_GET
def public_detail(request, pk):
    exemplar = get_exemplar_for(request.user, pk)
    return render(request, "exemplars/public_detail.html", {"exemplar": exemplar})


@login_not_required
@require_GET
def photo(request, pk):
    exemplar = get_exemplar_for(request.user, pk)
    storage = exemplar.photo.storage
    if not exemplar.photo.name or not storage.exists(exemplar.photo.name):
        raise Http404
    response = FileResponse(storage.open(exemplar.photo.name, "rb"))
    response["Content-Type"] = "image/png" if exemplar.photo.name.endswith(".png") else "image/jpeg"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _units():
    return Unit.objects.in_vietnamese_order("tier")


@require_http_methods(["GET", "POST"])
@allowed_if(can_manage_exemplars)
def manage(request):
    """The office's examples (drafts and published) and the form for a new one."""
    form = ExemplarForm(
        request.POST or None,
        request.FILES or None,
        units=_units(),
        unit_query=request.GET.get(UNIT_QUERY, ""),
    )
    status = 200
    if request.method == "POST":
        exemplar = _save(request, form, None)
        if exemplar is not None:
            return redirect("exemplars:edit", pk=exemplar.pk)
        status = 400
    context = {
        "form": form,
        "exemplars": Exemplar.objects.select_related("unit").order_by("-year", "-pk"),
    }
    return render(request, "exemplars/manage.html", context, status=status)


def _save(request, form, exemplar):
    if not form.is_valid():
        messages.error(request, _("Chưa lưu: vui lòng sửa các ô được đánh dấu."))
        return None
    try:
        saved = services.save_exemplar(
            exemplar,
            by=request.user,
            photo=form.cleaned_data["photo"],
            **{name: form.cleaned_data[name] for name in FIELDS},
        )
    except services.ExemplarError as error:
        messages.error(request, str(error))
        return None
    messages.success(request, _("Đã lưu gương điển hình “%(title)s”.") % {"title": saved.title})
    return saved


@require_http_methods(["GET", "POST"])
@allowed_if(can_manage_exemplars)
def edit(request, pk):
    exemplar = get_exemplar_for(request.user, pk)
    initial = {name: getattr(exemplar, name) for name in FIELDS}
    form = ExemplarForm(
        request.POST or None,
        request.FILES or None,
        units=_units(),
        initial=initial,
        unit_query=request.GET.get(UNIT_QUERY, ""),
    )
    status = 200
    if request.method == "POST":
        if _save(request, form, exemplar) is not None:
            return redirect("exemplars:edit", pk=exemplar.pk)
        status = 400
    return render(
        request, "exemplars/edit.html", {"form": form, "exemplar": exemplar}, status=status
    )


def _act(request, pk, action, done):
    exemplar = get_exemplar_for(request.user, pk)
    try:
        action(exemplar, by=request.user)
    except services.ExemplarError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("exemplars:edit", pk=exemplar.pk)


@require_POST
@allowed_if(can_manage_exemplars)
def publish(request, pk):
    return _act(request, pk, services.publish_exemplar, _("Đã công bố trên trang công khai."))


@require_POST
@allowed_if(can_manage_exemplars)
def withdraw(request, pk):
    return _act(request, pk, services.withdraw_exemplar, _("Đã gỡ khỏi trang công khai."))
