"""The stacks are report inputs too: "completed" and "projected" apply the programme's
stack rule. Note every write to the stack tables (a stack, its members, its slots and
their options) in reporting_datachange, as 0002 does for the other inputs; and every new
publication, which the dashboard compares its report with (the restatement)."""

from django.db import migrations

TABLES = (
    "catalogue_stack",
    "catalogue_stack_members",
    "catalogue_stackslot",
    "catalogue_stackslot_options",
    "reporting_publication",
)
NOTE = "INSERT INTO reporting_datachange (at) VALUES (CURRENT_TIMESTAMP)"


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":  # reporting_note_change() is 0002's
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_reporting_change ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_reporting_change AFTER INSERT OR UPDATE OR DELETE "
                    f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION reporting_note_change()"
                )
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_reporting_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {NOTE}; END"
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


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_us_spelling"),
        ("catalogue", "0006_us_spelling"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
