# The audit log moved here from the project package. Its table keeps its name
# (apl_auditevent), so this migration only takes over the model's state: existing
# databases keep their rows, and a new database gets the table from apl.0001.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("apl", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor_label", models.CharField(blank=True, max_length=254)),
                        ("action", models.CharField(db_index=True, max_length=64)),
                        ("target_type", models.CharField(blank=True, max_length=100)),
                        ("target_id", models.CharField(blank=True, max_length=64)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("detail", models.JSONField(blank=True, default=dict)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "apl_auditevent",
                        "ordering": ["-at", "-id"],
                        "indexes": [models.Index(fields=["target_type", "target_id"], name="apl_auditev_target__c28451_idx")],
                    },
                ),
            ],
        ),
    ]
