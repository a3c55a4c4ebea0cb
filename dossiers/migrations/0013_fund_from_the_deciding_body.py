from django.db import migrations, models

# The old default named the district's fund whatever the campaign's locality; a rule still
# holding it takes the deciding body's fund from the campaign's roles instead (blank).
OLD_DEFAULT = "Quỹ Thi đua, khen thưởng của huyện"


def blank_the_old_default(apps, schema_editor):
    apps.get_model("dossiers", "DossierRule").objects.filter(fund_name=OLD_DEFAULT).update(
        fund_name=""
    )


def restore_the_old_default(apps, schema_editor):
    apps.get_model("dossiers", "DossierRule").objects.filter(fund_name="").update(
        fund_name=OLD_DEFAULT
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0012_office_collectives"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="districtsubmission",
            options={
                "ordering": ["-year", "-created_at"],
                "verbose_name": "tờ trình tổng hợp của cơ quan thường trực",
                "verbose_name_plural": "tờ trình tổng hợp của cơ quan thường trực",
            },
        ),
        migrations.AlterField(
            model_name="dossierrule",
            name="fund_name",
            field=models.CharField(
                blank=True,
                help_text="Để trống: quỹ thi đua, khen thưởng của cơ quan quyết định khen thưởng vào ngày lập quyết định (theo các vai trò của phong trào).",
                max_length=200,
                verbose_name="nguồn chi tiền thưởng",
            ),
        ),
        migrations.RunPython(blank_the_old_default, restore_the_old_default),
    ]
