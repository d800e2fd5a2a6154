"""A published report for the demo, and one grade recorded after it: a restatement to see.

The coordinator publishes APL I-II as of 2024-08-15 (quarter Q1/25, so Q4/24 is closed in
that report and still awaiting its outcomes). Then the lead facilitator records one Q4/24
pass. The enrolment is chosen so that PED's table as of 2024-05-15 stays exactly as
published (there Q4/24 is open, so its completions are not counted): its educator has
passed at most two other micro-credentials, so they are neither projected to complete nor
complete, before or after. Safe to run twice: an existing publication is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

from accounts.models import User
from apl.quarters import Quarter
from catalogue.models import Programme
from enrollment.models import Enrollment
from enrollment.services import enrollment_set_outcome
from reporting.models import Publication
from reporting.publishing import publication_create

PROGRAMME = "APL I-II"
AS_OF = dt.date(2024, 8, 15)
LATE_QUARTER = Quarter.parse("Q4/24")


def _late_grade_candidate(programme: Programme) -> Enrollment | None:
    """A Q4/24 enrolment still awaiting its outcome whose pass completes nothing."""
    return (
        Enrollment.objects.filter(
            cohort__micro_credential__programme=programme,
            cohort__quarter=LATE_QUARTER,
            status=Enrollment.Status.ENROLLED,
        )
        .annotate(
            passes=Count(
                "educator__enrollments",
                filter=Q(
                    educator__enrollments__status=Enrollment.Status.PASSED,
                    educator__enrollments__cohort__micro_credential__programme=programme,
                ),
            )
        )
        .filter(passes__lte=2)
        .order_by("pk")
        .first()
    )


def load_publications(*, stdout) -> None:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    lac = User.objects.filter(email="lac@apl.example").first()
    lead = User.objects.filter(email="lead@apl.example").first()
    if programme is None or lac is None or lead is None:
        return
    if Publication.objects.filter(programme=programme, as_of=AS_OF).exists():
        stdout.write("Demo publication: already there.")
        return
    enrolment = _late_grade_candidate(programme)
    if enrolment is None:  # no programme history loaded
        return
    publication = publication_create(programme=programme, as_of=AS_OF, by=lac)
    enrollment_set_outcome(
        enrollment=enrolment,
        status=Enrollment.Status.PASSED,
        score=Decimal("91"),
        by=lead,
        reason="Mastery score entered after the report was published",
    )
    stdout.write(
        f"Demo publication: {PROGRAMME} as of {AS_OF:%Y-%m-%d} (publication "
        f"{publication.pk}), then one late Q4/24 pass, so the dashboard shows a restatement."
    )
