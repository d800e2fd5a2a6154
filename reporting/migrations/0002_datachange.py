"""Note every write to the report's inputs in reporting_datachange, by trigger.

PostgreSQL: one statement-level trigger per table (an import of 100,000 rows adds one row,
not 100,000). SQLite has row-level triggers only.
"""

from django.db import migrations, models

TABLES = (
    "enrollment_enrollment",
    "enrollment_intent",
    "enrollment_cohort",
    "catalogue_microcredential",
    "catalogue_programme",
)
NOTE = "INSERT INTO reporting_datachange (at) VALUES (CURRENT_TIMESTAMP)"


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION reporting_note_change() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {NOTE}; RETURN NULL; END $$"
            )
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_reporting_change ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_reporting_change AFTER INSERT OR UPDATE OR DELETE "
                    f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION reporting_note_change()"
                )
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_reporting_{event.lower()} "
                        f"AFTER {event} "
                        f"ON {table} BEGIN {NOTE}; END"
                    )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_reporting_change ON {table}")
            elif connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_reporting_{event}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS reporting_note_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("enrollment", "0005_enrollment_drop_covered_indexes"),
        ("catalogue", "0003_alter_microcredential_programme"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
