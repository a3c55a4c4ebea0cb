import datetime

import factory

from awards.models import AwardForm
from documents.letterhead import committee_fields
from documents.models import IssuingBody
from registrations.models import Campaign, CampaignRole, Registration, RegistrationWindow, Target
from units.models import Role, Tier, Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"Thử Nghiệm {n}")
    tier = Tier.COMMUNE
    locality = "huyện Thử Nghiệm, tỉnh Thử Nghiệm"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    role = Role.UNIT_STAFF
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("mat-khau-thu-nghiem")

    class Params:
        office = factory.Trait(role=Role.CULTURE_OFFICE, unit=None)
        council = factory.Trait(role=Role.COUNCIL, unit=None)
        admin = factory.Trait(role=Role.ADMIN, unit=None, is_staff=True, is_superuser=True)
        head = factory.Trait(role=Role.UNIT_HEAD)


class AwardFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardForm
        django_get_or_create = ["code"]

    code = "giay-khen-chu-tich-huyen"
    name = "Giấy khen của Chủ tịch UBND huyện"
    level = AwardForm.Level.DISTRICT


def campaign_bodies(campaign, issuer_name="UBND huyện Thử Nghiệm", place_name="Thử Nghiệm"):
    """The bodies a test campaign's roles go to, created once per test database under
    fixed codes (a fixture changes them by code): the district committee ("ubnd-huyen",
    under the province "ubnd-tinh-thu-nghiem"; plan issuer, award authority and report recipient), its culture office
    ("phong-vh-tt", standing office, on a unit of its own), its home-affairs office
    ("phong-noi-vu", council secretariat) and its council ("hoi-dong-tdkt")."""
    # The district's parent is its province: the province's chairman gives the Bằng khen
    # (roles.authority), the district forwards it.
    province, _created = IssuingBody.objects.get_or_create(
        code="ubnd-tinh-thu-nghiem",
        defaults={
            **committee_fields("UBND tỉnh Thử Nghiệm"),
            "abbreviation": "UBND",
            "place_name": "Thử Nghiệm",
        },
    )
    district, _created = IssuingBody.objects.get_or_create(
        code="ubnd-huyen",
        defaults={
            **committee_fields(issuer_name),
            "abbreviation": "UBND",
            "parent": province,
            "place_name": place_name,
        },
    )

    def office(code, name, abbreviation):
        body = IssuingBody.objects.filter(code=code).first()
        if body is None:
            unit = UnitFactory(tier=Tier.DISTRICT_AGENCY, name=name)
            body = IssuingBody.objects.create(
                code=code,
                name=name,
                abbreviation=abbreviation,
                parent=district,
                unit=unit,
                place_name=place_name,
            )
        return body

    council, _created = IssuingBody.objects.get_or_create(
        code="hoi-dong-tdkt",
        defaults={
            "name": "Hội đồng Thi đua –\nKhen thưởng",
            "abbreviation": "HĐTĐKT",
            "parent": district,
            "place_name": place_name,
        },
    )
    return {
        CampaignRole.Kind.PLAN_ISSUER: district,
        CampaignRole.Kind.STANDING_OFFICE: office(
            "phong-vh-tt", "Phòng Văn hóa và Thông tin", "VHTT"
        ),
        CampaignRole.Kind.COUNCIL_SECRETARIAT: office("phong-noi-vu", "Phòng Nội vụ", "NV"),
        CampaignRole.Kind.COUNCIL: council,
        CampaignRole.Kind.AWARD_AUTHORITY: district,
        CampaignRole.Kind.REPORT_RECIPIENT: district,
    }


def office_unit(campaign):
    """The unit of the body holding the campaign's standing office at its start."""
    return (
        campaign.roles.filter(kind=CampaignRole.Kind.STANDING_OFFICE)
        .select_related("body__unit")
        .order_by("valid_from")
        .first()
        .body.unit
    )


class CampaignFactory(factory.django.DjangoModelFactory):
    """A district's campaign whose roles are held, from its first day, by the bodies of
    `campaign_bodies` (roles=False: none, for a test of a campaign without roles)."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = "Phong trào thi đua về chuyển đổi số, giai đoạn 2022 - 2025"
    theme = "Thi đua xây dựng chính quyền số, phát triển kinh tế số, xã hội số"
    locality_name = "Thử Nghiệm"
    start_year = 2022
    end_year = 2025

    @factory.post_generation
    def roles(campaign, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        start = datetime.date(campaign.start_year, 1, 1)
        CampaignRole.objects.bulk_create(
            CampaignRole(campaign=campaign, kind=kind, body=body, valid_from=start)
            for kind, body in campaign_bodies(campaign, place_name=campaign.locality_name).items()
        )


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationWindow
        django_get_or_create = ["campaign", "year"]

    campaign = factory.SubFactory(CampaignFactory)
    year = 2024
    opens_on = factory.LazyAttribute(lambda w: datetime.date(w.year, 1, 1))
    deadline_on = factory.LazyAttribute(lambda w: datetime.date(w.year, 2, 20))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    window = factory.SubFactory(WindowFactory)
    unit = factory.SubFactory(UnitFactory)
    created_by = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..unit"))
    commitment = "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc."


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    registration = factory.SubFactory(RegistrationFactory)
    title = "Hồ sơ công việc xử lý trên môi trường mạng"
    measure = "tỷ lệ %"
    target_value = "≥ 85%"
    product = "Báo cáo thống kê từ hệ thống"
