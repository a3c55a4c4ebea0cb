"""AwardForm, LegalRegime, BonusCoefficient and BaseSalary move from dossiers, keeping their tables."""

import django.db.models.deletion
from django.db import migrations, models


MODELS = ["awardform", "legalregime", "bonuscoefficient", "basesalary"]


def _relabel(apps, source, target):
    """Admin log entries and permissions follow their content type to the new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _relabel(apps, "dossiers", "awards")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "awards", "dossiers")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dossiers", "0005_bulk_print"),
    ]

    operations = [
        # The tables exist already, made by dossiers' migrations: only the state moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AwardForm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="mã")),
                        (
                            "name",
                            models.CharField(max_length=200, verbose_name="hình thức khen thưởng"),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("district", "Chủ tịch UBND cấp huyện"),
                                    ("province", "Chủ tịch UBND cấp tỉnh"),
                                ],
                                max_length=20,
                                verbose_name="cấp quyết định",
                            ),
                        ),
                        (
                            "commendation_type",
                            models.CharField(
                                choices=[
                                    ("thematic", "Khen thưởng theo chuyên đề (phong trào thi đua)"),
                                    ("regular", "Khen thưởng thường xuyên"),
                                ],
                                default="thematic",
                                max_length=20,
                                verbose_name="loại khen thưởng",
                            ),
                        ),
                        (
                            "for_collectives",
                            models.BooleanField(default=True, verbose_name="dành cho tập thể"),
                        ),
                        (
                            "for_individuals",
                            models.BooleanField(default=True, verbose_name="dành cho cá nhân"),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="đang dùng")),
                    ],
                    options={
                        "verbose_name": "hình thức khen thưởng",
                        "verbose_name_plural": "hình thức khen thưởng",
                        "db_table": "dossiers_awardform",
                        "ordering": ["order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="BaseSalary",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "amount",
                            models.PositiveIntegerField(verbose_name="mức lương cơ sở (đồng)"),
                        ),
                        (
                            "valid_from",
                            models.DateField(unique=True, verbose_name="áp dụng từ ngày"),
                        ),
                        (
                            "legal_basis",
                            models.CharField(max_length=200, verbose_name="căn cứ pháp lý"),
                        ),
                    ],
                    options={
                        "verbose_name": "mức lương cơ sở",
                        "verbose_name_plural": "mức lương cơ sở",
                        "db_table": "dossiers_basesalary",
                        "ordering": ["valid_from"],
                    },
                ),
                migrations.CreateModel(
                    name="LegalRegime",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="mã")),
                        ("name", models.CharField(max_length=200, verbose_name="tên")),
                        (
                            "legal_basis",
                            models.CharField(max_length=300, verbose_name="căn cứ pháp lý"),
                        ),
                        ("valid_from", models.DateField(verbose_name="áp dụng từ ngày")),
                        (
                            "valid_to",
                            models.DateField(
                                blank=True, null=True, verbose_name="áp dụng đến ngày"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "chế độ pháp lý khen thưởng",
                        "verbose_name_plural": "chế độ pháp lý khen thưởng",
                        "db_table": "dossiers_legalregime",
                        "ordering": ["valid_from"],
                    },
                ),
                migrations.CreateModel(
                    name="BonusCoefficient",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "subject",
                            models.CharField(
                                choices=[("collective", "Tập thể"), ("individual", "Cá nhân")],
                                max_length=20,
                                verbose_name="đối tượng",
                            ),
                        ),
                        (
                            "coefficient",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="hệ số"
                            ),
                        ),
                        (
                            "legal_basis",
                            models.CharField(blank=True, max_length=200, verbose_name="căn cứ"),
                        ),
                        (
                            "award_form",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="coefficients",
                                to="awards.awardform",
                            ),
                        ),
                        (
                            "regime",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="coefficients",
                                to="awards.legalregime",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "hệ số tiền thưởng",
                        "verbose_name_plural": "hệ số tiền thưởng",
                        "db_table": "dossiers_bonuscoefficient",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("regime", "award_form", "subject"),
                                name="coefficient_unique",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("coefficient__gt", 0)),
                                name="coefficient_positive",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(move_content_types, move_content_types_back)],
        ),
    ]
