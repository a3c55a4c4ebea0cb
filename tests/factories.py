import datetime

import factory

from awards.models import AwardForm
from registrations.models import Campaign, Registration, RegistrationWindow, Target
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


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = "Phong trào thi đua về chuyển đổi số, giai đoạn 2022 - 2025"
    theme = "Thi đua xây dựng chính quyền số, phát triển kinh tế số, xã hội số"
    issuer_name = "UBND huyện Thử Nghiệm"
    locality_name = "Thử Nghiệm"
    start_year = 2022
    end_year = 2025
    standing_office = factory.SubFactory(
        UnitFactory, tier=Tier.DISTRICT_AGENCY, name="Phòng Văn hóa và Thông tin"
    )
    council_secretariat = factory.SubFactory(
        UnitFactory, tier=Tier.DISTRICT_AGENCY, name="Phòng Nội vụ"
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
