"""units.permissions.DistrictRead: the district side's compiled read of one row gives what
`visible_to(user)` gives — its organisation's campaigns, the campaigns of no organisation
for an office of none, every campaign for an admin — and 404 for anyone else."""

import pytest
from django.http import Http404

from registrations.models import Registration
from registrations.permissions import get_registration_for
from tests.factories import (
    CampaignFactory,
    RegistrationFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)


def _registration(organisation):
    window = WindowFactory(campaign=CampaignFactory(organisation=organisation), year=2024)
    return RegistrationFactory(window=window)


@pytest.fixture
def communes(db):
    return UnitFactory(name="UBND xã Bản Lầu"), UnitFactory(name="UBND xã Mường Khương")


def test_each_district_user_gets_what_visible_to_gives(communes, admin_user, staff):
    ban_lau, muong_khuong = communes
    ours, theirs, unscoped = (
        _registration(ban_lau),
        _registration(muong_khuong),
        _registration(None),
    )
    users = {
        "office of Bản Lầu": UserFactory(office=True, organisation=ban_lau),
        "council of Bản Lầu": UserFactory(council=True, organisation=ban_lau),
        "office of no locality": UserFactory(office=True, organisation=None),
        "admin": admin_user,
    }

    for label, user in users.items():
        for registration in (ours, theirs, unscoped):
            visible = Registration.objects.visible_to(user).filter(pk=registration.pk).exists()
            if visible:
                found = get_registration_for(user, registration.pk)
                assert found == registration, label
                assert found.window.campaign.organisation_id == (
                    registration.window.campaign.organisation_id
                ), label
            else:
                with pytest.raises(Http404):
                    get_registration_for(user, registration.pk)
    # What those rules are, spelled out once.
    office = users["office of Bản Lầu"]
    assert get_registration_for(office, ours.pk) == ours
    with pytest.raises(Http404):
        get_registration_for(office, theirs.pk)
    assert get_registration_for(users["office of no locality"], unscoped.pk) == unscoped
    assert get_registration_for(users["admin"], theirs.pk) == theirs
    with pytest.raises(Http404):  # a unit member reaches only their own unit's
        get_registration_for(staff, ours.pk)
