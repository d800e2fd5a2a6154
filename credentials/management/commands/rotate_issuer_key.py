"""Rotate the issuer's signing key: new credentials use a new key; old keys stay published."""

from django.core.management.base import BaseCommand
from django.db import transaction

from credentials.models import SigningKey
from credentials.services import signing_key_rotate
from credentials.signing import reseal


class Command(BaseCommand):
    help = (
        "Retire the active Ed25519 signing key and create a new one. Retired keys stay "
        "published at /credentials/public/keys.json so credentials signed with them verify. "
        "Every stored private key is re-encrypted with the current APL_ISSUER_KEY_SECRET, "
        "so earlier secrets can then be dropped from the fallbacks."
    )

    def handle(self, *args, **options):
        key = signing_key_rotate()
        with transaction.atomic():
            for stored in SigningKey.objects.select_for_update():
                stored.private_key_encrypted = reseal(bytes(stored.private_key_encrypted))
                stored.save(update_fields=["private_key_encrypted"])
        self.stdout.write(f"New signing key {key.kid} is active; earlier keys stay published.")
