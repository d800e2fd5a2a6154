"""Every write of the grading app: submissions, evidence, grades, reopenings, second scores."""

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.html import escape

from apl.audit import audit_log
from apl.notify import email_on_commit
from enrollment.models import Cohort, EducatorProfile, Enrollment
from enrollment.services import enrollment_set_outcome
from grading import files
from grading.models import (
    FILE_KINDS,
    PASSING_PERCENT,
    Attempt,
    CohortScoringSettings,
    Criterion,
    CriterionScore,
    EvidenceFile,
    Grade,
    Level,
    PerformanceTask,
    Response,
    Rubric,
    Submission,
)


class GradeConflict(Exception):
    """Someone else posted a grade for this attempt first."""

    def __init__(self, grade: Grade | None = None):
        super().__init__("A grade for this attempt was posted by someone else.")
        self.grade = grade


ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
}
ALLOWED_TAGS.add("a")


def sanitise_html(text: str) -> str:
    """Educator rich text, cleaned; plain text keeps its paragraphs."""
    text = (text or "").strip()
    if text and not re.search(r"<[a-zA-Z/]", text):
        paragraphs = [p for p in re.split(r"\r?\n\s*\r?\n", text) if p.strip()]
        text = "".join(
            "<p>" + escape(p.strip()).replace("\r\n", "<br>").replace("\n", "<br>") + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


# --- rubrics ---------------------------------------------------------------------------


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


# --- educators' submissions ------------------------------------------------------------


def _latest_posted(submission: Submission) -> Grade | None:
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
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=enrollment.pk)
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
    return Submission.objects.select_for_update().select_related("enrollment").get(pk=submission.pk)


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
    submission = _lock_submission(enrollment)
    if task.rubric_id != submission.rubric_id:
        raise ValidationError("That task is not part of this micro-credential's rubric.")
    attempt = _draft_attempt(submission)
    _check_window(submission, attempt)
    educator = EducatorProfile.objects.select_for_update().get(pk=enrollment.educator_id)
    checked, pending = [], 0
    for upload in uploads:  # every file is checked before any is stored
        checked.append(
            (upload, evidence_check(task=task, upload=upload, educator=educator, pending=pending))
        )
        pending += upload.size
    response, _ = Response.objects.get_or_create(attempt=attempt, task=task)
    response.text = sanitise_html(text)
    response.full_clean()
    response.save()
    for upload, detected in checked:
        _evidence_store(response=response, upload=upload, detected=detected)
    return response


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


def _check_window(submission: Submission, attempt: Attempt) -> None:
    if attempt.number == 1:
        return
    grade = _latest_posted(submission)
    if grade is None or grade.resubmit_until is None:
        return
    if timezone.now() >= grade.resubmit_until:
        closed = timezone.localtime(grade.resubmit_until)
        raise ValidationError(
            f"The resubmission window closed on {closed:%B %-d, %Y at %-I:%M %p} "
            f"{closed.tzname()}, so this micro-credential stays not passed."
        )


@transaction.atomic
def attempt_submit(*, enrollment: Enrollment, by) -> Attempt:
    """Submit the draft attempt once every task has a response."""
    submission = _lock_submission(enrollment)
    attempt = _draft_attempt(submission)
    _check_window(submission, attempt)
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
    grade = _latest_posted(submission) if submission else None
    if grade is None or grade.passed:
        raise ValidationError("There is no grade to resubmit against.")
    last = submission.attempts.order_by("-number").first()
    if last.pk != grade.attempt_id:
        if last.is_draft:
            return last
        raise ValidationError("Your resubmission is already with your facilitator.")
    if timezone.now() >= grade.resubmit_until:
        _check_window(submission, Attempt(submission=submission, number=last.number + 1))
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
    grade.passed = earned * 100 >= PASSING_PERCENT * possible if possible else False


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
