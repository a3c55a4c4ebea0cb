import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NFCFormMixin
from core.text import DATE_FORMAT, plain, short_date

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
