"""python manage.py export_records KIND [--format csv|xlsx] [--output FILE]"""

from django.core.management.base import BaseCommand, CommandError

from exchange.exporters import FORMATS
from exchange.importers import KINDS
from exchange.services import records_export


class Command(BaseCommand):
    help = "Export educators, intents or enrollments in the import format (re-imports unchanged)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of {', '.join(KINDS)}")
        parser.add_argument("--format", default="csv", help="csv (default) or xlsx")
        parser.add_argument("--output", help="file to write; standard output if left out")

    def handle(self, *args, kind, format, output, **options):
        if kind not in KINDS:
            raise CommandError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        if format not in FORMATS:
            raise CommandError(f"unknown format {format!r}; use csv or xlsx")
        if format == "xlsx" and not output:
            raise CommandError("an xlsx export needs --output FILE")
        content = records_export(kind=kind, fmt=format, actor_label="manage.py export_records")
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(content)
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
