"""All thirteen APL micro-credentials are on the renewal list from the day each was first
offered: the catalogue's ``offered_from``, or, where it is empty ("from the start"), with
no start date."""

from django.db import migrations


def list_catalogue(apps, schema_editor):
    MicroCredential = apps.get_model("catalogue", "MicroCredential")
    RenewalListing = apps.get_model("renewal", "RenewalListing")
    for mc in MicroCredential.objects.all():
        if not RenewalListing.objects.filter(micro_credential=mc).exists():
            RenewalListing.objects.create(micro_credential=mc, listed_from=mc.offered_from)


class Migration(migrations.Migration):
    dependencies = [("renewal", "0001_initial"), ("catalogue", "0002_seed_catalogue")]
    operations = [migrations.RunPython(list_catalogue, migrations.RunPython.noop)]
