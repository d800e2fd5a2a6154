"""The state's sample plan template and sample rubric; both are editable in the admin."""

from django.db import migrations

TEMPLATE = {
    "name": "New Mexico professional growth plan (sample)",
    "introduction": (
        "Every educator keeps one growth plan a school year (July to June) with at least one "
        "growth goal. Write it with peers, coaches or supervisors, plan the activities that "
        "will get you there, and keep the evidence that you did."
    ),
    "context_prompt": (
        "Which classroom, school and district data and objectives did you draw on "
        "(student outcomes, your evaluation, your school's plan)?"
    ),
    "goal_prompt": (
        "State a specific goal for your practice this year and how you will know you met it. "
        "A micro-credential from the state's catalogue is one way to meet a goal: its pass "
        "meets the goal without a reviewer's assessment and earns a small stipend."
    ),
    "consultation_prompt": (
        "Who did you write this plan with? Record each person's name and role "
        "(peer, coach, supervisor or teacher leader)."
    ),
    "activities_prompt": "What will you do, and by when, to reach each goal?",
    "evidence_prompt": (
        "What shows the plan was carried out (lesson artefacts, student work, observation "
        "notes, a credential)?"
    ),
}

RUBRIC = [
    (
        "Exceeded",
        "The goal was met and the evidence shows its effect reaching beyond the educator's "
        "own classroom (shared with colleagues, adopted by a team).",
        True,
    ),
    (
        "Met",
        "The evidence shows the practice named in the goal carried out consistently, with "
        "its intended effect on students.",
        True,
    ),
    (
        "Partially met",
        "Some planned activities were carried out; the evidence shows the practice begun but "
        "not yet consistent. Carry the goal forward.",
        False,
    ),
    (
        "Not met",
        "The evidence does not show the practice named in the goal. Carry the goal forward "
        "with a revised plan.",
        False,
    ),
]


def seed(apps, schema_editor):
    PlanTemplate = apps.get_model("growth", "PlanTemplate")
    RubricLevel = apps.get_model("growth", "RubricLevel")
    if not PlanTemplate.objects.exists():
        PlanTemplate.objects.create(active=True, **TEMPLATE)
    for position, (name, description, meets) in enumerate(RUBRIC, start=1):
        RubricLevel.objects.get_or_create(
            name=name,
            defaults={"description": description, "meets_goal": meets, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("growth", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
