"""The admin site's forms at province scale (issue 10): a unit field is searched
(autocomplete), never a select of every unit (2,000 options, 130 KB a field)."""

import pytest
from django.urls import reverse

from documents.models import IssuingBody
from tests.factories import CampaignFactory, UnitFactory, UserFactory
from tests.otp import verify_session


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    verify_session(client, admin_user)
    return client


@pytest.fixture
def many_units(db):
    return [UnitFactory(name=f"UBND xã Thử Nghiệm {n:02d}") for n in range(30)]


def _change(model, obj):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])


def test_unit_fields_are_searched_not_listed(admin_client, many_units, unit):
    office = UserFactory(office=True, organisation=unit)
    campaign = CampaignFactory(organisation=unit)
    body = IssuingBody.objects.create(code="ubnd-thu", name="UBND xã Thử", unit=unit)
    pages = [
        _change(type(office), office),
        _change(type(unit), many_units[0]),
        _change(type(campaign), campaign),
        _change(IssuingBody, body),
    ]
    for page in pages:
        response = admin_client.get(page)
        html = response.content.decode()
        assert response.status_code == 200, page
        assert "UBND xã Thử Nghiệm 29" not in html, page  # no select of every unit
        assert "admin-autocomplete" in html, page
    user_page = admin_client.get(pages[0]).content.decode()
    assert 'name="organisation"' in user_page  # the office's locality can be set here
    assert f'<option value="{unit.pk}" selected>{unit.name}</option>' in user_page


def test_the_unit_search_answers_the_admin(admin_client, many_units):
    UnitFactory(name="UBND xã Pha Long")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Pha Long",
            "app_label": "units",
            "model_name": "user",
            "field_name": "unit",
        },
    )

    names = [result["text"] for result in response.json()["results"]]
    assert response.status_code == 200
    assert names == ["UBND xã Pha Long"]  # not one of the thirty others
