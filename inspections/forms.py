from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, NFCFormMixin
from units.forms import UnitSearchMixin


class PlanForm(UnitSearchMixin, NFCFormMixin, forms.Form):
    """One unit's inspection in the year's plan; `units` are those expected in the year."""

    unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=None)
    planned_on = forms.DateField(label=_("Ngày kiểm tra dự kiến"), widget=DATE_WIDGET)
    team_name = forms.CharField(
        label=_("Đoàn kiểm tra"), max_length=200, initial=_("Đoàn kiểm tra số 1")
    )
    team_members = forms.CharField(
        label=_("Thành viên đoàn"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mỗi dòng một người: họ và tên – chức vụ, đơn vị (người đầu tiên là trưởng đoàn)."
        ),
    )

    def __init__(self, *args, units, unit_query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_units(
            "unit",
            units,
            unit_query,
            hint=_("Gõ tên vào ô tìm để chọn trong %(count)s đơn vị của năm."),
        )


class FindingForm(NFCFormMixin, forms.Form):
    """A finding about a criterion ("c<id>"), a registered target ("t<id>") or general ("")."""

    subject = forms.ChoiceField(label=_("Về nội dung"), required=False)
    text = forms.CharField(
        label=_("Nhận xét, kết quả kiểm tra"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, criteria, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = {f"c{c.pk}": c for c in criteria}
        self.targets = {f"t{t.pk}": t for t in targets}
        choices = [("", _("Chung (toàn đơn vị)"))]
        if criteria:
            choices.append(
                (
                    _("Tiêu chí"),
                    [(key, f"{c.code}. {c.text[:80]}") for key, c in self.criteria.items()],
                )
            )
        if targets:
            choices.append(
                (_("Chỉ tiêu đăng ký"), [(key, t.title[:90]) for key, t in self.targets.items()])
            )
        self.fields["subject"].choices = choices

    def subject_objects(self):
        key = self.cleaned_data.get("subject") or ""
        return {"criterion": self.criteria.get(key), "target": self.targets.get(key)}


class RecommendationForm(NFCFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Kiến nghị"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Thời hạn thực hiện"), widget=DATE_WIDGET)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, Word, ODT, Excel, ảnh PNG hoặc JPEG; kiểm tra theo nội dung tệp."),
    )


class RecordForm(NFCFormMixin, forms.Form):
    visited_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DATE_WIDGET)
    conclusion = forms.CharField(
        label=_("Kết luận chung của đoàn"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(NFCFormMixin, forms.Form):
    response = forms.CharField(
        label=_("Kết quả thực hiện của đơn vị"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
