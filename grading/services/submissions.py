"""Educators' submissions: draft responses, evidence files, submitting and resubmitting."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apl.locks import lock_object
from enrollment.models import EducatorProfile, Enrollment
from grading import files
from grading.models import (
    FILE_KINDS,
    Attempt,
    EvidenceFile,
    PerformanceTask,
    Response,
    Submission,
)
from grading.services.rubrics import rubric_for_cohort
from grading.services.text import response_text
from grading.services.windows import check_window, latest_posted_grade


def _check_can_work(enrollment: Enrollment) -> None:
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        raise ValidationError(
            "You have withdrawn from this micro-credential, so it takes no submissions."
        )
    if enrollment.status == Enrollment.Status.PASSED:
        raise ValidationError("You have passed this micro-credential already.")


def _lock_submission(enrollment: Enrollment) -> Submission:
    # The enrolment row is locked first, so two first saves (two tabs, a double click)
    # cannot both create the submission.
    enrollment = lock_object(
        Enrollment.objects.select_related("cohort"), enrollment.pk, of=("self",)
    )
    _check_can_work(enrollment)
    submission = Submission.objects.filter(enrollment=enrollment).first()
    if submission is None:
        submission = Submission(
            enrollment=enrollment, rubric=rubric_for_cohort(cohort=enrollment.cohort)
        )
        submission.full_clean()
        submission.save()
        Attempt.objects.create(submission=submission, number=1)
    return lock_object(Submission.objects.select_related("enrollment"), submission.pk)


def _draft_attempt(submission: Submission) -> Attempt:
    attempt = submission.attempts.filter(submitted_at__isnull=True).first()
    if attempt is None:
        raise ValidationError("There is no open draft: your work was submitted already.")
    return attempt


@transaction.atomic
def response_save(
    *, enrollment: Enrollment, task: PerformanceTask, text: str, uploads=(), by
) -> Response:
    """Save a task's draft response and add any files to it."""
    return responses_save(enrollment=enrollment, entries=[(task, text, list(uploads))], by=by)[0]


@transaction.atomic
def responses_save(
    *, enrollment: Enrollment, entries: list[tuple[PerformanceTask, str | None, list]], by
) -> list[Response]:
    """Save several tasks' drafts at once: all or nothing, every file checked before any is kept.

    ``entries`` holds (task, text, uploads); a text of None leaves that task's text as it is.
    """
    submission = _lock_submission(enrollment)
    if any(task.rubric_id != submission.rubric_id for task, _, _ in entries):
        raise ValidationError("That task is not part of this micro-credential's rubric.")
    attempt = _draft_attempt(submission)
    check_window(submission, attempt)
    educator = EducatorProfile.objects.select_for_update().get(pk=enrollment.educator_id)
    checked, pending = [], 0
    for task, _, uploads in entries:
        for upload in uploads:
            detected = evidence_check(task=task, upload=upload, educator=educator, pending=pending)
            checked.append((task.pk, upload, detected))
            pending += upload.size
    saved = []
    for task, text, uploads in entries:
        if text is None and not uploads:
            continue
        response, _ = Response.objects.get_or_create(attempt=attempt, task=task)
        if text is not None and response_text(text) != response.text:
            response.text = response_text(text)
            response.full_clean()
            response.save()
        for task_id, upload, detected in checked:
            if task_id == task.pk:
                _evidence_store(response=response, upload=upload, detected=detected)
        saved.append(response)
    return saved


def evidence_check(*, task: PerformanceTask, upload, educator: EducatorProfile, pending: int = 0):
    """Refuse an upload by size, quota or content; return what it is."""
    limit = settings.APL_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"“{files.clean_name(upload.name, '')}” is {upload.size:,} bytes; "
            f"files may be at most {limit:,} bytes."
        )
    used = (
        EvidenceFile.objects.filter(
            response__attempt__submission__enrollment__educator=educator, carried_over=False
        ).aggregate(total=Sum("size"))["total"]
        or 0
    )
    quota = settings.APL_EVIDENCE_QUOTA_BYTES
    if used + pending + upload.size > quota:
        raise ValidationError(
            f"This file would take your evidence storage over its {quota:,}-byte limit "
            f"({used:,} bytes used). Remove files you no longer need."
        )
    detected = files.detect(upload)
    if detected is None:
        raise ValidationError(
            "This file's content is not a PDF, Office document, image or short video, "
            "whatever its name says. Archives are not accepted."
        )
    if detected.kind not in task.kinds:
        raise ValidationError(
            f"This task accepts {task.kinds_display}; the file is {FILE_KINDS[detected.kind]}."
        )
    return detected


def _evidence_store(*, response: Response, upload, detected) -> EvidenceFile:
    evidence = EvidenceFile(
        response=response,
        original_name=files.clean_name(upload.name, detected.extension),
        kind=detected.kind,
        content_type=detected.content_type,
        size=upload.size,
    )
    upload.seek(0)
    evidence.file.save("evidence", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: EvidenceFile, by) -> None:
    """Remove a file from a draft; the stored file goes when nothing else points at it."""
    from django.core.files.storage import default_storage

    evidence = EvidenceFile.objects.select_related("response__attempt").get(pk=evidence.pk)
    if not evidence.response.attempt.is_draft:
        raise ValidationError("Files of a submitted attempt cannot be removed.")
    name = evidence.file.name
    evidence.delete()
    if not EvidenceFile.objects.filter(file=name).exists():
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def attempt_submit(*, enrollment: Enrollment, by) -> Attempt:
    """Submit the draft attempt once every task has a response."""
    submission = _lock_submission(enrollment)
    attempt = _draft_attempt(submission)
    check_window(submission, attempt)
    tasks = list(submission.rubric.tasks.all())
    answered = {
        r.task_id
        for r in attempt.responses.prefetch_related("files")
        if r.text.strip() or r.files.all()
    }
    missing = [t for t in tasks if t.pk not in answered]
    if missing:
        raise ValidationError(
            "Respond to every task before submitting: "
            + "; ".join(f"Task {t.position}: {t.title}" for t in missing)
        )
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["submitted_at"])
    return attempt


@transaction.atomic
def resubmission_start(*, enrollment: Enrollment, by) -> Attempt:
    """Open a new attempt inside the window, starting from the last attempt's responses."""
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        raise ValidationError(
            "You have withdrawn from this micro-credential, so it takes no submissions."
        )
    submission = Submission.objects.select_for_update().filter(enrollment=enrollment).first()
    grade = latest_posted_grade(submission) if submission else None
    if grade is None or grade.passed:
        raise ValidationError("There is no grade to resubmit against.")
    last = submission.attempts.order_by("-number").first()
    if last.pk != grade.attempt_id:
        if last.is_draft:
            return last
        raise ValidationError("Your resubmission is already with your facilitator.")
    if timezone.now() >= grade.resubmit_until:
        check_window(submission, Attempt(submission=submission, number=last.number + 1))
    attempt = Attempt.objects.create(submission=submission, number=last.number + 1)
    for old in last.responses.prefetch_related("files"):
        response = Response.objects.create(attempt=attempt, task_id=old.task_id, text=old.text)
        EvidenceFile.objects.bulk_create(
            EvidenceFile(
                response=response,
                file=f.file.name,
                original_name=f.original_name,
                kind=f.kind,
                content_type=f.content_type,
                size=f.size,
                carried_over=True,
            )
            for f in old.files.all()
        )
    return attempt


# --- grades ----------------------------------------------------------------------------
