import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0004_award_forms_from_awards"),
        ("awards", "0001_award_rules_from_dossiers"),
        ("dossiers", "0005_bulk_print"),
    ]

    operations = [
        # The award rules now live in awards (same tables): only the state changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="awarddecision",
                    name="award_form",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="awards.awardform",
                        verbose_name="hình thức",
                    ),
                ),
                migrations.AlterField(
                    model_name="nominee",
                    name="award_form",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="nominees",
                        to="awards.awardform",
                        verbose_name="hình thức đề nghị",
                    ),
                ),
                migrations.AlterField(
                    model_name="provincialsubmission",
                    name="award_form",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="awards.awardform",
                        verbose_name="hình thức",
                    ),
                ),
                migrations.RemoveField(
                    model_name="bonuscoefficient",
                    name="award_form",
                ),
                migrations.DeleteModel(
                    name="BaseSalary",
                ),
                migrations.RemoveField(
                    model_name="bonuscoefficient",
                    name="regime",
                ),
                migrations.DeleteModel(
                    name="AwardForm",
                ),
                migrations.DeleteModel(
                    name="BonusCoefficient",
                ),
                migrations.DeleteModel(
                    name="LegalRegime",
                ),
            ],
        ),
    ]
