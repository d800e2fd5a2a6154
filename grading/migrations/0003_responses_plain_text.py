"""Responses once stored as sanitised HTML become the plain text the educator edits."""

from django.db import migrations


def to_plain_text(apps, schema_editor):
    from grading.services.text import text_from_html

    Response = apps.get_model("grading", "Response")
    for response in Response.objects.filter(text__contains="<").iterator():
        plain = text_from_html(response.text)
        if plain != response.text:
            Response.objects.filter(pk=response.pk).update(text=plain)


class Migration(migrations.Migration):
    dependencies = [("grading", "0002_seed_rubrics")]

    operations = [migrations.RunPython(to_plain_text, migrations.RunPython.noop)]
