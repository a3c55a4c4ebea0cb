import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.db import plain_expression, vietnamese
from core.text import plain


class Tier(models.TextChoices):
    DISTRICT_AGENCY = "district_agency", _("Cơ quan, ban ngành, đoàn thể cấp huyện")
    COMMUNE = "commune", _("UBND xã, thị trấn")
    ENTERPRISE = "enterprise", _("Doanh nghiệp, hợp tác xã")
    OTHER = "other", _("Cơ quan, đơn vị đóng trên địa bàn")


def active_on_condition(day):
    """UnitQuerySet.active_on as a condition, for a query that joins units to more."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def within_condition(organisation_id):
    """UnitQuerySet.within as a condition (an empty one when `organisation_id` is None)."""
    if organisation_id is None:
        return Q()
    return Q(pk=organisation_id) | Q(organisation_id=organisation_id)


class UnitQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(active_on_condition(day))

    def active_in_year(self, year):
        """Units that existed at some point of the calendar year."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31))
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)))

    def within(self, organisation_id):
        """The units of an organisation (a locality's government: the commune and the
        units under it); every unit when `organisation_id` is None (one portal, one
        locality, as before organisations were recorded)."""
        if organisation_id is None:
            return self
        return self.filter(within_condition(organisation_id))

    def seen_by(self, user):
        """The units a district-side user works with: an admin every unit; the office or
        council of an organisation (a commune) that organisation's units; one without an
        organisation the units tied to none (another commune's units are not theirs)."""
        if user.is_portal_admin:
            return self
        if user.organisation_id is not None:
            return self.within(user.organisation_id)
        return self.filter(organisation__isnull=True)

    def search(self, text):
        """Diacritic- and case-insensitive match on name or short name ('lung vai' finds 'Lùng Vai')."""
        needle = plain(text)
        if not needle:
            return self
        return self.alias(
            name_plain=plain_expression("name"), short_plain=plain_expression("short_name")
        ).filter(Q(name_plain__contains=needle) | Q(short_plain__contains=needle))

    def in_vietnamese_order(self, *leading):
        return self.order_by(*leading, vietnamese("name"), "pk")


class Unit(models.Model):
    code = models.SlugField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    tier = models.CharField(_("khối"), max_length=20, choices=Tier.choices)
    locality = models.CharField(
        _("địa bàn"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: huyện Mường Khương, tỉnh Lào Cai"),
    )
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    head_name = models.CharField(_("thủ trưởng đơn vị"), max_length=120, blank=True)
    head_title = models.CharField(_("chức vụ thủ trưởng"), max_length=120, blank=True)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )
    organisation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members_units",
        verbose_name=_("thuộc địa bàn"),
        help_text=_("Chính quyền địa phương quản lý đơn vị, ví dụ: UBND xã Bản Lầu."),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    CULTURE_OFFICE = "culture_office", _("Cơ quan thường trực phong trào")
    COUNCIL = "council", _("Hội đồng Thi đua – Khen thưởng")
    ADMIN = "admin", _("Quản trị hệ thống")


# The role sets, defined here once. A unit's members work on their unit's documents; the
# district side (the culture office reviews, the council decides, the admin oversees)
# sees every unit's.
UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
OVERSIGHT_ROLES = (Role.CULTURE_OFFICE, Role.COUNCIL, Role.ADMIN)


class UnitScopedQuerySet(models.QuerySet):
    """Rows owned by a unit (``unit`` field): the one rule of who sees them.

    A unit's members see their own unit's; the district side sees what
    `seen_by_district` keeps (everything, unless a subclass narrows it) of the campaigns
    of its own organisation (`campaign_path` leads from a row to its campaign; an admin
    sees every campaign's); others nothing.
    """

    campaign_path = None

    def visible_to(self, user):
        if user.is_unit_member:
            return self.filter(unit_id=user.unit_id)
        if user.is_oversight:
            rows = self.seen_by_district()
            if user.is_portal_admin or self.campaign_path is None:
                return rows
            return rows.filter(**{f"{self.campaign_path}__organisation": user.organisation_id})
        return self.none()

    def seen_by_district(self):
        return self


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("đơn vị"),
    )
    organisation = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("địa bàn phụ trách"),
        help_text=_(
            "Với Văn hóa – Thông tin, Hội đồng: chỉ thấy phong trào của địa bàn này. "
            "Để trống: phong trào không gắn địa bàn."
        ),
    )
    # The bell's count, kept with the user (every page shows it): core.services.notify_users
    # and mark_notices_read keep it equal to the user's unread notices, in the same
    # transaction as the notices themselves, so no page has to count them (issue 10).
    unread_notices = models.PositiveIntegerField(_("thông báo chưa đọc"), default=0, editable=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=UNIT_ROLES) & Q(unit__isnull=False))
                | ~Q(role__in=UNIT_ROLES),
                name="unit_role_has_unit",
            )
        ]

    def __str__(self):
        return self.full_name or self.username

    @property
    def is_unit_member(self):
        return self.role in UNIT_ROLES

    @property
    def is_unit_head(self):
        return self.role == Role.UNIT_HEAD

    @property
    def is_culture_office(self):
        return self.role == Role.CULTURE_OFFICE

    @property
    def is_council(self):
        return self.role == Role.COUNCIL

    @property
    def is_oversight(self):
        """The district side: culture office, council, admin (and superusers)."""
        return self.role in OVERSIGHT_ROLES or self.is_superuser

    @property
    def is_portal_admin(self):
        return self.role == Role.ADMIN or self.is_superuser
