from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_(
            "6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục (8 ký tự) nếu mất điện thoại."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
        error_messages={"required": _("Vui lòng nhập mã xác thực.")},
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Mã 6 chữ số đang hiện trong ứng dụng"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}
        ),
        error_messages={
            "required": _("Vui lòng nhập mã 6 chữ số."),
            "min_length": _("Mã gồm đúng 6 chữ số."),
            "max_length": _("Mã gồm đúng 6 chữ số."),
        },
    )


class AuditSearchForm(forms.Form):
    # Laid out by hand in the page (no crispy field: ~2 ms of templates per request).
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    source = forms.ChoiceField(
        label=_("Loại nhật ký"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("security", _("Đăng nhập, xác thực, tải tệp")),
            ("changes", _("Thay đổi dữ liệu quản trị")),
            ("workflow", _("Chuyển trạng thái hồ sơ")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    since = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"class": "form-control"})
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"class": "form-control"})
    )
