"""A curated micro-credential's pass meets the plan goals it is linked to, and earns a
stipend once per micro-credential per educator.

Passes are recorded in two places that must not know of growth plans: grading (a grade
posted in the browser sends ``enrollment_passed`` after commit; growth listens from its
AppConfig.ready) and the enrolment import (history sends nothing). ``passes_sweep``
catches the second and anything the first lost; both end in ``goal_settle_by_passes``,
which is safe to run any number of times and at the same moment: the unique constraint
``stipend_once_per_mc`` holds the "once".
"""

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apl.notify import email_on_commit
from audit.services import audit_log
from enrollment.models import Enrollment
from growth.models import Goal, GrowthPlan, Stipend
from growth.services import plan_complete_if_settled
from growth.years import SchoolYear

logger = logging.getLogger(__name__)


def stipend_amount() -> Decimal:
    return Decimal(str(settings.APL_PGP_STIPEND_AMOUNT))


def earned_on(enrollment: Enrollment) -> dt.date:
    """The day this pass was earned, as renewal counts it (enrollment.selectors'
    earned_micro_credentials): its passing grade's day, or for an imported pass (no grade
    here) the last day of its cohort's quarter. Per enrolment: a repeat counts for its own
    school year's plan."""
    from grading.models import Grade

    posted = (
        Grade.objects.filter(
            attempt__submission__enrollment=enrollment,
            kind=Grade.Kind.PRIMARY,
            status=Grade.Status.POSTED,
            passed=True,
        )
        .order_by("posted_at")
        .values_list("posted_at", flat=True)
        .first()
    )
    if posted is not None:
        return timezone.localdate(posted)
    return enrollment.cohort.quarter.last_day


def record_pass(*, enrollment_id: int) -> list[Goal]:
    """Meet every open goal this pass meets; the listener of ``enrollment_passed``."""
    enrollment = (
        Enrollment.objects.select_related("cohort__micro_credential", "educator__user")
        .filter(pk=enrollment_id, status=Enrollment.Status.PASSED)
        .first()
    )
    if enrollment is None:
        return []
    goals = Goal.objects.filter(
        plan__educator_id=enrollment.educator_id,
        micro_credential_id=enrollment.cohort.micro_credential_id,
        met_by_enrollment__isnull=True,
        outcome__isnull=True,
    )
    met = []
    for goal in goals:
        met.extend(goal_settle_by_passes(goal=goal, candidates=[enrollment]))
    return met


def goal_settle_by_passes(*, goal: Goal, candidates: list[Enrollment] | None = None) -> list[Goal]:
    """Mark ``goal`` met if its micro-credential was passed within the plan's school year."""
    if goal.micro_credential_id is None:
        return []
    if candidates is None:
        candidates = list(
            Enrollment.objects.filter(
                educator_id=goal.plan.educator_id,
                cohort__micro_credential_id=goal.micro_credential_id,
                status=Enrollment.Status.PASSED,
            ).select_related("cohort__micro_credential", "educator__user")
        )
    year = SchoolYear(goal.plan.school_year)
    for enrollment in candidates:
        day = earned_on(enrollment)
        if day in year and _meet(goal=goal, enrollment=enrollment, day=day):
            return [goal]
    return []


@transaction.atomic
def _meet(*, goal: Goal, enrollment: Enrollment, day: dt.date) -> bool:
    goal = Goal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    if goal.is_settled:
        return False
    goal.met_by_enrollment = enrollment
    goal.met_on = day
    goal.full_clean()
    goal.save(update_fields=["met_by_enrollment", "met_on"])
    stipend = stipend_create_once(goal=goal, enrollment=enrollment, day=day)
    plan_complete_if_settled(plan=goal.plan)
    email_on_commit(
        user=enrollment.educator.user,
        subject=f"Growth goal met: {enrollment.cohort.micro_credential.name}",
        template="email/growth/goal_met.txt",
        context={
            "first_name": enrollment.educator.user.first_name,
            "micro_credential": enrollment.cohort.micro_credential.name,
            "year": goal.plan.year.label,
            "stipend": f"{stipend.amount}" if stipend else "",
        },
    )
    return True


def stipend_create_once(*, goal: Goal, enrollment: Enrollment, day: dt.date) -> Stipend | None:
    """The stipend for this educator's first pass of this micro-credential, or None if one
    exists (the constraint decides, also between two transactions at once)."""
    educator = enrollment.educator
    stipend = Stipend(
        educator=educator,
        micro_credential=enrollment.cohort.micro_credential,
        goal=goal,
        enrollment=enrollment,
        school_year=goal.plan.school_year,
        district_name=_district_name(educator),
        amount=stipend_amount(),
        earned_on=day,
    )
    stipend.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            stipend.save()
    except IntegrityError:
        return None
    return stipend


def _district_name(educator) -> str:
    """The matched district's name, else the district as the educator's record writes it."""
    return educator.district_label[:120]


def passes_sweep() -> int:
    """Meet every open micro-credential goal whose pass was recorded without a signal
    (imports) or whose listener was lost. Returns the number of goals met."""
    goals = Goal.objects.filter(
        route=Goal.Route.MICRO_CREDENTIAL,
        met_by_enrollment__isnull=True,
        outcome__isnull=True,
        plan__status__in=[GrowthPlan.Status.DRAFT, GrowthPlan.Status.SUBMITTED],
    ).filter(
        micro_credential__cohorts__enrollments__status=Enrollment.Status.PASSED,
        micro_credential__cohorts__enrollments__educator=F("plan__educator"),
    )
    met = 0
    for goal in goals.select_related("plan").distinct():
        met += len(goal_settle_by_passes(goal=goal))
    return met


@transaction.atomic
def stipends_approve(*, stipends, by, request=None) -> int:
    """Approve due stipends in bulk (the LAC); others are left as they are."""
    ids = list(
        Stipend.objects.select_for_update()
        .filter(pk__in=[s.pk for s in stipends], status=Stipend.Status.DUE)
        .values_list("pk", flat=True)
    )
    Stipend.objects.filter(pk__in=ids).update(
        status=Stipend.Status.APPROVED, approved_at=timezone.now(), approved_by=by
    )
    if ids:
        audit_log(action="growth.stipends_approved", actor=by, request=request, count=len(ids))
    return len(ids)
