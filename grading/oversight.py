"""Lead facilitators' writes: blind second-score samples and caseload reassignment."""

import math
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from enrollment.models import Cohort
from enrollment.services import enrollment_assign_facilitator
from grading.models import CohortScoringSettings, Grade
from grading.services.grades import GradeConflict, _apply_scores


@transaction.atomic
def second_score_sample_draw(
    *, cohort: Cohort, by, rng: random.Random | None = None, request=None
) -> list[Grade]:
    """Draw the cohort's share of posted grades for a blind second score by another facilitator."""
    rng = rng or random.SystemRandom()
    scoring, _ = CohortScoringSettings.objects.get_or_create(cohort=cohort)
    posted = list(
        Grade.objects.primary()
        .posted()
        .filter(attempt__submission__enrollment__cohort=cohort)
        .select_related("attempt")
    )
    drawn = set(
        Grade.objects.filter(kind=Grade.Kind.SECOND, attempt__in=[g.attempt for g in posted])
        .exclude(status=Grade.Status.REOPENED)
        .values_list("attempt_id", flat=True)
    )
    wanted = math.ceil(len(posted) * scoring.second_score_percent / 100) - len(drawn)
    candidates = [g for g in posted if g.attempt_id not in drawn]
    facilitators = list(cohort.facilitators.all())
    created = []
    for grade in rng.sample(candidates, k=max(0, min(wanted, len(candidates)))):
        others = [f for f in facilitators if f.pk != grade.scorer_id]
        if not others:
            continue
        created.append(
            Grade.objects.create(
                attempt=grade.attempt,
                rubric=grade.rubric,
                kind=Grade.Kind.SECOND,
                status=Grade.Status.DRAFT,
                scorer=rng.choice(others),
            )
        )
    audit_log(
        action="grading.sample_drawn",
        actor=by,
        request=request,
        target=cohort,
        drawn=[{"attempt": g.attempt_id, "second_scorer": g.scorer_id} for g in created],
    )
    return created


def sample_shortfall(*, cohort: Cohort) -> str:
    """Why a sample draw found nothing to draw, and what would make it work."""
    posted = list(
        Grade.objects.primary()
        .posted()
        .filter(attempt__submission__enrollment__cohort=cohort)
        .values_list("scorer_id", flat=True)
    )
    if not posted:
        return (
            f"Nothing was drawn: {cohort} has no posted grades yet. A sample is drawn from "
            "posted grades; draw again once facilitators have posted some."
        )
    facilitators = list(cohort.facilitators.all())
    if all(all(f.pk == scorer for f in facilitators) for scorer in set(posted)):
        names = ", ".join(str(f) for f in facilitators) or "none"
        return (
            f"Nothing was drawn: {cohort} has no second facilitator (its team: {names}), "
            "and a blind second "
            "score must come from a facilitator other than the one who posted the grade. "
            "Add a second facilitator to the cohort's team, then draw again."
        )
    return (
        f"Nothing was drawn: the sample of {cohort} is complete (its share of the "
        f"{len(posted)} posted grade{'s' if len(posted) != 1 else ''} is already drawn). "
        "Draw again after more grades are posted, or raise the cohort's sample percent."
    )


@transaction.atomic
def second_score_post(*, grade: Grade, by, levels: dict, feedback: dict, overall: str) -> Grade:
    grade = Grade.objects.select_for_update().get(pk=grade.pk)
    if grade.kind != Grade.Kind.SECOND or grade.scorer_id != by.pk:
        raise ValidationError("This second score is assigned to someone else.")
    if grade.status != Grade.Status.DRAFT:
        raise GradeConflict(grade)
    grade.overall_feedback = (overall or "").strip()
    _apply_scores(grade, levels, feedback)
    if grade.scores.filter(level__isnull=True).exists():
        raise ValidationError("Score every criterion before posting.")
    grade.status = Grade.Status.POSTED
    grade.posted_at = timezone.now()
    grade.full_clean()
    grade.save()
    return grade


@transaction.atomic
def caseload_reassign(*, enrollments, to, by, request=None) -> int:
    """Move enrolments (one or a whole caseload) to another facilitator of their cohorts;
    each move leaves an audit record naming both facilitators."""
    count = 0
    for enrollment in enrollments:
        before = enrollment.facilitator_id
        enrollment = enrollment_assign_facilitator(enrollment=enrollment, facilitator=to, by=by)
        audit_log(
            action="grading.caseload_reassigned",
            actor=by,
            request=request,
            target=enrollment,
            from_facilitator=before,
            to_facilitator=to.pk if to else None,
        )
        count += 1
    return count
