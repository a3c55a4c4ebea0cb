import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NFCFormMixin
from core.text import DATE_FORMAT, number, plain, short_date

from .models import Tier, Unit


class UnitRowForm(NFCFormMixin, forms.Form):
    """One row of a unit import file."""

    code = forms.SlugField(label=_("mã đơn vị"), max_length=40)
    name = forms.CharField(label=_("tên đơn vị"), max_length=200)
    short_name = forms.CharField(label=_("tên viết tắt"), max_length=60, required=False)
    tier = forms.CharField(label=_("khối"))
    locality = forms.CharField(label=_("địa bàn"), max_length=200, required=False)
    address = forms.CharField(label=_("địa chỉ"), max_length=250, required=False)
    phone = forms.CharField(label=_("điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("thư điện tử"), required=False)
    valid_from = forms.DateField(
        label=_("hiệu lực từ ngày"), required=False, input_formats=[DATE_FORMAT, "%Y-%m-%d"]
    )
    valid_to = forms.DateField(
        label=_("hiệu lực đến ngày"), required=False, input_formats=[DATE_FORMAT, "%Y-%m-%d"]
    )
    successor_code = forms.CharField(label=_("mã đơn vị kế thừa"), required=False)

    def clean_tier(self):
        value = self.cleaned_data["tier"]
        for code, label in Tier.choices:
            if _key(value) in (_key(code), _key(label)):
                return code
        raise forms.ValidationError(
            _("khối “%(value)s” không có; dùng một trong: %(choices)s")
            % {"value": value, "choices": "; ".join(str(label) for _code, label in Tier.choices)}
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            raise forms.ValidationError(_("ngày hết hiệu lực trước ngày bắt đầu hiệu lực"))
        return cleaned


def _key(text):
    """Compare tier names loosely: no diacritics, case or punctuation ('UBND xã thị trấn')."""
    return re.sub(r"[^a-z0-9]+", " ", plain(str(text))).strip()


class UnitImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách đơn vị (XLSX hoặc CSV)"))


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False)
    tier = forms.ChoiceField(
        label=_("Khối"), choices=[("", _("Tất cả"))] + Tier.choices, required=False
    )


def parse_cell_date(value):
    if isinstance(value, datetime.datetime):
        return short_date(value.date())
    if isinstance(value, datetime.date):
        return short_date(value)
    return value


__all__ = ["Unit", "UnitImportForm", "UnitRowForm", "UnitSearchForm", "parse_cell_date"]


# --- Choosing a unit among a province's ------------------------------------------------

UNIT_QUERY = "tim_don_vi"  # the search's parameter, in the page's own URL (a GET)


class UnitSearchMixin:
    """A form whose unit select offers the units matching a search, not all of them.

    A province has some 2,000 units: a select of all of them weighs 130 KB and takes half
    a second to render (issue 10). The field still checks a posted choice against every
    unit allowed (`units`); the select lists the first SHOWN_UNITS matching the search,
    diacritic-insensitive (Unit.objects.search), and the unit already chosen. The page
    renders the search box with includes/_unit_search.html and its GET form with
    includes/_unit_search_form.html; views pass `request.GET.get(UNIT_QUERY)`.
    """

    SHOWN_UNITS = 20
    unit_query_name = UNIT_QUERY
    unit_query = ""

    def offer_units(self, name, units, query, *, hint):
        """`hint` is the help text while nothing is searched, with %(count)s units."""
        field = self.fields[name]
        field.queryset = units  # what a posted choice is checked against
        # What was posted, else what the form starts with (a unit or its id).
        chosen = self.data.get(self.add_prefix(name)) if self.is_bound else None
        if not self.is_bound:
            initial = self.initial.get(name)
            chosen = getattr(initial, "pk", initial)
        chosen = str(chosen or "")
        self.unit_query = query = (query or "").strip()
        shown = []
        if query:
            matching = units.search(query)
            found = matching.count()
            shown = list(matching[: self.SHOWN_UNITS])
            if not found:
                field.help_text = _("Không có đơn vị nào khớp “%(query)s”.") % {"query": query}
            elif found <= len(shown):
                field.help_text = _("%(count)s đơn vị khớp “%(query)s”.") % {
                    "count": number(found),
                    "query": query,
                }
            else:
                field.help_text = _(
                    "Hiện %(shown)s trong %(count)s đơn vị khớp “%(query)s”; gõ thêm để thu hẹp."
                ) % {"shown": len(shown), "count": number(found), "query": query}
        else:
            field.help_text = hint % {"count": number(units.count())}
        if chosen.isdigit() and all(str(unit.pk) != chosen for unit in shown):
            shown = [*units.filter(pk=int(chosen)), *shown]
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.widget.choices = [*empty, *((unit.pk, str(unit)) for unit in shown)]
