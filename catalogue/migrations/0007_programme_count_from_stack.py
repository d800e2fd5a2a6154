"""A program's number of micro-credentials is read from its stack, the one place it is
written: the stored ``required_count`` goes.

Before the column is dropped, every program's stored count is checked against its
stack's target (all of them: members plus choice slots; n of them: n). A program
without a stack, or whose stack disagrees, stops the migration with a message saying
which and by how much, so nothing a report or a credential reads changes silently. Fix
the stack in the admin (or the stored count) and run it again. Going back restores the
column from the stacks.
"""

from django.db import migrations, models


def _targets(apps):
    Stack = apps.get_model("catalogue", "Stack")
    StackSlot = apps.get_model("catalogue", "StackSlot")
    targets = {}
    for stack in Stack.objects.filter(programme__isnull=False):
        if stack.rule == "n_of":
            targets[stack.programme_id] = stack.n
        else:
            targets[stack.programme_id] = stack.members.count() + StackSlot.objects.filter(stack_id=stack.pk).count()
    return targets


def check_counts_agree(apps, schema_editor):
    Programme = apps.get_model("catalogue", "Programme")
    if not any(f.name == "required_count" for f in Programme._meta.fields):
        return  # a re-seed of a database already past this migration (tests/seed.py)
    targets = _targets(apps)
    problems = []
    for programme in Programme.objects.order_by("position", "pk"):
        target = targets.get(programme.pk)
        if target is None:
            problems.append(
                f"{programme.name} has no stack (it stores {programme.required_count})"
            )
        elif target != programme.required_count:
            problems.append(
                f"{programme.name} stores {programme.required_count} micro-credentials "
                f"but its stack asks for {target}"
            )
    if problems:
        raise RuntimeError(
            "Cannot read the programs' counts from their stacks: "
            + "; ".join(problems)
            + ". Make each program's stack ask for the program's micro-credentials "
            "(admin: Stacks), then migrate again."
        )


def restore_counts(apps, schema_editor):
    Programme = apps.get_model("catalogue", "Programme")
    for programme_id, target in _targets(apps).items():
        Programme.objects.filter(pk=programme_id).update(required_count=target)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_us_spelling")]

    operations = [
        migrations.RemoveConstraint(
            model_name="programme", name="programme_electives_within_total"
        ),
        migrations.RunPython(check_counts_agree, restore_counts),
        # A default first, so that going back can add the column to existing rows.
        migrations.AlterField(
            model_name="programme",
            name="required_count",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RemoveField(model_name="programme", name="required_count"),
    ]
