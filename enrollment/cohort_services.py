"""Writes of cohorts and of the decision on an intent, for the coordinator's intake.

Enrolment's own rows are written here and only here; intake decides what to write
(who may, which team, what to tell the educator) and calls these.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import Cohort, Intent


@transaction.atomic
def intent_decide(*, intent: Intent, status: str, by, reason: str) -> Intent:
    """Record the coordinator's decision on an intent (the caller holds its row lock)."""
    intent.status = status
    intent.decided_at = timezone.now()
    intent.decided_by = by
    intent.decision_reason = reason
    intent._history_user = by
    intent.full_clean()
    intent.save()
    return intent


@transaction.atomic
def cohort_create(
    *,
    micro_credential: MicroCredential,
    quarter: Quarter,
    capacity: int | None = None,
    resubmission_window_days: int | None = None,
    by,
) -> Cohort:
    """Open the micro-credential's cohort for ``quarter``, where it is offered and has none."""
    if not micro_credential.offered_in(quarter):
        raise ValidationError(f"{micro_credential.name} is not offered in {quarter}.")
    if Cohort.objects.filter(micro_credential=micro_credential, quarter=quarter).exists():
        raise ValidationError(f"{micro_credential.name} already has a cohort in {quarter}.")
    cohort = Cohort(
        micro_credential=micro_credential,
        quarter=quarter,
        capacity=capacity,
        resubmission_window_days=resubmission_window_days,
    )
    cohort._history_user = by
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def cohort_set_team(
    *,
    cohort: Cohort,
    capacity: int | None,
    resubmission_window_days: int | None,
    lead_facilitator,
    facilitators: Iterable,
    by,
) -> Cohort:
    """Save a cohort's seats, window, lead and facilitators (the caller checked the team)."""
    cohort.capacity = capacity
    cohort.resubmission_window_days = resubmission_window_days
    cohort.lead_facilitator = lead_facilitator
    cohort._history_user = by
    cohort.full_clean()
    cohort.save()
    cohort.facilitators.set(list(facilitators))
    return cohort
