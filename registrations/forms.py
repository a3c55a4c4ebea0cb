from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm
from core.files import DOCUMENT_KINDS, validate_upload
from core.forms import DATE_WIDGET, NFCFormMixin
from units.forms import UnitSearchMixin


class RegistrationForm(NFCFormMixin, forms.Form):
    commitment = forms.CharField(
        label=_("Nội dung đăng ký, chương trình hành động"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_(
            "Tóm tắt kế hoạch, chương trình hành động về chuyển đổi số của đơn vị trong năm."
        ),
    )
    action_plan = forms.FileField(
        label=_("Tệp kế hoạch, chương trình hành động"),
        required=False,
        help_text=_("PDF, DOCX hoặc ODT. Để trống nếu giữ tệp đã tải lên."),
    )
    award_forms = forms.ModelMultipleChoiceField(
        label=_("Hình thức khen thưởng đăng ký (tập thể)"),
        queryset=AwardForm.objects.filter(is_active=True, for_collectives=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_action_plan(self):
        upload = self.cleaned_data.get("action_plan")
        if upload:
            validate_upload(upload, DOCUMENT_KINDS)
        return upload


class TargetForm(NFCFormMixin, forms.Form):
    title = forms.CharField(label=_("Chỉ tiêu"), max_length=300)
    measure = forms.CharField(label=_("Cách đo"), max_length=200, required=False)
    target_value = forms.CharField(label=_("Mức phấn đấu"), max_length=100)
    product = forms.CharField(label=_("Sản phẩm cụ thể"), max_length=300)
    due_on = forms.DateField(
        label=_("Thời hạn"),
        required=False,
        widget=DATE_WIDGET,
    )


class IndividualForm(NFCFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=150)
    award_form = forms.ModelChoiceField(
        label=_("Hình thức đăng ký"),
        queryset=AwardForm.objects.filter(is_active=True, for_individuals=True),
        required=False,
    )


TargetFormSet = forms.formset_factory(
    TargetForm, extra=1, can_delete=True, max_num=50, validate_max=True
)
IndividualFormSet = forms.formset_factory(
    IndividualForm, extra=1, can_delete=True, max_num=50, validate_max=True
)


class ReturnForm(NFCFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": _("Cần ghi rõ lý do trả lại để đơn vị sửa.")},
    )


class AcceptForm(NFCFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=3000,
    )


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False)
    tier = forms.CharField(required=False)
    status = forms.CharField(required=False)


class ExtensionForm(UnitSearchMixin, NFCFormMixin, forms.Form):
    """The office's extension for one unit; `units` are those expected in the window."""

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    deadline_on = forms.DateField(
        label=_("Gia hạn đến: trước ngày"),
        widget=DATE_WIDGET,
        help_text=_("Đơn vị đúng hạn khi gửi trước 00:00 của ngày này (giờ Việt Nam)."),
    )
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": _("Cần ghi rõ lý do gia hạn.")},
    )

    def __init__(self, *args, units, unit_query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_units(
            "unit",
            units,
            unit_query,
            hint=_("Gõ tên vào ô tìm để chọn trong %(count)s đơn vị phải đăng ký năm này."),
        )


class HandoverForm(NFCFormMixin, forms.Form):
    """Pass a campaign's roles to other bodies from a date (issue 9). A role left blank
    stays with its holder."""

    on = forms.DateField(
        label=_("Bàn giao từ ngày"),
        widget=DATE_WIDGET,
        help_text=_("Cơ quan đang đảm nhận thôi từ ngày hôm trước."),
    )
    reason = forms.CharField(
        label=_("Lý do, căn cứ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    award_form = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng của cấp quyết định"),
        queryset=AwardForm.objects.all(),
        required=False,
        empty_label=_("Mọi hình thức"),
    )

    def __init__(self, *args, kinds, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind, label in kinds:
            self.fields[kind] = forms.ModelChoiceField(
                label=label,
                queryset=bodies,
                required=False,
                empty_label=_("— giữ nguyên —"),
            )
        # The award form belongs to the award authority's choice: shown right after it.
        order = ["on"]
        for kind, _label in kinds:
            order += [kind, "award_form"] if kind == "award_authority" else [kind]
        self.order_fields([*order, "reason"])

    def assignments(self):
        form = self.cleaned_data.get("award_form")
        rows = []
        for kind, _label in self.kinds:
            body = self.cleaned_data.get(kind)
            if body is not None:
                rows.append((kind, body, form) if kind == "award_authority" else (kind, body))
        return rows
