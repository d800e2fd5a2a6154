"""Rotate the issuer's signing key: new credentials use a new key; old keys stay published."""

from django.core.management.base import BaseCommand

from credentials.services import signing_key_rotate


class Command(BaseCommand):
    help = (
        "Retire the active Ed25519 signing key and create a new one. Retired keys stay "
        "published at /credentials/public/keys.json so credentials signed with them verify."
    )

    def handle(self, *args, **options):
        key = signing_key_rotate()
        self.stdout.write(f"New signing key {key.kid} is active; earlier keys stay published.")
