"""Diacritic-insensitive search and Vietnamese ordering on both databases.

PostgreSQL uses the `unaccent` extension (created by a migration) and the ICU collation
`vi-x-icu`; SQLite gets a Python function of the same name and a `vi` collation with the
same order, both registered on every new connection.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate, Lower

from .text import plain, vietnamese_compare


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, plain, deterministic=True)
        connection.connection.create_collation("vi", vietnamese_compare)


connection_created.connect(_register_sqlite_functions)


class Unaccent(models.Func):
    function = "unaccent"
    output_field = models.TextField()


def plain_expression(field_name):
    """A database expression giving the same form as core.text.plain() for a column."""
    return Lower(Unaccent(field_name))


class VietnameseCollate(Collate):
    """A column in Vietnamese alphabetical order: ICU on PostgreSQL, core.text on SQLite."""

    def __init__(self, expression):
        super().__init__(expression, "vi-x-icu")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, collation="vi", **extra_context)


def vietnamese(field_name):
    """Order by `field_name` the Vietnamese way: `.order_by(vietnamese("unit__name"))`."""
    return VietnameseCollate(field_name)
