"""The end-of-micro-credential survey every install starts with; the LAC edits it in the admin."""

from django.db import migrations

QUESTIONS = [
    ("The micro-credential's materials were relevant to my classroom.", "likert"),
    ("My facilitator's feedback helped me improve my practice.", "likert"),
    ("I can use what I learned in my teaching right away.", "likert"),
    ("The workload was manageable alongside my teaching.", "likert"),
    ("What would you change about this micro-credential?", "text"),
]


def seed(apps, schema_editor):
    SurveyQuestion = apps.get_model("enrollment", "SurveyQuestion")
    if SurveyQuestion.objects.exists():
        return
    for position, (text, kind) in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.create(
            text=text, kind=kind, position=position, required=kind == "likert"
        )


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0002_journey")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
