"""Grading records built through the services, as the app builds them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from grading import services
from grading.models import Attempt, Grade, Submission

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "lesson-plan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def draft_responses(enrollment, text: str = "My response.", uploads_for_first=()) -> Submission:
    """A draft with a text response to every task."""
    submission = None
    for index, task in enumerate(_tasks(enrollment)):
        services.response_save(
            enrollment=enrollment,
            task=task,
            text=text,
            uploads=list(uploads_for_first) if index == 0 else [],
            by=enrollment.educator.user,
        )
    submission = Submission.objects.get(enrollment=enrollment)
    return submission


def _tasks(enrollment):
    rubric = services.rubric_for_cohort(cohort=enrollment.cohort)
    return list(rubric.tasks.all())


def submitted_attempt(enrollment, **kwargs) -> Attempt:
    draft_responses(enrollment, **kwargs)
    return services.attempt_submit(enrollment=enrollment, by=enrollment.educator.user)


def levels_for(attempt: Attempt, ranks) -> dict[int, int]:
    """Level ids by criterion id; ``ranks`` is one rank for all, or a list in order."""
    criteria = list(attempt.submission.rubric.criteria.prefetch_related("levels"))
    if isinstance(ranks, int):
        ranks = [ranks] * len(criteria)
    return {
        c.pk: next(lv.pk for lv in c.levels.all() if lv.rank == rank)
        for c, rank in zip(criteria, ranks, strict=True)
    }


def post_grade(attempt: Attempt, scorer, ranks, feedback: str = "Feedback.") -> Grade:
    levels = levels_for(attempt, ranks)
    return services.grade_post(
        attempt=attempt,
        by=scorer,
        levels=levels,
        feedback={cid: feedback for cid in levels},
        overall="Overall feedback.",
    )


# 80% and 90% on the 5-criterion, 4-point seeded CE rubric (20 points).
RANKS_80 = [4, 3, 3, 3, 3]
RANKS_90 = [4, 4, 4, 3, 3]
