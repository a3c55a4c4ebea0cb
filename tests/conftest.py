"""Fixture users per role: a unit's staff and head, another unit's staff, office, council, admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from .factories import (
    AwardFormFactory,
    CampaignFactory,
    RegistrationFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)
from .otp import _plain_force_login, force_login_verified

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    """Tests sign in with `client.force_login(user)` as before: office, council and admin
    sessions come back verified with a TOTP device (tests/otp.py). Tests of the sign-in
    itself post to the login and verification pages instead."""
    monkeypatch.setattr(Client, "force_login", force_login_verified)
    yield
    monkeypatch.setattr(Client, "force_login", _plain_force_login)


@pytest.fixture
def unit(db):
    return UnitFactory(name="UBND xã Lùng Vai", short_name="Lùng Vai", code="xa-lung-vai")


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="UBND xã Bản Lầu", short_name="Bản Lầu", code="xa-ban-lau")


@pytest.fixture
def staff(unit):
    return UserFactory(unit=unit, username="canbo")


@pytest.fixture
def head(unit):
    return UserFactory(unit=unit, head=True, username="truong")


@pytest.fixture
def other_staff(other_unit):
    return UserFactory(unit=other_unit, username="canbo-khac")


@pytest.fixture
def other_head(other_unit):
    return UserFactory(unit=other_unit, head=True, username="truong-khac")


@pytest.fixture
def office(db):
    return UserFactory(office=True, username="vhtt")


@pytest.fixture
def council(db):
    return UserFactory(council=True, username="hoidong")


@pytest.fixture
def admin_user(db):
    return UserFactory(admin=True, username="quantri")


@pytest.fixture
def award_form(db):
    return AwardFormFactory()


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def window(campaign):
    return WindowFactory(
        campaign=campaign,
        year=2024,
        opens_on=datetime.date(2024, 1, 1),
        deadline_on=datetime.date(2024, 2, 20),
    )


@pytest.fixture
def registration(window, unit, staff):
    return RegistrationFactory(window=window, unit=unit, created_by=staff)


@pytest.fixture
def ready_registration(registration):
    """A draft with a target and a plan file: ready for the head to submit."""
    TargetFactory(registration=registration)
    registration.action_plan.save(
        "plans/2024/ke-hoach.pdf", SimpleUploadedFile("k.pdf", PDF_BYTES), save=False
    )
    registration.action_plan_name = "ke-hoach.pdf"
    registration.save()
    return registration


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("ke-hoach-2024.pdf", PDF_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _fresh_cached_figures():
    """Each test starts with no cached figure (core.datacache): ids are reused between tests."""
    from django.core.cache import cache

    from core.datacache import GENERATION_KEY

    try:
        cache.delete(GENERATION_KEY)
    except Exception:  # a test that stops Redis must not fail here
        pass


HANDOVER_DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def commune_office(campaign, admin_user):
    """The campaign's standing office passes on 1/7/2025 to a commune's Phòng Văn hóa - Xã
    hội (the two-level reform): messages after that day name it, not the district's office."""
    from documents.models import IssuingBody
    from registrations.models import CampaignRole
    from registrations.services import hand_over_campaign

    commune = IssuingBody.objects.create(
        code="ubnd-xa",
        name="Ủy ban nhân dân\nxã Hợp Nhất",
        full_name="Ủy ban nhân dân xã Hợp Nhất",
        abbreviation="UBND",
        place_name="Hợp Nhất",
        valid_from=HANDOVER_DAY,
    )
    office = IssuingBody.objects.create(
        code="vhxh",
        name="Phòng Văn hóa - Xã hội",
        full_name="Phòng Văn hóa - Xã hội xã Hợp Nhất",
        abbreviation="VHXH",
        parent=commune,
        place_name="Hợp Nhất",
        valid_from=HANDOVER_DAY,
    )
    hand_over_campaign(
        campaign,
        on=HANDOVER_DAY,
        assignments=[(CampaignRole.Kind.STANDING_OFFICE, office)],
        by=admin_user,
        reason="Chính quyền địa phương hai cấp",
    )
    return office
