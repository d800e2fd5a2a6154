"""The resubmission window: when it ends and whether it is still open.

The window is 3 to 5 days, set per cohort (docs/product.md, "Rules the system enforces").
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from grading.models import (
    Attempt,
    Grade,
    Submission,
)


def latest_posted_grade(submission: Submission) -> Grade | None:
    return (
        Grade.objects.primary()
        .posted()
        .filter(attempt__submission=submission)
        .order_by("-attempt__number")
        .first()
    )


def window_end(*, posted_at: dt.datetime, days: int) -> dt.datetime:
    """``days`` calendar days after posting, at the same Mountain Time clock time."""
    local = timezone.localtime(posted_at)
    naive = local.replace(tzinfo=None) + dt.timedelta(days=days)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def check_window(submission: Submission, attempt: Attempt) -> None:
    if attempt.number == 1:
        return
    grade = latest_posted_grade(submission)
    if grade is None or grade.resubmit_until is None:
        return
    if timezone.now() >= grade.resubmit_until:
        closed = timezone.localtime(grade.resubmit_until)
        raise ValidationError(
            f"The resubmission window closed on {closed:%B %-d, %Y at %-I:%M %p} "
            f"{closed.tzname()}, so this micro-credential stays not passed."
        )
