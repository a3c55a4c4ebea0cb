from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm, Subject
from core.text import short_date, time_left_phrase
from core.workflow import ReviewedUnitDocument
from units.models import UnitScopedQuerySet

# --- Per-campaign rules: summaries, the council's quorum and approval threshold ---------------


@dataclass(frozen=True)
class Threshold:
    """A share of a whole: "more than 1/2" (strict) or "at least 2/3" (not strict)."""

    numerator: int
    denominator: int
    is_strict: bool

    def is_met(self, count, whole):
        """Integer comparison, so 2 of 4 is exactly half and never "more than half"."""
        if whole <= 0:
            return False
        if self.is_strict:
            return count * self.denominator > self.numerator * whole
        return count * self.denominator >= self.numerator * whole

    @property
    def label(self):
        share = f"{self.numerator}/{self.denominator}"
        if self.is_strict:
            return gettext_now("quá %(share)s") % {"share": share}
        return gettext_now("từ %(share)s trở lên") % {"share": share}


class VotingRule(models.Model):
    """Quorum (share of council members present) and approval (share of those present)."""

    quorum_numerator = models.PositiveSmallIntegerField(
        _("số đại biểu tối thiểu: tử số"), default=1
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("số đại biểu tối thiểu: mẫu số"), default=2
    )
    quorum_is_strict = models.BooleanField(
        _("số đại biểu phải quá tỷ lệ (không tính bằng)"), default=True
    )
    approval_numerator = models.PositiveSmallIntegerField(_("tỷ lệ tán thành: tử số"), default=1)
    approval_denominator = models.PositiveSmallIntegerField(_("tỷ lệ tán thành: mẫu số"), default=2)
    approval_is_strict = models.BooleanField(
        _("phiếu tán thành phải quá tỷ lệ (không tính bằng)"), default=True
    )

    class Meta:
        abstract = True

    @property
    def quorum(self):
        return Threshold(self.quorum_numerator, self.quorum_denominator, self.quorum_is_strict)

    @property
    def approval(self):
        return Threshold(
            self.approval_numerator, self.approval_denominator, self.approval_is_strict
        )

    def voting_rule_values(self):
        return {name: getattr(self, name) for name in VOTING_RULE_FIELDS}


VOTING_RULE_FIELDS = (
    "quorum_numerator",
    "quorum_denominator",
    "quorum_is_strict",
    "approval_numerator",
    "approval_denominator",
    "approval_is_strict",
)


class DossierRule(VotingRule):
    """How one campaign runs its award dossiers; without a row the defaults apply.

    Default quorum and approval: more than half (of the council members, resp. of the
    members present), as the issue asks; the council's own rules may say otherwise.
    """

    campaign = models.OneToOneField(
        "registrations.Campaign",
        on_delete=models.CASCADE,
        related_name="dossier_rule",
        verbose_name=_("phong trào thi đua"),
    )
    allows_summary = models.BooleanField(
        _("cho phép nộp tóm tắt thành tích thay báo cáo thành tích"), default=False
    )
    fund_name = models.CharField(
        _("nguồn chi tiền thưởng"),
        max_length=200,
        default="Quỹ Thi đua, khen thưởng của huyện",
    )

    class Meta:
        verbose_name = _("quy định xét khen thưởng của phong trào")
        verbose_name_plural = _("quy định xét khen thưởng của phong trào")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_denominator__gt=0, approval_denominator__gt=0),
                name="dossier_rule_denominators_positive",
            )
        ]

    def __str__(self):
        return str(self.campaign)

    @classmethod
    def for_campaign(cls, campaign):
        """The campaign's rule, or an unsaved one holding the defaults."""
        return cls.objects.filter(campaign=campaign).first() or cls(campaign=campaign)


class EligibilityOverride(models.Model):
    """The office's recorded ruling on a unit's eligibility for a year, with its reason.

    For units the criteria cannot assess (no criterion set for their tier) or results
    established outside the portal. It takes precedence over the criteria result.
    """

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    is_eligible = models.BooleanField(_("đủ điều kiện đề nghị khen thưởng tập thể"))
    reason = models.CharField(_("căn cứ"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    decided_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("ghi nhận điều kiện khen thưởng")
        verbose_name_plural = _("ghi nhận điều kiện khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="eligibility_one_per_unit_year")
        ]

    def __str__(self):
        return f"{self.unit} – {self.year}"


class ValidityQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class CouncilMemberQuerySet(ValidityQuerySet):
    def of_council(self, council):
        """Members of `council` (an IssuingBody), and members not tied to any council."""
        return self.filter(Q(council=council) | Q(council__isnull=True))


class CouncilMember(models.Model):
    """A member of the Emulation & Commendation Council (a person, not an account)."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    council_position = models.CharField(
        _("chức danh trong Hội đồng"), max_length=120, help_text=_("Ví dụ: Chủ tịch Hội đồng")
    )
    position = models.CharField(
        _("chức vụ, đơn vị công tác"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Chủ tịch UBND huyện"),
    )
    council = models.ForeignKey(
        "documents.IssuingBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Hội đồng"),
        help_text=_("Hội đồng của cấp nào (mỗi cấp có Hội đồng riêng); để trống: mọi Hội đồng."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        ordering = ["order", "full_name"]
        verbose_name = _("thành viên Hội đồng TĐKT")
        verbose_name_plural = _("thành viên Hội đồng TĐKT")

    def __str__(self):
        return f"{self.full_name} – {self.council_position}"


# --- The unit's proposal and its nominees -------------------------------------------------


class ProposalQuerySet(UnitScopedQuerySet):
    campaign_path = "campaign"

    def visible_to(self, user):
        """Units never see the office's own proposals (even the office's unit's members)."""
        rows = super().visible_to(user)
        if user.is_unit_member:
            return rows.filter(origin=AwardProposal.Origin.UNIT)
        return rows

    def seen_by_district(self):
        """The district side sees what a unit ever submitted, and the office's own
        proposals from their draft (the office writes them)."""
        return self.filter(
            Q(first_submitted_at__isnull=False) | Q(origin=AwardProposal.Origin.OFFICE)
        )


class AwardProposal(ReviewedUnitDocument):
    """A unit's award dossier for a year: its Tờ trình with the nominees (plan IV.4).

    Or the culture office's own proposal (plan VI.1: thematic or outstanding achievements,
    people outside any registered unit): no registration, the campaign's standing office
    as its unit, nominees carrying their own workplace; it then follows the same path.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    class Origin(models.TextChoices):
        UNIT = "unit", _("Đơn vị đề nghị")
        OFFICE = "office", _("Cơ quan thường trực phong trào đề xuất")

    class Occasion(models.TextChoices):
        # Plan VI.1: the office proposes for thematic or outstanding achievements.
        THEMATIC = "thematic", _("Khen thưởng theo chuyên đề")
        OUTSTANDING = "outstanding", _("Khen thưởng đột xuất")

    campaign = models.ForeignKey(
        "registrations.Campaign", on_delete=models.PROTECT, related_name="award_proposals"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="award_proposals")
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_proposals",
        verbose_name=_("đăng ký thi đua"),
    )
    origin = models.CharField(
        _("nguồn đề nghị"), max_length=10, choices=Origin.choices, default=Origin.UNIT
    )
    occasion = models.CharField(
        _("loại khen thưởng"), max_length=20, choices=Occasion.choices, blank=True
    )
    title = models.CharField(
        _("nội dung đề xuất"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Thành tích xuất sắc trong chuyển đổi số doanh nghiệp năm 2025"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__name"]
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "unit"],
                condition=Q(origin="unit"),
                name="proposal_one_per_unit_year",
            ),
            # A unit's proposal rests on its accepted registration; the office's on none.
            models.CheckConstraint(
                condition=Q(origin="unit", registration__isnull=False)
                | Q(origin="office", registration__isnull=True),
                name="proposal_registration_by_origin",
            ),
        ]

    def __str__(self):
        if self.is_office_proposal:
            return f"{self.proposer_name} – {self.year}"
        return f"{self.unit} – {self.year}"

    @property
    def is_office_proposal(self):
        return self.origin == self.Origin.OFFICE

    @property
    def proposer_name(self):
        """Who proposes: the unit, or the office with what its proposal is about."""
        if self.is_office_proposal:
            return self.title or str(self.get_occasion_display())
        return self.unit.name


class NomineeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(proposal__in=AwardProposal.objects.visible_to(user))

    def awarded(self):
        return self.filter(
            status=Nominee.Status.AWARDED, decision__status=AwardDecision.Status.ISSUED
        )

    def with_related(self):
        return self.select_related("proposal__unit", "award_form")


# What a unit fills in for a nominee: an individual's personal data (blank for a
# collective), then the workplace (office proposals) and the report sections. The nominee
# form, the services and the frozen snapshot all go by these.
PERSONAL_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "position",
    "qualifications",
    "honours",
)
NOMINEE_FIELDS = (
    "category",
    *PERSONAL_FIELDS,
    "workplace",
    "report_type",
    "background",
    "duties",
    "achievements",
    "policy_compliance",
    "party_activities",
    "summary",
)


class Nominee(models.Model):
    """A collective (the proposing unit itself) or an individual proposed for an award."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xét")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        INCLUDED = "included", _("Đã trình Hội đồng")
        APPROVED = "approved", _("Hội đồng tán thành")
        NOT_APPROVED = "not_approved", _("Hội đồng không tán thành")
        FORWARDED = "forwarded", _("Đã trình UBND tỉnh")
        AWARDED = "awarded", _("Đã được khen thưởng")

    EDITABLE = (Status.PENDING, Status.RETURNED)

    class Category(models.TextChoices):
        # Plan IV.2.2: who may be proposed as an individual.
        OFFICIAL = (
            "official",
            _("Cán bộ, công chức, viên chức, người lao động có sáng kiến, giải pháp"),
        )
        BUSINESS = "business", _("Doanh nhân")
        INTELLECTUAL = "intellectual", _("Trí thức")
        SCIENTIST = "scientist", _("Nhà khoa học")
        OTHER = "other", _("Cá nhân khác có đóng góp")

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class ReportType(models.TextChoices):
        FULL = "full", _("Báo cáo thành tích")
        SUMMARY = "summary", _("Tóm tắt thành tích")

    proposal = models.ForeignKey(AwardProposal, on_delete=models.CASCADE, related_name="nominees")
    subject = models.CharField(_("đối tượng"), max_length=20, choices=Subject.choices)
    award_form = models.ForeignKey(
        AwardForm,
        on_delete=models.PROTECT,
        related_name="nominees",
        verbose_name=_("hình thức đề nghị"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    category = models.CharField(
        _("đối tượng cá nhân"), max_length=20, choices=Category.choices, blank=True
    )
    # Personal data (individuals only): shown to the unit, the office and the council only
    # (Decree 13/2023: only to those who need it).
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=60, blank=True)
    religion = models.CharField(_("tôn giáo"), max_length=60, blank=True)
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True)
    residence = models.CharField(_("nơi thường trú"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    qualifications = models.CharField(
        _("trình độ chuyên môn, lý luận chính trị"), max_length=250, blank=True
    )
    honours = models.CharField(
        _("học hàm, học vị, danh hiệu, giải thưởng"), max_length=250, blank=True
    )
    # Office proposals: a person outside any registered unit (a business, an institute).
    workplace = models.CharField(
        _("đơn vị công tác"),
        max_length=250,
        blank=True,
        help_text=_("Nơi công tác của người được đề xuất (doanh nghiệp, viện, trường…)."),
    )
    # Office proposals: a collective outside the registered units (plan VI.1), either a unit
    # of the portal's registry not registered in the campaign that year, or one typed in
    # (an enterprise, a cooperative, a village team) that is no unit of the portal. Its name
    # is kept as it was when proposed (history keeps the names it had).
    nominated_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị trong danh mục"),
    )
    collective_name = models.CharField(_("tên tập thể"), max_length=250, blank=True)
    collective_address = models.CharField(
        _("địa chỉ, cơ quan chủ quản"),
        max_length=250,
        blank=True,
        help_text=_("Ví dụ: thôn Pạc Bo, xã Bản Lầu; hoặc cơ quan, tổ chức quản lý tập thể."),
    )
    # The achievement report (official outline) or, where the campaign allows, a summary.
    report_type = models.CharField(
        _("loại hồ sơ thành tích"),
        max_length=10,
        choices=ReportType.choices,
        default=ReportType.FULL,
    )
    background = models.TextField(_("đặc điểm, tình hình"), blank=True)
    duties = models.TextField(_("chức năng, nhiệm vụ"), blank=True)
    achievements = models.TextField(_("thành tích đạt được"), blank=True)
    # Sections II.3 and II.4 of a collective's report (Decree 152/2025 forms).
    policy_compliance = models.TextField(
        _("việc thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước"), blank=True
    )
    party_activities = models.TextField(_("hoạt động của tổ chức đảng, đoàn thể"), blank=True)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    submission = models.ForeignKey(
        "DistrictSubmission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominees",
    )
    forwarding = models.ForeignKey(
        "ProvincialSubmission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominees",
    )
    decision = models.ForeignKey(
        "AwardDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="awardees"
    )
    bonus_amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    bonus_note = models.CharField(_("cách tính tiền thưởng"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NomineeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tập thể, cá nhân được đề nghị")
        verbose_name_plural = _("tập thể, cá nhân được đề nghị")
        constraints = [
            # A unit's collective is the proposing unit itself: at most one. The office's
            # collectives carry their own name, each once.
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(subject="collective", collective_name=""),
                name="nominee_one_own_collective_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["proposal", "collective_name"],
                condition=models.Q(subject="collective") & ~models.Q(collective_name=""),
                name="nominee_office_collective_once",
            ),
            models.CheckConstraint(
                condition=models.Q(subject="collective")
                | models.Q(nominated_unit__isnull=True, collective_name="", collective_address=""),
                name="nominee_individual_no_collective_fields",
            ),
            models.CheckConstraint(
                condition=models.Q(nominated_unit__isnull=True) | ~models.Q(collective_name=""),
                name="nominee_registry_unit_named",
            ),
            models.CheckConstraint(
                condition=models.Q(subject="collective") | ~models.Q(full_name=""),
                name="nominee_individual_has_name",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_collective(self):
        return self.subject == Subject.COLLECTIVE

    @property
    def unit(self):
        return self.proposal.unit

    @property
    def is_outside_collective(self):
        """A collective the office proposes from outside the registered units."""
        return self.is_collective and bool(self.collective_name)

    @property
    def name(self):
        if not self.is_collective:
            return self.full_name
        return self.collective_name or self.proposal.unit.name

    @property
    def is_editable(self):
        return self.status in self.EDITABLE and self.proposal.is_editable

    @property
    def workplace_name(self):
        """Where an individual works: their own workplace (office proposals), else the unit."""
        return self.workplace or self.proposal.unit.name

    @property
    def public_position(self):
        """What the honour roll shows besides the name: the position (individuals)."""
        return "" if self.is_collective else self.position


class PriorAward(models.Model):
    """A line of section III of the achievement report: an award received before the portal
    (the portal's own issued decisions are read from its records, never typed)."""

    class Kind(models.TextChoices):
        # Part III's two tables: 1. emulation titles, 2. forms of commendation.
        TITLE = "title", _("Danh hiệu thi đua")
        COMMENDATION = "commendation", _("Hình thức khen thưởng")

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="prior_awards")
    kind = models.CharField(
        _("loại"), max_length=20, choices=Kind.choices, default=Kind.COMMENDATION
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("danh hiệu thi đua, hình thức khen thưởng"), max_length=200)
    decision_ref = models.CharField(
        _("số, ngày quyết định, cơ quan ban hành"), max_length=250, blank=True
    )

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")

    def __str__(self):
        return f"{self.year}: {self.title}"


# --- Consolidation, council, decision, forwarding --------------------------------------------


class DistrictSubmission(models.Model):
    """The culture office's consolidation of accepted nominees of a year, for the council."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tổng hợp")
        SENT = "sent", _("Đã trình Hội đồng")

    campaign = models.ForeignKey(
        "registrations.Campaign", on_delete=models.PROTECT, related_name="district_submissions"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("tờ trình tổng hợp của Phòng VH&TT")
        verbose_name_plural = _("tờ trình tổng hợp của Phòng VH&TT")

    def __str__(self):
        return gettext_now("Tổng hợp đề nghị khen thưởng năm %(year)s") % {"year": self.year}


class CouncilMeeting(VotingRule):
    """A council meeting on a district submission; the voting rule is copied at creation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang họp")
        CLOSED = "closed", _("Đã kết thúc")

    submission = models.ForeignKey(
        DistrictSubmission, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    chair = models.ForeignKey(
        CouncilMember,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chủ trì"),
    )
    member_count = models.PositiveSmallIntegerField(_("tổng số thành viên Hội đồng"))
    members_present = models.ManyToManyField(
        CouncilMember, related_name="meetings", verbose_name=_("thành viên dự họp")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("phiên họp Hội đồng TĐKT")
        verbose_name_plural = _("phiên họp Hội đồng TĐKT")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member_count__gt=0), name="meeting_has_members"
            )
        ]

    def __str__(self):
        return gettext_now("Phiên họp ngày %(day)s") % {"day": short_date(self.held_on)}

    def has_quorum(self, present_count):
        """Enough members present, by the rule copied onto this meeting."""
        return self.quorum.is_met(present_count, self.member_count)


class Vote(models.Model):
    """One member's vote on one nominee at one meeting."""

    class Choice(models.TextChoices):
        YES = "yes", _("Đồng ý")
        NO = "no", _("Không đồng ý")
        ABSTAIN = "abstain", _("Không biểu quyết")

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("biểu quyết"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "nominee"], name="vote_one_per_member_nominee"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.nominee}: {self.get_choice_display()}"


class AwardDecision(models.Model):
    """The award decision (quyết định khen thưởng) for one award form, with its awardees."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.PROTECT, related_name="decisions")
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("hình thức")
    )
    number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    decided_on = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150)
    fund_name = models.CharField(_("nguồn chi tiền thưởng"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")

    def __str__(self):
        return gettext_now("Quyết định %(number)s ngày %(day)s") % {
            "number": self.number or "—",
            "day": short_date(self.decided_on),
        }

    @property
    def year(self):
        return self.meeting.submission.year


class ProvincialSubmission(models.Model):
    """The district's Tờ trình to the provincial chairman for the Bằng khen nominees."""

    meeting = models.ForeignKey(
        CouncilMeeting, on_delete=models.PROTECT, related_name="forwardings"
    )
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("hình thức")
    )
    number = models.CharField(_("số tờ trình"), max_length=40, blank=True)
    submitted_on = models.DateField(_("ngày trình"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("tờ trình đề nghị UBND tỉnh khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị UBND tỉnh khen thưởng")

    def __str__(self):
        return gettext_now("Tờ trình %(number)s ngày %(day)s") % {
            "number": self.number or "—",
            "day": short_date(self.submitted_on),
        }


# --- Bulk print of a meeting's dossiers ----------------------------------------------------


class BulkPrint(models.Model):
    """All dossiers of a council meeting in one PDF: one task per dossier, then a merge
    with a table of contents. `done` counts dossiers finished (the progress bar)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang in")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã huỷ")

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="prints")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    total = models.PositiveIntegerField(_("số hồ sơ"))
    done = models.PositiveIntegerField(_("số hồ sơ đã in"), default=0)
    failed = models.PositiveIntegerField(_("số hồ sơ lỗi"), default=0)
    pdf = models.FileField(_("tệp PDF"), upload_to="bulk/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 của PDF"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("bản in toàn bộ hồ sơ")
        verbose_name_plural = _("bản in toàn bộ hồ sơ")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | (~models.Q(pdf="") & ~models.Q(pdf_sha256="")),
                name="bulk_print_done_has_file",
            )
        ]

    def __str__(self):
        return gettext_now("In hồ sơ %(meeting)s") % {"meeting": self.meeting}

    @property
    def percent(self):
        return round(100 * (self.done + self.failed) / self.total) if self.total else 100

    @property
    def is_running(self):
        return self.status == self.Status.RUNNING

    @property
    def time_left(self):
        """The time left at the pace of the dossiers printed so far, in words."""
        elapsed = (timezone.now() - self.requested_at).total_seconds()
        return time_left_phrase(elapsed, self.done + self.failed, self.total)


class BulkPrintPart(models.Model):
    """One dossier of a bulk print: the unit's Tờ trình and its nominees' reports."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang in")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    FINISHED = (Status.DONE, Status.FAILED)

    job = models.ForeignKey(BulkPrint, on_delete=models.CASCADE, related_name="parts")
    proposal = models.ForeignKey(AwardProposal, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Written every few seconds while a worker prints the part: a silent one lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="bulk/parts/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "order"]
        constraints = [
            models.UniqueConstraint(fields=["job", "proposal"], name="bulk_part_one_per_dossier")
        ]

    def __str__(self):
        return f"{self.job_id}/{self.order}"


# --- Printing onto a pre-printed blank certificate (phôi Giấy khen) ----------------------------


class CertificateField(models.Model):
    """Where one piece of a Giấy khen's text goes on the office's pre-printed blank form.

    Positions are millimetres from the top-left corner of the A4 landscape sheet, as an
    administrator measures them on the blank; a field the blank already carries is
    switched off. Frozen into each printed version like all of a document's content.
    """

    class Key(models.TextChoices):
        AUTHORITY = "authority", _("Người tặng (CHỦ TỊCH …)")
        NAME = "name", _("Tên tập thể, cá nhân")
        WHERE = "where", _("Chức vụ, đơn vị")
        REASON = "reason", _("Thành tích")
        DECISION = "decision", _("Số, ngày quyết định")
        PLACE_DATE = "place_date", _("Địa danh, ngày tháng")
        SIGNATURE = "signature", _("Chức danh người ký")
        SIGNER = "signer", _("Họ tên người ký")

    class Align(models.TextChoices):
        LEFT = "left", _("Trái")
        CENTER = "center", _("Giữa")
        RIGHT = "right", _("Phải")

    key = models.CharField(_("nội dung"), max_length=20, choices=Key.choices, unique=True)
    left_mm = models.DecimalField(_("cách mép trái (mm)"), max_digits=5, decimal_places=1)
    top_mm = models.DecimalField(_("cách mép trên (mm)"), max_digits=5, decimal_places=1)
    width_mm = models.DecimalField(_("bề rộng (mm)"), max_digits=5, decimal_places=1)
    font_size = models.DecimalField(_("cỡ chữ (pt)"), max_digits=4, decimal_places=1)
    bold = models.BooleanField(_("đậm"), default=False)
    italic = models.BooleanField(_("nghiêng"), default=False)
    align = models.CharField(_("căn lề"), max_length=6, choices=Align.choices, default=Align.CENTER)
    is_printed = models.BooleanField(
        _("in nội dung này"), default=True, help_text=_("Bỏ chọn nếu phôi đã in sẵn.")
    )

    class Meta:
        ordering = ["top_mm", "left_mm"]
        verbose_name = _("vị trí in trên phôi Giấy khen")
        verbose_name_plural = _("vị trí in trên phôi Giấy khen")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_mm__gte=0, top_mm__gte=0, width_mm__gt=0)
                & Q(left_mm__lte=297, top_mm__lte=210, font_size__gt=0),
                name="certificate_field_on_the_sheet",
            )
        ]

    def __str__(self):
        return self.get_key_display()

    def clean(self):
        if (
            self.left_mm is not None
            and self.width_mm is not None
            and self.left_mm + self.width_mm > 297
        ):
            raise ValidationError(_("Ô chữ vượt ra ngoài khổ A4 ngang (297 mm)."))
