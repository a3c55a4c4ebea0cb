"""Make the trails append-only in the database too (PostgreSQL only; SQLite: no-op).

A row-level trigger refuses UPDATE and DELETE on the workflow history, the security log
and the data-change log, whoever runs the statement (the portal's own database role,
the admin, a shell). TRUNCATE is statement-level and stays possible for the test runner.
"""

from django.db import migrations

TABLES = ["core_transition", "security_securityevent", "auditlog_logentry"]

FUNCTION = """
CREATE OR REPLACE FUNCTION thidua_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its % are PL/pgSQL, not parameters
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION thidua_append_only();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS thidua_append_only();")


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_security_event"),
        ("core", "0003_unaccent_extension"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
