"""Roles and units scoped to a campaign's organisation (issue 9): a commune's office sees
its own movement, not the former district's."""

import datetime

import pytest
from django.urls import reverse

from registrations.models import Registration
from registrations.queries import expected_units
from registrations.services import current_campaign

from ..factories import (
    CampaignFactory,
    RegistrationFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)


@pytest.fixture
def commune(db):
    return UnitFactory(
        code="xa-ban-lau-moi",
        name="UBND xã Bản Lầu (từ 01/7/2025)",
        valid_from=datetime.date(2025, 7, 1),
    )


@pytest.fixture
def commune_units(commune):
    return [
        UnitFactory(
            code="htx-che",
            name="Hợp tác xã Chè Bản Lầu",
            organisation=commune,
            valid_from=datetime.date(2025, 7, 1),
        ),
        UnitFactory(
            code="vhxh",
            name="Phòng Văn hóa – Xã hội xã Bản Lầu",
            organisation=commune,
            valid_from=datetime.date(2025, 7, 1),
        ),
    ]


@pytest.fixture
def commune_campaign(commune):
    return CampaignFactory(
        name="Phong trào của xã Bản Lầu, giai đoạn 2026 - 2030",
        start_year=2026,
        end_year=2030,
        organisation=commune,
    )


@pytest.fixture
def commune_window(commune_campaign):
    return WindowFactory(campaign=commune_campaign, year=2026)


@pytest.fixture
def commune_office(commune):
    return UserFactory(office=True, username="vhxh.banlau", organisation=commune)


@pytest.fixture
def commune_registration(commune_window, commune_units):
    return RegistrationFactory(window=commune_window, unit=commune_units[0])


def test_a_commune_office_does_not_see_the_former_districts_registrations(
    client, commune_office, registration, commune_registration
):
    client.force_login(commune_office)

    other = client.get(reverse("registrations:detail", args=[registration.pk]))
    own = client.get(reverse("registrations:detail", args=[commune_registration.pk]))

    assert other.status_code == 404
    assert own.status_code == 200
    assert list(Registration.objects.visible_to(commune_office)) == [commune_registration]


def test_the_district_office_does_not_see_the_communes_registrations(
    client, office, registration, commune_registration
):
    client.force_login(office)

    assert (
        client.get(reverse("registrations:detail", args=[commune_registration.pk])).status_code
        == 404
    )
    assert client.get(reverse("registrations:detail", args=[registration.pk])).status_code == 200


def test_an_admin_sees_every_campaigns_registrations(
    admin_user, registration, commune_registration
):
    assert set(Registration.objects.visible_to(admin_user)) == {registration, commune_registration}


def test_the_communes_overview_lists_only_its_units_in_force(
    client, commune_office, commune, commune_units, commune_window, unit, other_unit, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC))
    UnitFactory(
        code="xa-cu", name="UBND xã Cũ", valid_to=datetime.date(2025, 6, 30), organisation=commune
    )
    client.force_login(commune_office)

    page = client.get(reverse("registrations:list")).content.decode()

    assert set(expected_units(commune_window)) == {commune, *commune_units}
    for listed in (commune, *commune_units):
        assert f">{listed.name}<" in page
    for absent in (unit, other_unit):
        assert f">{absent.name}<" not in page
    assert ">UBND xã Cũ<" not in page
    assert current_campaign(commune_office) == commune_window.campaign


def test_the_former_districts_overview_is_not_the_communes(
    client, office, window, commune_window, unit, commune_units, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC))
    client.force_login(office)

    page = client.get(reverse("registrations:list")).content.decode()

    # The district's campaign counts the units in force in its own years: the commune's
    # units, created on 1/7/2025, are not in its 2024 overview.
    assert f">{commune_units[0].name}<" not in page
    assert f">{unit.name}<" in page
    assert current_campaign(office) == window.campaign
