from django.db import migrations


def create_unaccent(apps, schema_editor):
    # Diacritic-insensitive search; SQLite gets a Python function instead (core/db.py).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
