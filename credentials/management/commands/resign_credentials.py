"""Re-sign credentials issued before they carried a Data Integrity proof."""

from django.core.management.base import BaseCommand

from credentials.services.resign import credentials_resign_unsigned


class Command(BaseCommand):
    help = (
        "Give every credential issued as an EdDSA VC-JWT only its signed JSON-LD form "
        "(eddsa-rdfc-2022 proof, did:web issuer) and an ES256 VC-JWT. Safe to run twice."
    )

    def handle(self, *args, **options):
        count = credentials_resign_unsigned(stdout=self.stdout)
        self.stdout.write(f"Re-signed: {count}.")
