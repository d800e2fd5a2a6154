"""Each APL programme becomes a stack, built from the catalogue as it stands: its required
micro-credentials are the members, and each of its electives is a choice slot offering
every elective of the programme (APL II-III: two slots). Safe to run twice."""

from django.db import migrations


def programme_stacks(apps, schema_editor):
    Programme = apps.get_model("catalogue", "Programme")
    Stack = apps.get_model("catalogue", "Stack")
    StackSlot = apps.get_model("catalogue", "StackSlot")
    MicroCredential = apps.get_model("catalogue", "MicroCredential")
    for programme in Programme.objects.order_by("position"):
        own = MicroCredential.objects.filter(programme=programme).order_by("position")
        required = [mc for mc in own if mc.kind == "required"]
        electives = [mc for mc in own if mc.kind == "elective"]
        stack, _ = Stack.objects.update_or_create(
            programme=programme,
            defaults=dict(
                code=programme.slug.upper(),
                name=programme.name,
                description=(
                    f"The micro-credentials that complete {programme.name} "
                    f"(Level {programme.from_level} to Level {programme.to_level})."
                ),
                rule="all",
                n=None,
                position=programme.position,
            ),
        )
        stack.members.set(required)
        stack.slots.filter(position__gt=programme.elective_count).delete()
        for position in range(1, programme.elective_count + 1):
            slot, _ = StackSlot.objects.update_or_create(
                stack=stack, position=position, defaults=dict(label=f"Elective {position}")
            )
            slot.options.set(electives)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_stacks")]
    operations = [migrations.RunPython(programme_stacks, migrations.RunPython.noop)]
