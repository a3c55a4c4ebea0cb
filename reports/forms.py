from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, NFCFormMixin

from .models import PeriodicReport, ReportingPeriod, ReportTarget, SummaryKind, SummaryReport


class PeriodicReportForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = PeriodicReport
        fields = [*PeriodicReport.FIGURES, *PeriodicReport.NARRATIVE]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in PeriodicReport.NARRATIVE}
        help_texts = {
            "results_text": _("Việc đã làm được trong kỳ, có số liệu và sản phẩm cụ thể."),
            "difficulties_text": _("Không bắt buộc."),
            "proposals_text": _("Không bắt buộc."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PeriodicReport.FIGURES:
            self.fields[name].widget.attrs.update({"min": 0, "max": 10_000_000})
            self.fields[name].max_value = 10_000_000
        self.fields["results_text"].required = False


class ReportTargetForm(NFCFormMixin, forms.Form):
    """One target line: the title is fixed (registered), the result is the unit's."""

    achieved = forms.CharField(label=_("Kết quả đạt được"), max_length=300, required=False)
    progress = forms.ChoiceField(label=_("Đánh giá"), choices=ReportTarget.Progress.choices)


def target_forms(report, data=None):
    """A form per target line of the report, prefixed with the line id."""
    return [
        (
            line,
            ReportTargetForm(
                data,
                prefix=f"target-{line.pk}",
                initial={"achieved": line.achieved, "progress": line.progress},
            ),
        )
        for line in report.targets.all()
    ]


class ReturnForm(NFCFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": _("Cần ghi rõ lý do trả lại để đơn vị sửa.")},
    )


class AcknowledgeForm(NFCFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=3000,
    )


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["starts_on", "ends_on", "due_on"]
        widgets = {name: DATE_WIDGET for name in ("starts_on", "ends_on", "due_on")}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Ngày kết thúc số liệu phải sau ngày bắt đầu."))
        return cleaned


class SummaryNarrativeForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = SummaryReport
        fields = list(SummaryReport.NARRATIVE)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in SummaryReport.NARRATIVE}


class SummaryCreateForm(forms.Form):
    kind = forms.ChoiceField(choices=SummaryKind.choices)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != SummaryKind.REVIEW and not cleaned.get("year"):
            raise forms.ValidationError(_("Cần chọn năm của báo cáo."))
        return cleaned
