"""Posting grades: scoring criteria against the pass rule and setting the outcome."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apl.notify import email_on_commit
from audit.services import audit_log
from enrollment.models import Enrollment
from enrollment.rules import points_pass
from enrollment.services import enrollment_set_outcome
from grading.models import (
    Attempt,
    CriterionScore,
    Grade,
)
from grading.services.windows import window_end


class GradeConflict(Exception):
    """Someone else posted a grade for this attempt first."""

    def __init__(self, grade: Grade | None = None):
        super().__init__("A grade for this attempt was posted by someone else.")
        self.grade = grade


def _apply_scores(grade: Grade, levels: dict, feedback: dict) -> None:
    criteria = list(grade.rubric.criteria.prefetch_related("levels"))
    existing = {s.criterion_id: s for s in grade.scores.all()}
    earned = possible = 0
    for criterion in criteria:
        options = {lv.pk: lv for lv in criterion.levels.all()}
        level_id = levels.get(criterion.pk)
        if level_id is not None and int(level_id) not in options:
            raise ValidationError(f"Choose one of the levels of “{criterion.name}”.")
        level = options.get(int(level_id)) if level_id is not None else None
        score = existing.get(criterion.pk) or CriterionScore(grade=grade, criterion=criterion)
        score.level = level
        score.feedback = (feedback.get(criterion.pk) or "").strip()
        score.save()
        possible += max(lv.points for lv in options.values())
        earned += level.points if level else 0
    grade.points_earned = earned
    grade.points_possible = possible
    grade.passed = points_pass(earned=earned, possible=possible)


@transaction.atomic
def grade_save_draft(
    *,
    attempt: Attempt,
    by,
    levels: dict,
    feedback: dict,
    overall: str,
    kind: str = Grade.Kind.PRIMARY,
) -> Grade:
    """Keep a scorer's work in progress; nothing is visible to the educator."""
    attempt = Attempt.objects.select_for_update().select_related("submission").get(pk=attempt.pk)
    if (
        kind == Grade.Kind.PRIMARY
        and Grade.objects.primary().posted().filter(attempt=attempt).exists()
    ):
        raise GradeConflict(Grade.objects.primary().posted().get(attempt=attempt))
    grade = Grade.objects.filter(
        attempt=attempt, scorer=by, kind=kind, status=Grade.Status.DRAFT
    ).first() or Grade(attempt=attempt, scorer=by, kind=kind, rubric=attempt.submission.rubric)
    grade.overall_feedback = (overall or "").strip()
    grade.save()
    _apply_scores(grade, levels, feedback)
    grade.full_clean()
    grade.save()
    return grade


@transaction.atomic
def grade_post(
    *, attempt: Attempt, by, levels: dict, feedback: dict, overall: str, request=None
) -> Grade:
    """Post the grade: final for this attempt; sets the outcome and opens the window."""
    try:
        with transaction.atomic():
            grade = _grade_post(
                attempt=attempt, by=by, levels=levels, feedback=feedback, overall=overall
            )
    except IntegrityError as exc:
        # The database constraint caught a race that the row lock did not.
        raise GradeConflict(
            Grade.objects.primary().posted().filter(attempt=attempt).first()
        ) from exc
    audit_log(
        action="grade.posted",
        actor=by,
        request=request,
        target=grade,
        percent=str(grade.percent_display),
        passed=grade.passed,
    )
    enrollment = grade.attempt.submission.enrollment
    email_on_commit(
        user=enrollment.educator.user,
        subject=f"Your {enrollment.cohort.micro_credential.name} mastery tasks were graded",
        template="email/grading/grade_posted.txt",
        context={
            "micro_credential": enrollment.cohort.micro_credential.name,
            "percent": str(grade.percent_display),
            "passed": grade.passed,
            "resubmit_until": (
                f"{timezone.localtime(grade.resubmit_until):%B %-d, %Y at %-I:%M %p %Z}"
                if grade.resubmit_until
                else ""
            ),
            "enrollment_id": enrollment.pk,
        },
    )
    return grade


def _grade_post(*, attempt, by, levels, feedback, overall) -> Grade:
    attempt = (
        Attempt.objects.select_for_update()
        .select_related("submission__enrollment__cohort__micro_credential")
        .get(pk=attempt.pk)
    )
    posted = Grade.objects.primary().posted().filter(attempt=attempt).first()
    if posted is not None:
        raise GradeConflict(posted)
    if attempt.is_draft:
        raise ValidationError("This attempt has not been submitted yet.")
    enrollment = attempt.submission.enrollment
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        raise ValidationError("The educator has withdrawn; this attempt cannot be graded.")
    grade = grade_save_draft(
        attempt=attempt, by=by, levels=levels, feedback=feedback, overall=overall
    )
    unscored = [
        s.criterion.name for s in grade.scores.select_related("criterion") if s.level_id is None
    ]
    if unscored:
        raise ValidationError(
            "Score every criterion before posting. Not yet scored: " + ", ".join(unscored) + "."
        )
    now = timezone.now()
    grade.status = Grade.Status.POSTED
    grade.posted_at = now
    if not grade.passed:
        grade.resubmit_until = window_end(posted_at=now, days=enrollment.cohort.window_days)
    grade.full_clean()
    grade.save()
    percent = grade.percent_exact
    score = (Decimal(percent.numerator) / Decimal(percent.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )
    enrollment_set_outcome(
        enrollment=enrollment,
        status=Enrollment.Status.PASSED if grade.passed else Enrollment.Status.NOT_PASSED,
        score=score,
        by=by,
        reason=f"Mastery grade posted (attempt {attempt.number})",
    )
    return grade
