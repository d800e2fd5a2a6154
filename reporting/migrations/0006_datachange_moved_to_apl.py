"""The report's change log moves to apl (``apl.versions``, topic "report"): the triggers
of 0002 and 0005 are dropped with their table; apl makes the new ones after migrate."""

import importlib

from django.db import migrations

first = importlib.import_module("reporting.migrations.0002_datachange")
stacks = importlib.import_module("reporting.migrations.0005_datachange_stacks")


def drop_old_triggers(apps, schema_editor):
    stacks.drop_triggers(apps, schema_editor)  # they call 0002's function: first
    first.drop_triggers(apps, schema_editor)


def make_old_triggers(apps, schema_editor):
    first.create_triggers(apps, schema_editor)
    stacks.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_datachange_stacks"),
        ("apl", "0004_datachange"),
    ]

    operations = [
        migrations.RunPython(drop_old_triggers, make_old_triggers),
        migrations.DeleteModel(name="DataChange"),
    ]
