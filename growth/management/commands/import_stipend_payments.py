"""python manage.py import_stipend_payments FILE [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from growth.payments import payments_import


class Command(BaseCommand):
    help = (
        "Record the payment office's return file of stipends, all or nothing. Every bad "
        "row is reported as 'row N: column: reason' (the header is row 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the return file (CSV, UTF-8, header row)")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
        result = payments_import(
            data=data,
            filename=path.name,
            dry_run=dry_run,
            actor_label="manage.py import_stipend_payments",
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(result.summary)
        self.stdout.write(
            result.summary.replace("created 0, ", "").replace("updated", "recorded paid")
        )
