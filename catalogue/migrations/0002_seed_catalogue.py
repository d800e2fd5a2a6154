from django.db import migrations

from catalogue.seed import DOMAINS, MICRO_CREDENTIALS, PROGRAMMES


def seed(apps, schema_editor):
    Programme = apps.get_model("catalogue", "Programme")
    MicroCredential = apps.get_model("catalogue", "MicroCredential")
    EvaluationDomain = apps.get_model("catalogue", "EvaluationDomain")
    programmes = {}
    # The count is read from the program's stack since 0007, which drops the column; a
    # re-seed of a database past 0007 (tests/seed.py) runs this without it.
    stores_count = any(f.name == "required_count" for f in Programme._meta.fields)
    for name, slug, low, high, masters, required, electives, position in PROGRAMMES:
        defaults = dict(slug=slug, from_level=low, to_level=high, requires_masters=masters,
                        elective_count=electives, position=position)
        if stores_count:
            defaults["required_count"] = required
        programmes[name], _ = Programme.objects.update_or_create(name=name, defaults=defaults)
    domains = {}
    for position, (code, name) in enumerate(DOMAINS, start=1):
        domains[code], _ = EvaluationDomain.objects.update_or_create(
            code=code, defaults=dict(name=name, position=position)
        )
    positions = {}
    for programme, code, name, kind, offered_from, aligned, description in MICRO_CREDENTIALS:
        positions[programme] = positions.get(programme, 0) + 1
        mc, _ = MicroCredential.objects.update_or_create(
            code=code,
            defaults=dict(programme=programmes[programme], name=name, kind=kind,
                          offered_from=offered_from, position=positions[programme],
                          description=description),
        )
        mc.domains.set([domains[c] for c in aligned])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
