"""python manage.py renewal_status EMAIL --as-of YYYY-MM-DD --format json"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enrollment.models import EducatorProfile
from renewal.selectors import educator_renewal


class Command(BaseCommand):
    help = "Print one educator's license renewal status for the cycle of their license, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD; today if left out")
        parser.add_argument("--format", dest="fmt", default="json", help="json")

    def handle(self, *args, email, as_of, fmt, **options):
        if fmt != "json":
            raise CommandError(f"unknown format {fmt!r}; use json")
        day = _as_of(as_of)
        profile = (
            EducatorProfile.objects.select_related("user", "district")
            .filter(user__email__iexact=email.strip())
            .first()
        )
        if profile is None:
            raise CommandError(f"no educator has the email {email!r}")
        renewal = educator_renewal(educator=profile, as_of=day)
        if renewal is None:
            raise CommandError(f"{profile.user.email} has no license on record")
        self.stdout.write(json.dumps(renewal.as_json(), indent=2))


def _as_of(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of {text!r} is not a date; write YYYY-MM-DD") from None
