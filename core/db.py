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


class CompiledRead:
    """A read compiled to SQL once per process, then run with new ids (issue 10).

    Compiling a queryset costs 0.3–1 ms of Python (more than PostgreSQL takes to answer
    a small read), and a unit's pages make several reads whose shape never changes, only
    the ids they look up. `build(**ids)` returns the queryset for the given keyword ids;
    it is compiled once with placeholder ids (just under the largest 16-bit integer:
    within every integer column's range, years included, so that no lookup is
    short-circuited), and each call runs the kept SQL through a cursor with the real ids in
    their places, converting the values as Django would (dates on SQLite, JSON...).

        _TARGETS = CompiledRead(lambda report: ReportTarget.objects.filter(report_id=report))
        _TARGETS.objects(report=42)   # model instances, select_related() included
        _TARGETS.rows(report=42)      # tuples, for a values_list() queryset

    Only for reads whose SQL depends on nothing but the ids (no `now()`, no user's role),
    without prefetch_related().
    """

    _PLACEHOLDER = 32_767
    _OTHER_PLACEHOLDER = 32_667

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def _compile(self, connection, names):
        from django.db.models.query import ModelIterable, get_related_populators

        placeholders = {name: self._PLACEHOLDER - i for i, name in enumerate(names)}
        queryset = self._build(**placeholders)
        if queryset._prefetch_related_lookups:
            raise ValueError("CompiledRead: prefetch_related() is not supported")
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        # Compiled a second time with other placeholders: a parameter is an id's slot only
        # if it follows the placeholders from one compilation to the other, so that a
        # constant of the query equal to a placeholder is never taken for an id; the SQL
        # itself must not depend on the ids' values.
        others = {name: self._OTHER_PLACEHOLDER - i for i, name in enumerate(names)}
        other_sql, other_params = (
            self._build(**others).query.get_compiler(connection=connection).as_sql()
        )
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError("CompiledRead: the query's SQL depends on the ids")
        by_value = {value: name for name, value in placeholders.items()}
        slots = []
        for value, other in zip(params, other_params, strict=True):
            name = by_value.get(value)
            if name is not None and other == others[name]:
                slots.append((name, None))
            elif value == other:
                slots.append((None, value))
            else:
                raise ValueError("CompiledRead: the query's constants depend on the ids")
        if {name for name, _value in slots if name} != set(names):
            raise ValueError("CompiledRead: every id must be a parameter of the query")
        select = compiler.select
        fields = [column[0] for column in select[: compiler.col_count]]
        compiled = {
            "sql": sql,
            "slots": slots,
            "converters": list(compiler.get_converters(fields).items()),
        }
        if queryset._iterable_class is ModelIterable:
            # What ModelIterable works out from the compiler, kept for every later call.
            klass_info = compiler.klass_info
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            compiled["model"] = {
                "cls": klass_info["model"],
                "db": queryset.db,
                "span": (first, last),
                "init_list": [column[0].target.attname for column in select[first:last]],
                "related": get_related_populators(klass_info, select, queryset.db),
                "annotations": list((compiler.annotation_col_map or {}).items()),
            }
        return compiled

    def _run(self, ids):
        from django.db import connection

        key = (connection.vendor, tuple(sorted(ids)))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(connection, sorted(ids))
        params = [ids[name] if name is not None else value for name, value in compiled["slots"]]
        with connection.cursor() as cursor:
            cursor.execute(compiled["sql"], params)
            rows = cursor.fetchall()
        converters = compiled["converters"]
        if converters:
            converted = []
            for row in rows:
                row = list(row)
                for position, (functions, expression) in converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
                converted.append(tuple(row))
            rows = converted
        return compiled, rows

    def rows(self, **ids):
        """The rows (tuples) for `ids`, in the queryset's order."""
        return self._run(ids)[1]

    def objects(self, **ids):
        """The model instances for `ids` (with their select_related() objects), in order."""
        compiled, rows = self._run(ids)
        model = compiled["model"]
        cls, db, init_list = model["cls"], model["db"], model["init_list"]
        first, last = model["span"]
        instances = []
        for row in rows:
            instance = cls.from_db(db, init_list, row[first:last])
            for populator in model["related"]:
                populator.populate(row, instance)
            for name, position in model["annotations"]:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances
