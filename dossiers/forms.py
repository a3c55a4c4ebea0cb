from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm, Subject
from core.files import validate_upload
from core.forms import DATE_WIDGET, NFCFormMixin
from registrations.models import CampaignRole
from units.forms import UnitSearchMixin

from .models import PERSONAL_FIELDS, AwardProposal, CouncilMember, Nominee, PriorAward, Vote


class NomineeForm(UnitSearchMixin, NFCFormMixin, forms.Form):
    """A nominee's data and achievement report; drafts may be incomplete (checked on submit)."""

    award_form = forms.ModelChoiceField(
        label=_("Hình thức đề nghị"), queryset=AwardForm.objects.none()
    )
    category = forms.ChoiceField(
        label=_("Đối tượng"), choices=[("", "—"), *Nominee.Category.choices], required=False
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, widget=DATE_WIDGET)
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *Nominee.Gender.choices], required=False
    )
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=60, required=False)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=60, required=False)
    hometown = forms.CharField(label=_("Quê quán"), max_length=200, required=False)
    residence = forms.CharField(label=_("Nơi thường trú"), max_length=200, required=False)
    position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=150, required=False)
    qualifications = forms.CharField(
        label=_("Trình độ chuyên môn, lý luận chính trị"), max_length=250, required=False
    )
    honours = forms.CharField(
        label=_("Học hàm, học vị, danh hiệu, giải thưởng"), max_length=250, required=False
    )
    workplace = forms.CharField(
        label=_("Đơn vị công tác"),
        max_length=250,
        required=False,
        help_text=_("Doanh nghiệp, viện, trường… nơi người được đề xuất làm việc."),
    )
    # The office's collective from outside the registered units: a unit of the registry or
    # a collective typed by name.
    nominated_unit = forms.ModelChoiceField(
        label=_("Đơn vị trong danh mục của cổng (không đăng ký thi đua năm này)"),
        queryset=None,
        required=False,
        empty_label=_("— Không chọn: ghi tên tập thể bên dưới —"),
    )
    collective_name = forms.CharField(
        label=_("Tên tập thể"),
        max_length=250,
        required=False,
        help_text=_("Doanh nghiệp, hợp tác xã, tổ, đội… không phải đơn vị của cổng."),
    )
    collective_address = forms.CharField(
        label=_("Địa chỉ, cơ quan chủ quản"),
        max_length=250,
        required=False,
        help_text=_("Để trống khi chọn đơn vị trong danh mục: lấy địa chỉ của đơn vị."),
    )
    report_type = forms.ChoiceField(
        label=_("Hồ sơ thành tích"), choices=Nominee.ReportType.choices, widget=forms.RadioSelect
    )
    background = forms.CharField(
        label=_("I.1. Đặc điểm, tình hình"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    duties = forms.CharField(
        label=_("Chức năng, nhiệm vụ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )
    achievements = forms.CharField(
        label=_("II. Thành tích đạt được"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=30000,
    )
    policy_compliance = forms.CharField(
        label=_(
            "II.3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )
    party_activities = forms.CharField(
        label=_("II.4. Hoạt động của tổ chức đảng, đoàn thể"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )
    summary = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_(
            "Dùng trong danh sách trích ngang; thay báo cáo khi chọn “Tóm tắt thành tích”."
        ),
    )

    PERSONAL = ("category", *PERSONAL_FIELDS)

    COLLECTIVE_FIELDS = ("nominated_unit", "collective_name", "collective_address")

    def __init__(
        self,
        *args,
        subject,
        allows_summary,
        today=None,
        with_workplace=False,
        outside_units=None,
        unit_query="",
        year=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.subject = subject
        if not with_workplace or subject == Subject.COLLECTIVE:
            # Only the office's own proposals name a workplace: a unit's people work there.
            del self.fields["workplace"]
        else:
            self.fields["position"].label = _("Chức vụ")
        if with_workplace and subject == Subject.COLLECTIVE:
            # The office names its collective; a unit's collective is the unit itself.
            self.offer_units(
                "nominated_unit",
                outside_units,
                unit_query,
                hint=_(
                    "Gõ tên vào ô tìm để chọn trong %(count)s đơn vị chưa đăng ký thi đua "
                    "năm {year}."
                ).format(year=year),
            )
        else:
            for name in self.COLLECTIVE_FIELDS:
                del self.fields[name]
        allowed = (
            {"for_collectives": True}
            if subject == Subject.COLLECTIVE
            else {"for_individuals": True}
        )
        today = today or timezone.localdate()  # an import dated by its service's `now`
        forms = AwardForm.objects.filter(is_active=True, is_title=False, **allowed)
        self.fields["award_form"].queryset = forms.offered_on(today)
        # The page says why a form is not offered (e.g. no district chairman after 30/6/2025).
        self.not_offered = [
            form.why_not_offered(today) for form in forms.exclude(pk__in=forms.offered_on(today))
        ]
        if subject == Subject.COLLECTIVE:
            for name in self.PERSONAL:
                del self.fields[name]
            self.fields["duties"].label = _("I.2. Chức năng, nhiệm vụ")
            self.fields["achievements"].label = (
                # The office's collective registered no target.
                _(
                    "II.1–2. Thành tích đạt được (có số liệu); biện pháp, nguyên nhân, phong "
                    "trào đã áp dụng"
                )
                if with_workplace
                else _(
                    "II.1–2. Kết quả so với chỉ tiêu đăng ký (có số liệu); biện pháp, nguyên "
                    "nhân, phong trào đã áp dụng"
                )
            )
        else:
            for name in ("background", "policy_compliance", "party_activities"):
                del self.fields[name]
            self.fields["duties"].label = _("II.1. Chức vụ, nhiệm vụ được giao")
            self.fields["achievements"].label = _("II.2. Thành tích đạt được")
        if not allows_summary:
            del self.fields["report_type"]

    def clean(self):
        data = super().clean()
        if "nominated_unit" in self.fields:
            unit, name = data.get("nominated_unit"), data.get("collective_name")
            if unit and name:
                self.add_error(
                    "collective_name",
                    _("Đã chọn đơn vị trong danh mục thì không ghi thêm tên tập thể."),
                )
            elif not unit and not name:
                self.add_error(
                    "collective_name",
                    _("Chọn một đơn vị trong danh mục hoặc ghi tên tập thể được đề xuất."),
                )
        return data

    def nominee_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "award_form"}
        data.setdefault("report_type", Nominee.ReportType.FULL)
        return data


class OfficeProposalForm(NFCFormMixin, forms.Form):
    """The culture office opens its own proposal (plan VI.1)."""

    campaign = forms.ModelChoiceField(label=_("Phong trào thi đua"), queryset=None)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=2000, max_value=2100)
    occasion = forms.ChoiceField(
        label=_("Loại khen thưởng"),
        choices=AwardProposal.Occasion.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Nội dung đề xuất"),
        max_length=300,
        help_text=_("Ví dụ: Doanh nhân tiêu biểu trong chuyển đổi số năm 2025"),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        if len(campaigns) == 1:
            self.fields["campaign"].initial = campaigns[0]


class PriorAwardForm(NFCFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=PriorAward.Kind.choices, initial=PriorAward.Kind.COMMENDATION
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    title = forms.CharField(label=_("Danh hiệu, hình thức khen thưởng"), max_length=200)
    decision_ref = forms.CharField(
        label=_("Số, ngày quyết định, cơ quan ban hành"), max_length=250, required=False
    )


PriorAwardFormSet = forms.formset_factory(
    PriorAwardForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class ReviewForm(forms.Form):
    """The office's verdict on each waiting nominee: accept, or return with a reason."""

    VERDICTS = [("accept", _("Tiếp nhận")), ("return", _("Trả lại"))]

    def __init__(self, *args, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominees = list(nominees)
        for nominee in self.nominees:
            self.fields[f"verdict_{nominee.pk}"] = forms.ChoiceField(
                label=nominee.name, choices=self.VERDICTS, widget=forms.RadioSelect, required=False
            )
            self.fields[f"reason_{nominee.pk}"] = forms.CharField(
                label=_("Lý do trả lại"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=3000,
            )

    def rows(self):
        return [(n, self[f"verdict_{n.pk}"], self[f"reason_{n.pk}"]) for n in self.nominees]

    def decisions(self):
        return {
            n.pk: (
                self.cleaned_data.get(f"verdict_{n.pk}", ""),
                self.cleaned_data.get(f"reason_{n.pk}", ""),
            )
            for n in self.nominees
        }


class MeetingForm(NFCFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Ngày họp"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    chair = forms.ModelChoiceField(label=_("Chủ trì"), queryset=CouncilMember.objects.all())
    members_present = forms.ModelMultipleChoiceField(
        label=_("Thành viên dự họp"),
        queryset=CouncilMember.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaign, **kwargs):
        """Offer the members of the councils the campaign has had (the one in office on
        the meeting day is checked by services.open_meeting)."""
        super().__init__(*args, **kwargs)
        councils = CampaignRole.objects.filter(
            campaign=campaign, kind=CampaignRole.Kind.COUNCIL
        ).values("body_id")
        members = CouncilMember.objects.all()
        if councils.exists():
            members = members.filter(Q(council__in=councils) | Q(council__isnull=True))
        self.fields["chair"].queryset = members
        self.fields["members_present"].queryset = members


class VoteForm(forms.Form):
    """One select per (member present, nominee): the grid of the council's votes."""

    def __init__(self, *args, members, nominees, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.nominees = list(members), list(nominees)
        choices = [("", "—"), *Vote.Choice.choices]
        for nominee in self.nominees:
            for member in self.members:
                name = f"vote_{member.pk}_{nominee.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{member.full_name} – {nominee.name}", choices=choices, required=False
                )
                self.initial.setdefault(name, current.get((member.pk, nominee.pk), ""))

    def grid(self):
        return [
            (nominee, [self[f"vote_{m.pk}_{nominee.pk}"] for m in self.members])
            for nominee in self.nominees
        ]

    def votes(self):
        return {
            (m.pk, n.pk): self.cleaned_data.get(f"vote_{m.pk}_{n.pk}", "")
            for n in self.nominees
            for m in self.members
        }


class DecisionForm(NFCFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=40,
        required=False,
        help_text=_(
            "Để trống: số được cấp từ sổ văn bản của cơ quan quyết định khen thưởng khi ban hành "
            "(tạo dự thảo bản in trước). Chỉ ghi số khi quyết định đã ban hành ngoài hệ thống."
        ),
    )
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_position = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=150,
        help_text=_("Ví dụ: Chủ tịch; KT. Chủ tịch – Phó Chủ tịch"),
    )
    fund_name = forms.CharField(label=_("Nguồn chi tiền thưởng"), max_length=200)

    def __init__(self, *args, award_form, **kwargs):
        super().__init__(*args, **kwargs)
        if award_form.level == AwardForm.Level.PROVINCE:
            # The province's decision is recorded, never numbered here.
            self.fields["number"].required = True
            self.fields["number"].help_text = _("Số quyết định của Chủ tịch UBND tỉnh.")


class ForwardingForm(NFCFormMixin, forms.Form):
    number = forms.CharField(label=_("Số tờ trình"), max_length=40, required=False)
    submitted_on = forms.DateField(label=_("Ngày trình"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=150)


class AwardFormChoice(forms.Form):
    award_form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all())


class NomineeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách cá nhân (XLSX theo mẫu)"),
        help_text=_("Tải tệp mẫu, điền mỗi dòng một cá nhân rồi tải lên."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, ("xlsx",))
        return upload
