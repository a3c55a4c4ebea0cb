"""core.db.CompiledRead: a read compiled once, run again with other ids, gives what the
queryset gives."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from core.db import CompiledRead
from core.models import Transition
from core.services import record_transition
from core.workflow import history
from registrations.models import Registration
from registrations.permissions import get_registration_for
from units.models import Unit

from ..factories import RegistrationFactory, UnitFactory


def _registrations(unit):
    return Registration.objects.filter(unit_id=unit).select_related("window__campaign", "unit")


READ = CompiledRead(_registrations)


def test_a_compiled_read_gives_the_querysets_objects_for_each_id(db):
    first, second = RegistrationFactory(), RegistrationFactory()

    for registration in (first, second):
        found = READ.objects(unit=registration.unit_id)

        assert found == list(_registrations(registration.unit_id))
        assert found[0].window.campaign.name == registration.window.campaign.name
        assert found[0].unit.name == registration.unit.name


def test_a_compiled_values_read_converts_values_as_django_does(db, staff):
    at = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 30))
    record_transition(staff.unit, by=staff, from_state="", to_state="draft", at=at)
    read = CompiledRead(
        lambda unit: Transition.objects.filter(object_id=unit).values_list("at", "to_state")
    )

    assert read.rows(unit=staff.unit_id) == [(at, "draft")]
    assert read.rows(unit=staff.unit_id + 1000) == []


def test_an_id_that_is_not_a_parameter_is_refused(db):
    read = CompiledRead(lambda unit: Unit.objects.all())

    with pytest.raises(ValueError):
        read.objects(unit=1)


def test_a_unit_member_gets_only_their_own_units_registration(db, staff):
    own = RegistrationFactory(unit=staff.unit)
    other = RegistrationFactory(unit=UnitFactory())

    assert get_registration_for(staff, own.pk) == own
    with pytest.raises(Http404):
        get_registration_for(staff, other.pk)


def test_history_lists_versions_and_transitions_with_labels(db, staff):
    registration = RegistrationFactory(unit=staff.unit)
    record_transition(registration, by=staff, from_state="draft", to_state="submitted")

    rows = history(registration, "registrations:version")

    assert rows["versions"] == []
    assert [(t["actor"], t["from_label"], t["to_label"]) for t in rows["transitions"]] == [
        (str(staff), "Đang soạn", "Đã gửi")
    ]


def test_a_constant_equal_to_a_placeholder_is_not_taken_for_an_id(db):
    unit = UnitFactory()
    RegistrationFactory(unit=unit)
    # The year 32,767 is the placeholder of the first id: compiled twice, the constant
    # keeps its value while the id follows the placeholders.
    read = CompiledRead(
        lambda unit: Registration.objects.filter(unit_id=unit).exclude(
            window__year=CompiledRead._PLACEHOLDER
        )
    )

    assert [r.unit_id for r in read.objects(unit=unit.pk)] == [unit.pk]


def test_a_query_whose_shape_depends_on_the_id_is_refused(db):
    read = CompiledRead(
        lambda unit: Registration.objects.filter(unit_id=unit)[: unit % 7 + 1]  # LIMIT by id
    )

    with pytest.raises(ValueError, match="depends on the ids"):
        read.objects(unit=1)
