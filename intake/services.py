"""Intake writes: deciding intents, enrolling accepted educators, cohorts, caseloads, fees.

Every change here is audited with ``audit_log`` and made through enrollment's services,
so capacity, uniqueness and history stay enrollment's business.
"""

import hashlib
import heapq
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from accounts.models import User
from accounts.roles import Role
from apl.locks import lock_object
from apl.notify import email_on_commit
from apl.quarters import Quarter
from audit.services import audit_log
from catalogue.models import MicroCredential, Programme
from enrollment.cohort_services import cohort_create, cohort_set_team, intent_decide
from enrollment.models import Cohort, EducatorProfile, ElectiveChoice, Enrollment, Intent
from enrollment.services import (
    enrollment_assign_facilitator,
    enrollment_create,
    enrollment_set_payment,
)

MAX_FACILITATORS_PER_LEAD = 40


class StaleEdit(Exception):
    """The record changed after the form was shown; nothing was saved."""

    def __init__(self, cohort: Cohort):
        super().__init__(f"{cohort} was changed by someone else.")
        self.cohort = cohort


def scorer_role_for(programme: Programme) -> Role:
    """Facilitators score APL I-II; reviewers score APL II-III."""
    return Role.FACILITATOR if programme.from_level == 1 else Role.REVIEWER


# --- intents -------------------------------------------------------------------------


def _decide(intent: Intent, *, status: str, by: User, reason: str) -> None:
    intent_decide(intent=intent, status=status, by=by, reason=reason)


def _tell_educator(intent: Intent, *, template: str, subject: str, **extra) -> None:
    user = intent.educator.user
    email_on_commit(
        user=user,
        subject=subject,
        template=template,
        context={
            "first_name": user.first_name,
            "programme": intent.programme.name,
            "reason": intent.decision_reason,
            **extra,
        },
    )


def _locked_intent(intent: Intent) -> Intent:
    return lock_object(Intent.objects.select_related("educator__user", "programme"), intent.pk)


@transaction.atomic
def intent_accept(*, intent: Intent, by: User, reason: str = "", request=None) -> Intent:
    """Accept a pending intent and tell the educator."""
    intent = _locked_intent(intent)
    if intent.status != Intent.Status.PENDING:
        raise ValidationError(f"This intent is already {intent.get_status_display().lower()}.")
    _decide(intent, status=Intent.Status.ACCEPTED, by=by, reason=reason.strip())
    audit_log(action="intent.accepted", actor=by, request=request, target=intent)
    _tell_educator(
        intent,
        template="email/intake/intent_accepted.txt",
        subject=f"Your intent to enroll in {intent.programme.name} was accepted",
    )
    return intent


@transaction.atomic
def intent_decline(*, intent: Intent, by: User, reason: str, request=None) -> Intent:
    """Decline a pending intent with a reason the educator reads."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so that the educator knows what to do next."})
    intent = _locked_intent(intent)
    if intent.status != Intent.Status.PENDING:
        raise ValidationError(f"This intent is already {intent.get_status_display().lower()}.")
    _decide(intent, status=Intent.Status.DECLINED, by=by, reason=reason)
    audit_log(action="intent.declined", actor=by, request=request, target=intent)
    _tell_educator(
        intent,
        template="email/intake/intent_declined.txt",
        subject=f"Your intent to enroll in {intent.programme.name}",
    )
    return intent


def next_micro_credential(*, educator: EducatorProfile, programme: Programme) -> MicroCredential:
    """The first required micro-credential of the programme the educator has not passed.

    After the required ones come the electives the educator chose, in their order.
    Refuses while the educator is still taking one of the programme's micro-credentials,
    and when only electives remain and none is chosen (the educator chooses those).
    """
    mine = Enrollment.objects.filter(
        educator=educator, cohort__micro_credential__programme=programme
    )
    running = (
        mine.filter(status=Enrollment.Status.ENROLLED)
        .select_related("cohort__micro_credential")
        .first()
    )
    if running is not None:
        raise ValidationError(f"Still taking {running.cohort}.", code="running")
    passed = set(
        mine.filter(status=Enrollment.Status.PASSED).values_list(
            "cohort__micro_credential_id", flat=True
        )
    )
    required = programme.micro_credentials.filter(kind=MicroCredential.Kind.REQUIRED)
    for micro_credential in required.order_by("position"):
        if micro_credential.pk not in passed:
            return micro_credential
    chosen = ElectiveChoice.objects.filter(educator=educator, programme=programme)
    for choice in chosen.select_related("micro_credential").order_by("slot"):
        if choice.micro_credential_id not in passed:
            return choice.micro_credential
    raise ValidationError(
        "Has passed every required micro-credential and has no elective chosen to take next.",
        code="elective",
    )


@dataclass(frozen=True)
class BulkOutcome:
    intent_id: int
    educator: str
    ok: bool
    message: str


@transaction.atomic
def _accept_and_enrol(*, intent: Intent, quarter: Quarter, by: User, request=None) -> Enrollment:
    intent = _locked_intent(intent)
    if intent.status not in Intent.OPEN_STATUSES:
        raise ValidationError(f"The intent is {intent.get_status_display().lower()}.")
    micro_credential = next_micro_credential(educator=intent.educator, programme=intent.programme)
    cohort = Cohort.objects.filter(micro_credential=micro_credential, quarter=quarter).first()
    if cohort is None:
        raise ValidationError(f"There is no {micro_credential.name} cohort in {quarter}.")
    enrollment = enrollment_create(educator=intent.educator, cohort=cohort)
    if intent.status == Intent.Status.PENDING:
        _decide(intent, status=Intent.Status.ACCEPTED, by=by, reason="")
        audit_log(action="intent.accepted", actor=by, request=request, target=intent)
    audit_log(
        action="enrollment.created", actor=by, request=request, target=enrollment, intent=intent.pk
    )
    _tell_educator(
        intent,
        template="email/intake/intent_enrolled.txt",
        subject=f"You are enrolled in {micro_credential.name} ({quarter})",
        micro_credential=micro_credential.name,
        quarter=quarter.label,
        first_day=quarter.first_day.isoformat(),
    )
    return enrollment


@transaction.atomic
def intent_bulk_accept(
    *,
    intents: Iterable[Intent],
    quarter: Quarter,
    by: User,
    request=None,
    matching: str | None = None,
) -> list[BulkOutcome]:
    """Accept each intent and enrol its educator in their next micro-credential's cohort.

    The batch is one transaction, each educator a savepoint of their own within it: a
    full cohort refuses that educator, leaving their intent and enrolments untouched,
    and the others still go through. ``matching`` is the filter the batch was chosen by
    ("every intent matching"), kept in the audit record.
    """
    outcomes = []
    for intent in intents:
        name = str(intent.educator)
        try:
            enrollment = _accept_and_enrol(intent=intent, quarter=quarter, by=by, request=request)
        except ValidationError as exc:
            outcomes.append(BulkOutcome(intent.pk, name, False, " ".join(exc.messages)))
        else:
            outcomes.append(BulkOutcome(intent.pk, name, True, f"Enrolled in {enrollment.cohort}."))
    audit_log(
        action="intent.bulk_accepted",
        actor=by,
        request=request,
        quarter=quarter.label,
        accepted=[o.intent_id for o in outcomes if o.ok],
        refused=[o.intent_id for o in outcomes if not o.ok],
        **({"matching": matching} if matching is not None else {}),
    )
    return outcomes


# --- cohorts -------------------------------------------------------------------------


@transaction.atomic
def cohorts_create(
    *,
    quarter: Quarter,
    micro_credentials: Iterable[MicroCredential],
    capacity: int | None = None,
    resubmission_window_days: int | None = None,
    by: User,
    request=None,
) -> list[Cohort]:
    """Open one cohort per chosen micro-credential in ``quarter``; all or none."""
    created = []
    for micro_credential in micro_credentials:
        cohort = cohort_create(
            micro_credential=micro_credential,
            quarter=quarter,
            capacity=capacity,
            resubmission_window_days=resubmission_window_days,
            by=by,
        )
        created.append(cohort)
        audit_log(action="cohort.created", actor=by, request=request, target=cohort)
    return created


def cohort_version(cohort: Cohort) -> str:
    """A fingerprint of the editable settings, to spot a form that went stale."""
    state = [
        cohort.capacity,
        cohort.resubmission_window_days,
        cohort.lead_facilitator_id,
        sorted(user.pk for user in cohort.facilitators.all()),
    ]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:24]


def _check_team(cohort: Cohort, facilitators: list[User], lead: User | None) -> None:
    role = scorer_role_for(cohort.micro_credential.programme)
    holders = set(
        User.objects.filter(
            pk__in=[u.pk for u in facilitators], groups__name=role.value
        ).values_list("pk", flat=True)
    )
    wrong = [str(u) for u in facilitators if u.pk not in holders]
    if wrong:
        raise ValidationError(
            {"facilitators": f"Only people holding the {role.value} role: {', '.join(wrong)}."}
        )
    if lead is not None and not lead.has_role(Role.LEAD_FACILITATOR):
        raise ValidationError({"lead_facilitator": f"{lead} is not a lead facilitator."})
    if len(facilitators) > MAX_FACILITATORS_PER_LEAD:
        raise ValidationError(
            {"facilitators": f"A lead facilitator oversees at most {MAX_FACILITATORS_PER_LEAD}."}
        )
    if lead is not None:
        led_elsewhere = Cohort.objects.filter(
            lead_facilitator=lead, quarter=cohort.quarter
        ).exclude(pk=cohort.pk)
        elsewhere = set(
            User.objects.filter(facilitated_cohorts__in=led_elsewhere).values_list("pk", flat=True)
        )
        overseen = len(elsewhere | {u.pk for u in facilitators})
        if overseen > MAX_FACILITATORS_PER_LEAD:
            raise ValidationError(
                {
                    "lead_facilitator": f"{lead} would oversee {overseen} facilitators in "
                    f"{cohort.quarter}; the most is {MAX_FACILITATORS_PER_LEAD}."
                }
            )


def _check_capacity(cohort: Cohort, capacity: int | None) -> None:
    seats = cohort.enrollments.counted().count()
    if capacity is not None and capacity < seats:
        raise ValidationError(
            {"capacity": f"{seats} educators hold seats already; capacity cannot be lower."}
        )


def _unassign(cohort: Cohort, facilitator_ids: set[int], *, by: User) -> int:
    """Take these facilitators' enrolments in the cohort off them; return how many."""
    unassigned = 0
    for enrollment in cohort.enrollments.filter(facilitator_id__in=facilitator_ids):
        enrollment_assign_facilitator(enrollment=enrollment, facilitator=None, by=by)
        unassigned += 1
    return unassigned


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    version: str,
    capacity: int | None,
    resubmission_window_days: int | None,
    lead_facilitator: User | None,
    facilitators: Iterable[User],
    by: User,
    request=None,
) -> Cohort:
    """Change a cohort's seats, window and team, refusing a stale form.

    A facilitator taken off the cohort loses their enrolments in it in the same
    transaction, so their very next request no longer reaches those educators.
    """
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("micro_credential__programme")
        .get(pk=cohort.pk)
    )
    if cohort_version(cohort) != version:
        raise StaleEdit(cohort)
    facilitators = list(facilitators)
    _check_team(cohort, facilitators, lead_facilitator)
    _check_capacity(cohort, capacity)
    before = set(cohort.facilitators.values_list("pk", flat=True))
    after = {u.pk for u in facilitators}
    old_lead = cohort.lead_facilitator_id
    cohort_set_team(
        cohort=cohort,
        capacity=capacity,
        resubmission_window_days=resubmission_window_days,
        lead_facilitator=lead_facilitator,
        facilitators=facilitators,
        by=by,
    )
    removed = before - after
    unassigned = _unassign(cohort, removed, by=by)
    audit_log(
        action="cohort.updated",
        actor=by,
        request=request,
        target=cohort,
        capacity=capacity,
        resubmission_window_days=resubmission_window_days,
    )
    if removed or after - before or old_lead != cohort.lead_facilitator_id:
        audit_log(
            action="cohort.facilitators_changed",
            actor=by,
            request=request,
            target=cohort,
            added=sorted(after - before),
            removed=sorted(removed),
            lead_facilitator=cohort.lead_facilitator_id,
            unassigned_enrollments=unassigned,
        )
    return cohort


@transaction.atomic
def cohort_balance(*, cohort: Cohort, by: User, request=None) -> int:
    """Give each unassigned enrolment to the facilitator with the fewest; return how many."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    facilitators = list(cohort.facilitators.order_by("pk"))
    if not facilitators:
        raise ValidationError("Assign facilitators to this cohort first.")
    loads = dict(
        cohort.enrollments.counted()
        .filter(facilitator__in=facilitators)
        .values_list("facilitator")
        .annotate(n=Count("pk"))
    )
    heap = [(loads.get(user.pk, 0), user.pk, user) for user in facilitators]
    heapq.heapify(heap)
    unassigned = (
        cohort.enrollments.counted()
        .filter(facilitator__isnull=True)
        .order_by("educator__user__last_name", "educator__user__first_name", "pk")
    )
    assigned = 0
    for enrollment in unassigned:
        load, pk, user = heapq.heappop(heap)
        enrollment_assign_facilitator(enrollment=enrollment, facilitator=user, by=by)
        heapq.heappush(heap, (load + 1, pk, user))
        assigned += 1
    audit_log(action="cohort.balanced", actor=by, request=request, target=cohort, assigned=assigned)
    return assigned


@transaction.atomic
def enrollment_reassign(
    *, enrollment: Enrollment, facilitator: User | None, by: User, request=None
) -> Enrollment:
    """Move one educator to another facilitator of the cohort (or to nobody)."""
    before = enrollment.facilitator_id
    enrollment = enrollment_assign_facilitator(
        enrollment=enrollment, facilitator=facilitator, by=by
    )
    if before != enrollment.facilitator_id:
        audit_log(
            action="enrollment.facilitator_changed",
            actor=by,
            request=request,
            target=enrollment,
            before=before,
            after=enrollment.facilitator_id,
        )
    return enrollment


# --- payments ------------------------------------------------------------------------


@transaction.atomic
def payments_set(
    *,
    enrollments: Iterable[Enrollment],
    payment_state: str,
    by: User,
    request=None,
    matching: str | None = None,
) -> int:
    """Record one fee state for each enrolment; return how many changed.

    ``matching`` is the filter a batch of "every enrolment matching" was chosen by: the
    batch gets one audit record of its own beside each enrolment's.
    """
    if payment_state not in Enrollment.Payment.values:
        raise ValidationError({"payment_state": "Choose a payment state."})
    changed = 0
    for enrollment in enrollments:
        before = enrollment.payment_state
        if before == payment_state:
            continue
        enrollment_set_payment(enrollment=enrollment, payment_state=payment_state, by=by)
        audit_log(
            action="enrollment.payment_changed",
            actor=by,
            request=request,
            target=enrollment,
            before=before,
            after=payment_state,
        )
        changed += 1
    if matching is not None:
        audit_log(
            action="enrollment.payment_bulk",
            actor=by,
            request=request,
            matching=matching,
            payment_state=payment_state,
            changed=changed,
        )
    return changed
