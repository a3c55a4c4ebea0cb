"""Diacritic-insensitive search on both databases.

PostgreSQL uses the `unaccent` extension (created by a migration); SQLite gets a
Python function of the same name, registered on every new connection.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate, Lower

from .text import plain


def _register_sqlite_unaccent(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, plain, deterministic=True)


connection_created.connect(_register_sqlite_unaccent)


class Unaccent(models.Func):
    function = "unaccent"
    output_field = models.TextField()


def plain_expression(field_name):
    """A database expression giving the same form as core.text.plain() for a column."""
    return Lower(Unaccent(field_name))


def vietnamese_order(field_name, connection):
    """Order by a column in Vietnamese collation where the database has it (PostgreSQL ICU)."""
    if connection.vendor == "postgresql":
        return Collate(field_name, "vi-x-icu")
    return models.F(field_name)
