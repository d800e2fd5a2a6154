"""Every write to enrolments goes through here: validated, atomic, audited."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from enrollment.models import PASSING_SCORE, Cohort, EducatorProfile, Enrollment
from enrollment.signals import enrollment_passed


@transaction.atomic
def enrollment_create(
    *, educator: EducatorProfile, cohort: Cohort, facilitator=None, payment_state=None
) -> Enrollment:
    """Enrol an educator in a cohort, holding the cohort's capacity under a row lock."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.capacity is not None:
        taken = cohort.enrollments.counted().count()
        if taken >= cohort.capacity:
            raise ValidationError(f"{cohort} is full ({cohort.capacity} seats).", code="full")
    if Enrollment.objects.filter(educator=educator, cohort=cohort).exists():
        raise ValidationError(f"{educator} is already enrolled in {cohort}.", code="duplicate")
    enrollment = Enrollment(
        educator=educator,
        cohort=cohort,
        facilitator=facilitator,
        payment_state=payment_state or Enrollment.Payment.UNPAID,
    )
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_set_outcome(
    *, enrollment: Enrollment, status: str, score: Decimal | None, by=None, reason: str = ""
) -> Enrollment:
    """Record a mastery outcome (passed at 85 or more) and tell downstream apps of a pass."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if status == Enrollment.Status.PASSED and score is not None and score < PASSING_SCORE:
        raise ValidationError({"score": "A passed enrolment needs a score of 85 or more."})
    if status == Enrollment.Status.NOT_PASSED and score is not None and score >= PASSING_SCORE:
        raise ValidationError({"score": "A score of 85 or more passes."})
    was_passed = enrollment.status == Enrollment.Status.PASSED
    enrollment.status = status
    enrollment.score = score
    enrollment._change_reason = reason or None
    if by is not None:
        enrollment._history_user = by
    enrollment.full_clean()
    enrollment.save()
    if status == Enrollment.Status.PASSED and not was_passed:
        pk = enrollment.pk
        transaction.on_commit(lambda: enrollment_passed.send(sender=Enrollment, enrollment_id=pk))
    return enrollment


@transaction.atomic
def enrollment_set_payment(*, enrollment: Enrollment, payment_state: str, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    enrollment.payment_state = payment_state
    if by is not None:
        enrollment._history_user = by
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.ENROLLED:
        raise ValidationError("Only a running micro-credential can be withdrawn from.")
    enrollment.status = Enrollment.Status.WITHDRAWN
    if by is not None:
        enrollment._history_user = by
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_assign_facilitator(*, enrollment: Enrollment, facilitator, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if (
        facilitator is not None
        and not enrollment.cohort.facilitators.filter(pk=facilitator.pk).exists()
    ):
        raise ValidationError({"facilitator": "Choose a facilitator of this cohort."})
    enrollment.facilitator = facilitator
    if by is not None:
        enrollment._history_user = by
    enrollment.save()
    return enrollment
