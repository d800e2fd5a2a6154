# The audit log moved to the audit app, which keeps this table; only the state goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("apl", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
    ]
