from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.files import EVIDENCE_KINDS, validate_upload
from core.forms import NFCFormMixin
from units.models import Tier

from . import scoring
from .models import SCORED_TIER_CHOICES
from .scoring import Comparison, Kind

COUNT_ERRORS = {
    "invalid": _("Số liệu phải là số nguyên không âm."),
    "min_value": _("Số liệu phải là số nguyên không âm."),
    "max_value": _("Số liệu quá lớn."),
}
ANSWER_CHOICES = [("yes", _("Có")), ("no", _("Không"))]


def count_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        error_messages=COUNT_ERRORS,
    )


def answer_value(text):
    return {"yes": True, "no": False}.get(text)


def answer_text(value):
    return {True: "yes", False: "no"}.get(value, "")


def figure_names(criterion):
    """The figures a line of this criterion takes."""
    if criterion.kind == Kind.RATIO:
        return ("total", "excluded", "done") if criterion.has_exclusions else ("total", "done")
    return ("answer",) if criterion.kind == Kind.YES_NO else ("points",)


class LineFiguresMixin:
    """A criterion line's figures, as the unit types them and as the reviewer corrects
    them: the counts checked together (`scoring.count_errors`), then read back."""

    def clean(self):
        cleaned = super().clean()
        criterion = self.result.criterion
        if criterion.kind == Kind.RATIO:
            excluded = cleaned.get("excluded") if criterion.has_exclusions else 0
            for error in scoring.count_errors(cleaned.get("total"), excluded, cleaned.get("done")):
                self.add_error(None, error)
        return cleaned

    def figures(self):
        """The cleaned figures this line's kind uses, as scoring.evaluate takes them."""
        names = figure_names(self.result.criterion)
        data = {name: self.cleaned_data.get(name) for name in names}
        if "answer" in data:
            data["answer"] = answer_value(data["answer"])
        return data


def limit_points(field, max_points):
    """Points of a line: 0 to the criterion's maximum, with the same message as the service."""
    message = _("Điểm phải từ 0 đến %(max)s.") % {"max": scoring.number_text(max_points)}
    field.error_messages.update(min_value=message, max_value=message)
    field.validators.append(MaxValueValidator(max_points, message=message))
    field.widget.attrs["max"] = max_points


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; each is checked by content and size."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        for upload in cleaned:
            validate_upload(upload, EVIDENCE_KINDS)
        return cleaned


class ResultForm(LineFiguresMixin, NFCFormMixin, forms.Form):
    """The unit's figures for one line; fields the kind does not use are removed."""

    total = count_field(_("Tổng số"))
    excluded = count_field(_("Số loại trừ"))
    done = count_field(_("Số đã thực hiện"))
    answer = forms.ChoiceField(
        label=_("Đơn vị đạt tiêu chí này?"),
        choices=ANSWER_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    points = forms.DecimalField(
        label=_("Điểm đơn vị đề xuất"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    description = forms.CharField(
        label=_("Mô tả kết quả"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_files = MultipleFileField(
        label=_("Thêm tệp minh chứng"),
        required=False,
        help_text=_("PDF, Word, ODT, Excel, PNG hoặc JPEG; kiểm tra theo nội dung tệp."),
    )
    remove_evidence = forms.TypedMultipleChoiceField(
        label=_("Gỡ tệp"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, result, returned=False, **kwargs):
        self.result = result
        criterion = result.criterion
        initial = {
            "total": result.total,
            "excluded": result.excluded,
            "done": result.done,
            "answer": answer_text(result.answer),
            "points": result.points,
            "description": result.description,
        }
        super().__init__(*args, initial=initial, prefix=f"r{result.pk}", **kwargs)
        keep = {"description", "new_files", "remove_evidence", *figure_names(criterion)}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if criterion.kind == Kind.RATIO:
            self.fields["total"].label = criterion.total_label or _("Tổng số")
            self.fields["done"].label = criterion.done_label or _("Số đã thực hiện")
            if "excluded" in self.fields:
                self.fields["excluded"].label = criterion.excluded_label
            self.fields["description"].label = _("Ghi chú, nguồn số liệu")
        if criterion.kind == Kind.POINTS:
            limit_points(self.fields["points"], criterion.max_points)
            self.fields["points"].help_text = _(
                "Từ 0 đến %(max)s; người chấm quyết định điểm cuối cùng."
            ) % {"max": scoring.number_text(criterion.max_points)}
            self.fields["description"].label = _("Mô tả kết quả (bắt buộc khi gửi)")
        evidence = [e for e in result.evidence.all() if e.removed_at is None]
        self.evidence = evidence
        if returned and not result.needs_fix:
            for name in self.fields:
                if name not in ("new_files", "remove_evidence"):
                    self.fields[name].disabled = True
            evidence = [e for e in evidence if e.needs_fix]
            if not evidence:
                self.fields["new_files"].disabled = True
        self.fields["remove_evidence"].choices = [(e.pk, e.original_name) for e in evidence]
        self.line_editable = not (returned and not result.needs_fix)

    def values(self):
        """The cleaned line as update_assessment takes it."""
        data = self.figures()
        data["description"] = self.cleaned_data.get("description", "")
        data["new_files"] = (
            [] if self.fields["new_files"].disabled else self.cleaned_data.get("new_files", [])
        )
        data["remove_evidence"] = self.cleaned_data.get("remove_evidence", [])
        return data


class TargetResultForm(NFCFormMixin, forms.Form):
    achieved = forms.CharField(
        label=_("Kết quả đạt được"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "aria-label": _("Kết quả đạt được")}
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "aria-label": _("Ghi chú")}
        ),
    )

    def __init__(self, *args, target_result, returned=False, targets_need_fix=False, **kwargs):
        self.target_result = target_result
        initial = {"achieved": target_result.achieved, "note": target_result.note}
        super().__init__(*args, initial=initial, prefix=f"t{target_result.pk}", **kwargs)
        if returned and not targets_need_fix:
            for field in self.fields.values():
                field.disabled = True


class ReviewLineForm(LineFiguresMixin, NFCFormMixin, forms.Form):
    """The reviewer's figures for one line, pre-filled with the unit's (or the last saved)."""

    total = count_field(_("Tổng số"))
    excluded = count_field(_("Số loại trừ"))
    done = count_field(_("Số đã thực hiện"))
    answer = forms.ChoiceField(
        label=_("Đạt?"), choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
    )
    points = forms.DecimalField(
        label=_("Điểm"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Lý do điều chỉnh (đơn vị sẽ thấy)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    def __init__(self, *args, result, **kwargs):
        self.result = result
        source = result.checked_figures() if result.is_checked else result.unit_figures()
        initial = {
            **source,
            "answer": answer_text(source["answer"]),
            "reason": result.review_reason,
        }
        super().__init__(*args, initial=initial, prefix=f"c{result.pk}", **kwargs)
        names = figure_names(result.criterion)
        for name in ("total", "excluded", "done", "answer", "points"):
            if name not in names:
                del self.fields[name]
        if "points" in self.fields:
            limit_points(self.fields["points"], result.criterion.max_points)
        # What the line is worth on the figures the page opens with (before any typing).
        self.evaluation = scoring.evaluate(result.criterion, **source)

    def values(self):
        data = self.figures()
        data["reason"] = self.cleaned_data.get("reason", "")
        return data


class ReturnForm(NFCFormMixin, forms.Form):
    """What to send back: a reason, and which lines, files or targets the unit must fix."""

    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": _("Cần ghi rõ lý do trả lại để đơn vị sửa.")},
    )
    targets = forms.BooleanField(label=_("Phần kết quả chỉ tiêu đăng ký cần sửa"), required=False)
    evidence = forms.TypedMultipleChoiceField(
        label=_("Tệp minh chứng cần thay"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.results = results
        choices = []
        for result in results:
            self.fields[f"fix_{result.pk}"] = forms.BooleanField(
                label=result.criterion.code, required=False
            )
            self.fields[f"note_{result.pk}"] = forms.CharField(
                label=_("Cần sửa gì"), required=False, max_length=1000
            )
            choices += [
                (e.pk, f"{result.criterion.code}: {e.original_name}")
                for e in result.evidence.all()
                if e.removed_at is None
            ]
        self.fields["evidence"].choices = choices

    def line_fields(self):
        return [
            (result, self[f"fix_{result.pk}"], self[f"note_{result.pk}"]) for result in self.results
        ]

    def lines_to_fix(self):
        return {
            r.pk: self.cleaned_data.get(f"note_{r.pk}", "")
            for r in self.results
            if self.cleaned_data.get(f"fix_{r.pk}")
        }


class CriterionRowForm(NFCFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label=_("TT"), min_value=0, max_value=999)
    code = forms.CharField(label=_("Mã"), max_length=20)
    text = forms.CharField(
        label=_("Nội dung tiêu chí"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    plan_section = forms.CharField(label=_("Căn cứ"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    comparison = forms.ChoiceField(
        label=_("So sánh"), choices=[("", "—"), *Comparison.choices], required=False
    )
    threshold = forms.DecimalField(
        label=_("Ngưỡng"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    max_points = forms.DecimalField(
        label=_("Điểm tối đa"), min_value=0, max_digits=6, decimal_places=2
    )
    is_mandatory = forms.BooleanField(label=_("Bắt buộc"), required=False)
    total_label = forms.CharField(label=_("Nhãn tổng số"), max_length=150, required=False)
    excluded_label = forms.CharField(label=_("Nhãn loại trừ"), max_length=150, required=False)
    done_label = forms.CharField(label=_("Nhãn đã thực hiện"), max_length=150, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Kind.RATIO:
            threshold = cleaned.get("threshold")
            if not cleaned.get("comparison") or threshold is None or threshold > 100:
                raise ValidationError(_("Tiêu chí tỷ lệ cần phép so sánh và ngưỡng từ 0 đến 100%."))
        return cleaned


# No blank extra row: its preselected kind would count as a change; "Thêm tiêu chí" adds rows.
CriterionFormSet = forms.formset_factory(
    CriterionRowForm, extra=0, can_delete=True, max_num=40, validate_max=True
)


def criterion_initial(criterion_set):
    return [
        {
            name: getattr(c, name)
            for name in ("id", *(f for f in CriterionRowForm.base_fields if f != "id"))
        }
        for c in criterion_set.criteria.all()
    ]


class YearTierForm(forms.Form):
    year = forms.IntegerField(required=False)
    tier = forms.ChoiceField(choices=SCORED_TIER_CHOICES, required=False)

    def tier_or_default(self):
        return (self.cleaned_data.get("tier") if self.is_valid() else None) or Tier.DISTRICT_AGENCY
