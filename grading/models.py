"""The mastery component: versioned rubrics and tasks, submissions, attempts, evidence, grades.

A rubric version (with its performance tasks) is pinned to a cohort by the cohort's first
submission; once pinned it is frozen and a change makes a new version for later cohorts, so
a grade always points at the rubric it was scored on.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from catalogue.models import EvaluationDomain, MicroCredential
from enrollment.models import Cohort, Enrollment

FILE_KINDS = {
    "pdf": "PDF",
    "office": "Office documents",
    "image": "Images",
    "video": "Short video",
}


class RubricQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def in_use(self):
        """Pinned to a cohort or scored against: frozen."""
        return self.filter(Q(cohort_settings__isnull=False) | Q(submissions__isnull=False))


class Rubric(models.Model):
    """One version of a micro-credential's common rubric and performance tasks."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="rubrics"
    )
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Cohorts that start scoring after this take the newest published version.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RubricQuerySet.as_manager()

    class Meta:
        ordering = [
            "micro_credential__programme__position",
            "micro_credential__position",
            "-version",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "version"], name="rubric_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.micro_credential.name} rubric v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return Rubric.objects.in_use().filter(pk=self.pk).exists()


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    domain = models.ForeignKey(
        EvaluationDomain,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        help_text="The Elevate NM component this criterion evidences.",
    )

    class Meta:
        ordering = ["rubric", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "position"], name="criterion_position_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Level(models.Model):
    """A performance level of a criterion; ``rank`` 1 is the lowest."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    points = models.PositiveSmallIntegerField()
    descriptor = models.TextField()

    class Meta:
        ordering = ["criterion", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "rank"], name="level_rank_unique"),
        ]

    def __str__(self):
        return f"{self.label} ({self.points})"


class MasteryBarConfirmation(models.Model):
    """The LAC's confirmation that a rubric's points express the intended mastery bar.

    ``points`` records the level points as they were confirmed (criterion by criterion), so a
    later change of points shows the rubric as unconfirmed again.
    """

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="mastery_bars")
    points = models.CharField(max_length=500)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["rubric", "-confirmed_at"]

    def __str__(self):
        return f"Mastery bar of {self.rubric} confirmed {self.confirmed_at:%Y-%m-%d}"


def validate_file_kinds(value: str) -> None:
    unknown = {k.strip() for k in value.split(",") if k.strip()} - set(FILE_KINDS)
    if unknown:
        raise ValidationError(
            f"Unknown file kinds {sorted(unknown)}; choose from {', '.join(FILE_KINDS)}."
        )


class PerformanceTask(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    prompt = models.TextField()
    evidence_expected = models.TextField(help_text="What the educator should submit.")
    accepted_kinds = models.CharField(
        max_length=60,
        default="pdf,office,image",
        validators=[validate_file_kinds],
        help_text="Comma-separated: " + ", ".join(FILE_KINDS) + ". Empty: text only.",
        blank=True,
    )

    class Meta:
        ordering = ["rubric", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "position"], name="task_position_unique"),
        ]

    def __str__(self):
        return f"Task {self.position}: {self.title}"

    @property
    def kinds(self) -> list[str]:
        return [k.strip() for k in self.accepted_kinds.split(",") if k.strip()]

    @property
    def kinds_display(self) -> str:
        return ", ".join(FILE_KINDS[k] for k in self.kinds) or "none (text only)"


class CohortScoringSettings(models.Model):
    """Grading settings of one cohort: its pinned rubric and second-scoring rules."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="scoring")
    rubric = models.ForeignKey(
        Rubric, null=True, blank=True, on_delete=models.PROTECT, related_name="cohort_settings"
    )
    second_score_percent = models.PositiveSmallIntegerField(
        default=10, help_text="Share of posted grades drawn for a blind second score."
    )
    agreement_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.60"),
        help_text="Quadratic-weighted kappa below which a facilitator is flagged.",
    )
    waiting_alert_days = models.PositiveSmallIntegerField(
        default=7, help_text="Submissions waiting longer than this are listed."
    )

    class Meta:
        verbose_name_plural = "cohort scoring settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(second_score_percent__lte=100), name="scoring_sample_at_most_100"
            ),
        ]

    def __str__(self):
        return f"Scoring settings for {self.cohort}"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own work for educators; assigned caseloads for scorers and the cohort's lead;
        all for users with grading.view_all_submissions."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("grading.view_all_submissions"):
            return self
        return self.filter(
            Q(enrollment__educator__user=user)
            | Q(enrollment__facilitator=user)
            | Q(enrollment__cohort__lead_facilitator=user)
        )

    def scorable_by(self, user):
        """Submissions the user may score: the assigned facilitator and the cohort's lead."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(enrollment__facilitator=user) | Q(enrollment__cohort__lead_facilitator=user)
        )


class Submission(models.Model):
    """An educator's mastery-component work for one enrolment, over one or more attempts."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="mastery_submission"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="submissions")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        permissions = [
            ("view_all_submissions", "Can see every mastery submission"),
            ("reopen_grade", "Can reopen a posted grade"),
            ("manage_scoring", "Can reassign caseloads and draw second-scoring samples"),
            ("view_scoring_quality", "Can see scoring agreement and turnaround"),
        ]

    def __str__(self):
        return f"Mastery submission of {self.enrollment}"


class AttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(submission__in=Submission.objects.visible_to(user))

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Attempt(models.Model):
    """One round of responses; the first, then one per resubmission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="attempt_number_unique"),
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(submitted_at__isnull=True),
                name="attempt_one_draft_per_submission",
            ),
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.submission.enrollment}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None


class Response(models.Model):
    """An educator's answer to one performance task in one attempt (plain text as typed)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    task = models.ForeignKey(PerformanceTask, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["attempt", "task__position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "task"], name="response_one_per_task"),
        ]

    def __str__(self):
        return f"{self.task} in {self.attempt}"


def _evidence_path(instance, filename):
    # The original name never reaches the file system.
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class EvidenceFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(response__attempt__submission__in=Submission.objects.visible_to(user))
            | Q(response__attempt__grades__kind="second", response__attempt__grades__scorer=user)
        ).distinct()


class EvidenceFile(models.Model):
    """An uploaded file, stored under a random name outside the web root."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(max_length=160, help_text="Cleaned; for display only.")
    kind = models.CharField(max_length=10, choices=list(FILE_KINDS.items()))
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    carried_over = models.BooleanField(
        default=False, help_text="Copied from an earlier attempt; not counted in the quota."
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class GradeQuerySet(models.QuerySet):
    def posted(self):
        return self.filter(status=Grade.Status.POSTED)

    def primary(self):
        return self.filter(kind=Grade.Kind.PRIMARY)


class Grade(models.Model):
    """A score of one attempt against its rubric: a draft, then posted (final)."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Grade"
        SECOND = "second", "Blind second score"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        POSTED = "posted", "Posted"
        REOPENED = "reopened", "Reopened"

    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="grades")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="grades")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PRIMARY)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grades_scored"
    )
    overall_feedback = models.TextField(blank=True)
    points_earned = models.PositiveIntegerField(default=0)
    points_possible = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(default=False)
    posted_at = models.DateTimeField(null=True, blank=True)
    resubmit_until = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GradeQuerySet.as_manager()

    class Meta:
        ordering = ["attempt", "created_at"]
        constraints = [
            # Exactly one grade stands per attempt, whatever races the scorers run.
            models.UniqueConstraint(
                fields=["attempt"],
                condition=Q(kind="primary", status="posted"),
                name="grade_one_posted_per_attempt",
            ),
            models.UniqueConstraint(
                fields=["attempt", "scorer"],
                condition=Q(kind="primary", status="draft"),
                name="grade_one_draft_per_scorer",
            ),
            models.UniqueConstraint(
                fields=["attempt"],
                condition=Q(kind="second") & ~Q(status="reopened"),
                name="grade_one_second_score_per_attempt",
            ),
            models.CheckConstraint(
                condition=~Q(status="posted") | Q(posted_at__isnull=False),
                name="grade_posted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(points_earned__lte=models.F("points_possible")),
                name="grade_points_within_possible",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.attempt} ({self.get_status_display()})"

    @property
    def percent_exact(self) -> Fraction:
        if not self.points_possible:
            return Fraction(0)
        return Fraction(self.points_earned * 100, self.points_possible)

    @property
    def percent_display(self) -> Decimal:
        """Rounded half up to one decimal, for display only."""
        value = self.percent_exact
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


class CriterionScore(models.Model):
    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="scores"
    )
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["grade", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "criterion"], name="score_one_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level or 'unscored'}"
