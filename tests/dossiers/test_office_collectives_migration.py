"""Migration 0012: the office's collectives from outside the registered units. Forward it
keeps every unit's collective as it was; backward it restores the one-collective rule."""

import pytest
from django.db import connection

from tests.migrating import migrate, migrate_to_latest

BEFORE = ("dossiers", "0011_office_proposals")
AFTER = ("dossiers", "0012_office_collectives")


def _constraints():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "dossiers_nominee"))


@pytest.mark.django_db(transaction=True)
def test_the_migration_adds_the_collective_fields_and_goes_back():
    try:
        migrate(BEFORE)
        assert "nominee_one_collective_per_proposal" in _constraints()
        assert "nominee_office_collective_once" not in _constraints()

        apps = migrate(AFTER)
        Nominee = apps.get_model("dossiers", "Nominee")
        fields = {f.name for f in Nominee._meta.get_fields()}
        assert {"nominated_unit", "collective_name", "collective_address"} <= fields
        constraints = _constraints()
        assert "nominee_one_own_collective_per_proposal" in constraints
        assert "nominee_office_collective_once" in constraints
        assert "nominee_one_collective_per_proposal" not in constraints

        migrate(BEFORE)
        assert "nominee_one_collective_per_proposal" in _constraints()
        assert "nominee_office_collective_once" not in _constraints()
    finally:
        migrate(AFTER)
        migrate_to_latest()
