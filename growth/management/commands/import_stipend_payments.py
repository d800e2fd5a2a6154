"""python manage.py import_stipend_payments FILE [--dry-run]: the same as
``import_records stipend-payments FILE``, kept as the payment office's own name."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from growth.payments import KIND


class Command(BaseCommand):
    help = (
        "Record the payment office's return file of stipends, all or nothing "
        f"(import_records {KIND}). Every bad row is reported as 'row N: column: reason'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the return file (CSV, UTF-8, header row)")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, file, dry_run, **options):
        call_command(
            "import_records", KIND, file, dry_run=dry_run, stdout=self.stdout, stderr=self.stderr
        )
