"""The free-text district becomes ``district_as_written``; ``district`` links to a District.

Existing values are matched by district code (case-insensitive) or exact name; a value
matching none stays as written with no district (option 1) until the LAC matches it.
"""

import django.db.models.deletion
from django.db import migrations, models


def match_districts(apps, schema_editor):
    District = apps.get_model("districts", "District")
    EducatorProfile = apps.get_model("enrollment", "EducatorProfile")
    codes, names = {}, {}
    for pk, code, name in District.objects.values_list("id", "code", "name"):
        codes[code.lower()] = pk
        names[name] = pk
    if not codes:
        return
    written = (
        EducatorProfile.objects.exclude(district_as_written="")
        .values_list("district_as_written", flat=True)
        .distinct()
    )
    for value in list(written):
        key = value.strip()
        pk = codes.get(key.lower()) or names.get(key)
        if pk is not None:
            EducatorProfile.objects.filter(district_as_written=value).update(district_id=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0001_initial"),
        ("enrollment", "0003_seed_survey_questions"),
    ]

    operations = [
        migrations.RenameField("educatorprofile", "district", "district_as_written"),
        migrations.RenameField("historicaleducatorprofile", "district", "district_as_written"),
        migrations.AlterField(
            model_name="educatorprofile",
            name="district_as_written",
            field=models.CharField(
                blank=True,
                help_text="The district exactly as the educator or an import gave it.",
                max_length=120,
                verbose_name="district as written",
            ),
        ),
        migrations.AlterField(
            model_name="historicaleducatorprofile",
            name="district_as_written",
            field=models.CharField(
                blank=True,
                help_text="The district exactly as the educator or an import gave it.",
                max_length=120,
                verbose_name="district as written",
            ),
        ),
        migrations.AddField(
            model_name="educatorprofile",
            name="district",
            field=models.ForeignKey(
                blank=True,
                help_text="Matched by code or exact name; empty until the LAC matches it (option 1).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="educators",
                to="districts.district",
            ),
        ),
        migrations.AddField(
            model_name="historicaleducatorprofile",
            name="district",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Matched by code or exact name; empty until the LAC matches it (option 1).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="districts.district",
            ),
        ),
        migrations.RunPython(match_districts, migrations.RunPython.noop),
    ]
