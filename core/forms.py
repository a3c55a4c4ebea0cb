from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .text import nfc


class NFCFormMixin:
    """Store text in Unicode NFC whatever form the browser sent (NFD from some keyboards)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            cleaned[name] = nfc(value)
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
