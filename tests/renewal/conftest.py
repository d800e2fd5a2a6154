import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apl.quarters import Quarter
from districts.models import District
from renewal.models import License
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential


def district(code="D1", option=1, option_from=None, high_need=False):
    return District.objects.create(
        code=code,
        name=f"District {code}",
        renewal_option=option,
        option_from=option_from,
        high_need=high_need,
    )


def licensed(email="t@example.org", *, start, district=None, number=None, level=2):
    profile = EducatorFactory(user__email=email, district=district)
    License.objects.create(
        educator=profile,
        number=number or f"L-{email}",
        level=level,
        cycle_start=start,
        level_since=start,
    )
    return profile


def imported_pass(profile, code, quarter):
    """A pass with no grade in the system: earned on the last day of its cohort's quarter."""
    cohort = CohortFactory(micro_credential=micro_credential(code), quarter=Quarter.parse(quarter))
    return EnrollmentFactory(educator=profile, cohort=cohort, status="passed", score=90)


def status_json(email, as_of) -> dict:
    out = StringIO()
    call_command("renewal_status", email, "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def status_error(*args) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("renewal_status", *args, stderr=err)
    return str(exc.value), err.getvalue()


D = dt.date
