"""The bell's count kept with the user (issue 10): every page showed it by counting the
user's unread notices, one query per page. Existing users get their count here."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_unread(apps, schema_editor):
    User = apps.get_model("units", "User")
    Notice = apps.get_model("core", "Notice")
    unread = (
        Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    User.objects.update(unread_notices=Coalesce(Subquery(unread), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0004_role_label_standing_office"),
        ("core", "0008_version_fingerprint_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unread_notices",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="thông báo chưa đọc"
            ),
        ),
        # Backward, the column goes away with its counts: nothing to undo.
        migrations.RunPython(count_unread, migrations.RunPython.noop),
    ]
