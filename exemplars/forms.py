from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NFCFormMixin
from units.forms import UnitSearchMixin
from units.models import Unit


class ExemplarForm(UnitSearchMixin, NFCFormMixin, forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    story = forms.CharField(
        label=_("Câu chuyện"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ngắn gọn: việc làm, kết quả, cách làm có thể nhân rộng."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Tập thể (đơn vị)"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Với cá nhân: đơn vị công tác (không bắt buộc)."),
    )
    person_name = forms.CharField(label=_("Cá nhân: họ và tên"), max_length=120, required=False)
    person_position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    photo = forms.FileField(
        label=_("Ảnh"),
        required=False,
        help_text=_("Ảnh PNG hoặc JPEG (kiểm tra theo nội dung tệp); cần có ảnh để công bố."),
    )
    photo_caption = forms.CharField(label=_("Chú thích ảnh"), max_length=200, required=False)

    def __init__(self, *args, units, unit_query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_units(
            "unit",
            units,
            unit_query,
            hint=_(
                "Gõ tên vào ô tìm để chọn trong %(count)s đơn vị. Với cá nhân: đơn vị công tác "
                "(không bắt buộc)."
            ),
        )

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("person_name"):
            raise forms.ValidationError(_("Cần chọn tập thể hoặc ghi họ tên cá nhân."))
        return data
