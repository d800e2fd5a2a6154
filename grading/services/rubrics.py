"""Rubric versions and the rubric a cohort is scored against."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from enrollment.models import Cohort
from grading.models import (
    CohortScoringSettings,
    Criterion,
    Level,
    PerformanceTask,
    Rubric,
)


@transaction.atomic
def rubric_for_cohort(*, cohort: Cohort) -> Rubric:
    """The cohort's rubric: pinned by its first use to the newest published version."""
    scoring, _ = CohortScoringSettings.objects.get_or_create(cohort=cohort)
    scoring = CohortScoringSettings.objects.select_for_update().get(pk=scoring.pk)
    if scoring.rubric_id is None:
        rubric = (
            Rubric.objects.published()
            .filter(micro_credential_id=cohort.micro_credential_id)
            .order_by("-version")
            .first()
        )
        if rubric is None:
            raise ValidationError("This micro-credential has no published rubric yet.")
        scoring.rubric = rubric
        scoring.save(update_fields=["rubric"])
    return scoring.rubric


@transaction.atomic
def rubric_new_version(*, rubric: Rubric) -> Rubric:
    """Copy a rubric with its criteria, levels and tasks as an unpublished new version."""
    latest = Rubric.objects.filter(micro_credential=rubric.micro_credential).aggregate(
        v=Max("version")
    )["v"]
    copy = Rubric(
        micro_credential=rubric.micro_credential,
        version=latest + 1,
        title=rubric.title,
        published_at=None,
    )
    copy.full_clean()
    copy.save()
    for criterion in rubric.criteria.prefetch_related("levels"):
        new = Criterion.objects.create(
            rubric=copy,
            position=criterion.position,
            name=criterion.name,
            description=criterion.description,
            domain=criterion.domain,
        )
        Level.objects.bulk_create(
            Level(
                criterion=new,
                rank=lv.rank,
                label=lv.label,
                points=lv.points,
                descriptor=lv.descriptor,
            )
            for lv in criterion.levels.all()
        )
    for task in rubric.tasks.all():
        PerformanceTask.objects.create(
            rubric=copy,
            position=task.position,
            title=task.title,
            prompt=task.prompt,
            evidence_expected=task.evidence_expected,
            accepted_kinds=task.accepted_kinds,
        )
    return copy
