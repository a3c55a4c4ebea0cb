import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_award_rules_from_dossiers"),
        ("registrations", "0003_plan_upload_to"),
    ]

    operations = [
        # Same tables and columns: only the state points at awards.AwardForm now.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="registeredindividual",
                    name="award_form",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="awards.awardform",
                        verbose_name="hình thức đăng ký",
                    ),
                ),
                migrations.AlterField(
                    model_name="registration",
                    name="award_forms",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="awards.awardform",
                        verbose_name="hình thức khen thưởng đăng ký (tập thể)",
                    ),
                ),
            ],
        ),
    ]
