"""Reopening a posted grade, and who may."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from enrollment.models import Enrollment
from enrollment.services import enrollment_set_outcome
from grading.models import (
    Grade,
)


def may_reopen(*, user, grade: Grade) -> bool:
    if not user.has_perm("grading.reopen_grade"):
        return False
    cohort = grade.attempt.submission.enrollment.cohort
    return user.has_perm("grading.view_all_submissions") or cohort.lead_facilitator_id == user.pk


@transaction.atomic
def grade_reopen(*, grade: Grade, by, reason: str, request=None) -> Grade:
    """Reopen a posted grade so it can be scored again; the enrolment returns to enrolled."""
    grade = (
        Grade.objects.select_for_update()
        .select_related("attempt__submission__enrollment")
        .get(pk=grade.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for reopening this grade."})
    if grade.status != Grade.Status.POSTED or grade.kind != Grade.Kind.PRIMARY:
        raise ValidationError("Only a posted grade can be reopened.")
    if grade.attempt.submission.attempts.filter(number__gt=grade.attempt.number).exists():
        raise ValidationError("The educator has resubmitted since; score the resubmission instead.")
    grade.status = Grade.Status.REOPENED
    grade.reopened_at = timezone.now()
    grade.reopened_by = by
    grade.reopen_reason = reason
    grade.full_clean()
    grade.save()
    enrollment_set_outcome(
        enrollment=grade.attempt.submission.enrollment,
        status=Enrollment.Status.ENROLLED,
        score=None,
        by=by,
        reason=f"Grade reopened: {reason}",
    )
    audit_log(action="grade.reopened", actor=by, request=request, target=grade, reason=reason)
    return grade
