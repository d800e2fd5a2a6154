# Existing databases: the model's content type (and with it its permissions and the
# roles that hold them) moves from the project package to this app.

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="audit", model="auditevent").exists():
        return
    ContentType.objects.filter(app_label="apl", model="auditevent").update(app_label="audit")


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="apl", model="auditevent").exists():
        return
    ContentType.objects.filter(app_label="audit", model="auditevent").update(app_label="apl")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
