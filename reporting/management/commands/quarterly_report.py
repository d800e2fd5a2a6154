"""python manage.py quarterly_report "APL I-II" --as-of 2024-05-15 --format csv [--output FILE]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from reporting.selectors import ReportError, parse_as_of, programme_named, quarterly_report
from reporting.services import render_report

FORMATS = ("csv", "json", "xlsx", "pdf")


class Command(BaseCommand):
    help = "Print or write a program's quarterly report (the PED table and summary)."

    def add_arguments(self, parser):
        parser.add_argument("programme", help='As PED names it, e.g. "APL I-II".')
        parser.add_argument(
            "--as-of", default=None, help="YYYY-MM-DD; default today (America/Denver)."
        )
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--output", default=None, help="File to write; default standard output."
        )

    def handle(self, *args, programme, as_of, format, output, **options):
        from django.utils import timezone

        try:
            day = parse_as_of(as_of) if as_of is not None else timezone.localdate()
            report = quarterly_report(programme=programme_named(programme), as_of=day)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        content = render_report(report, format)
        if output:
            mode = "w" if isinstance(content, str) else "wb"
            with open(
                output, mode, **({"encoding": "utf-8", "newline": ""} if mode == "w" else {})
            ) as f:
                f.write(content)
        elif isinstance(content, str):
            self.stdout.write(content, ending="")
        else:
            if sys.stdout.isatty():
                raise CommandError(f"{format.upper()} is binary: give --output FILE.")
            self.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
