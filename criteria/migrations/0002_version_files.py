"""Assessment versions frozen before issue 15: their fingerprint covers the evidence
files their lines list (data["lines"][…]["evidence"][…]["id"])."""

from django.db import migrations

from core.fingerprint import refresh_versions


def fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("core", "Version")
    Evidence = apps.get_model("criteria", "Evidence")
    content_type = ContentType.objects.filter(app_label="criteria", model="assessment").first()
    if content_type is None:
        return

    def evidence_files(version):
        lines = version.data.get("lines", [])
        ids = [e["id"] for line in lines for e in line.get("evidence", [])]
        return Evidence.objects.filter(pk__in=ids).values_list("file", flat=True)

    refresh_versions(Version.objects.filter(content_type=content_type), evidence_files)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_version_fingerprint_data"),
        ("criteria", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
