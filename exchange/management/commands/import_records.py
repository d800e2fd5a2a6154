"""python manage.py import_records KIND FILE [--dry-run]: educators, intents, enrollments,
districts or licenses."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.importers import IMPORTERS
from exchange.services import records_import


class Command(BaseCommand):
    help = (
        "Import educators, intents, enrollments, districts or licenses from a CSV file, "
        "all or nothing. "
        "Every bad row is reported as 'row N: column: reason' (the header is row 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of {', '.join(IMPORTERS)}")
        parser.add_argument("file", help="the CSV file (UTF-8, header row)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="validate and report what would be created, updated and left unchanged",
        )

    def handle(self, *args, kind, file, dry_run, **options):
        if kind not in IMPORTERS:
            raise CommandError(f"unknown kind {kind!r}; use one of {', '.join(IMPORTERS)}")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
        result = records_import(
            kind=kind,
            data=data,
            filename=path.name,
            dry_run=dry_run,
            actor_label="manage.py import_records",
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(result.summary)
        self.stdout.write(result.summary)
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
