import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .text import DATE_FORMAT, nfc, short_date

# The one date box: dd/mm/yyyy shown as the hint and as the value (each field copies it).
DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format=DATE_FORMAT)

# Plausible dates (issue 12): a year like 0001 or 2999 is a typing slip, never data.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_YEARS_AHEAD = 5
EARLIEST_BIRTH_DATE = datetime.date(1920, 1, 1)
YOUNGEST_AGE = 15


def date_problem(name, value, today=None):
    """A Vietnamese message if `value` (the field `name`) is not a plausible date, else None."""
    today = today or timezone.localdate()
    if "birth" in name:
        latest = today.replace(year=today.year - YOUNGEST_AGE)
        if not EARLIEST_BIRTH_DATE <= value <= latest:
            return gettext("Ngày sinh phải trong khoảng %(first)s – %(last)s.") % {
                "first": short_date(EARLIEST_BIRTH_DATE),
                "last": short_date(latest),
            }
        return None
    latest = datetime.date(today.year + LATEST_YEARS_AHEAD, 12, 31)
    if not EARLIEST_DATE <= value <= latest:
        return gettext("Ngày không hợp lý: phải trong khoảng %(first)s – %(last)s.") % {
            "first": short_date(EARLIEST_DATE),
            "last": short_date(latest),
        }
    return None


class NFCFormMixin:
    """Store text in Unicode NFC whatever form the browser sent (NFD from some keyboards),
    without bidi overrides or invisible characters; refuse implausible dates."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            cleaned[name] = nfc(value)
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                problem = date_problem(name, value)
                if problem:
                    self.add_error(name, problem)
        return cleaned


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    username = forms.CharField(
        label=_("Tên đăng nhập"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput)


def formset_rows(formset):
    """The filled, not-deleted rows of a valid formset, in order, without the DELETE flag."""
    return [
        {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
