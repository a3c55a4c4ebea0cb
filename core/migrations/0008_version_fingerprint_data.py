"""Fingerprint every version frozen before issue 15 over its content; the apps whose
versions froze files (registrations, criteria) add those in their own migrations."""

from django.db import migrations

from core.fingerprint import refresh_versions


def fill(apps, schema_editor):
    Version = apps.get_model("core", "Version")
    refresh_versions(Version.objects.filter(sha256=""), lambda version: [])


class Migration(migrations.Migration):
    dependencies = [("core", "0007_version_fingerprint")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
