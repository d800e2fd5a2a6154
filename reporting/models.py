"""Report runs: one request to build a programme's quarterly report files, and its outcome.

The quarterly table itself is never stored: it is read from enrolments each time
(``reporting.selectors``). A run records who asked, for what, how it went, and where its
files are (under ``MEDIA_ROOT/reports/``, served only through a scoped view).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalogue.models import Programme

FORMATS = ("csv", "json", "xlsx", "pdf")


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every run for those who may read reports; nothing for anyone else."""
        if user.is_authenticated and user.has_perm("reporting.view_report"):
            return self
        return self.none()

    def active(self):
        return self.filter(status__in=ReportRun.ACTIVE_STATUSES)


class ReportRun(models.Model):
    """One build of a programme's quarterly report as of a date, in every format."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    programme = models.ForeignKey(
        Programme, verbose_name="program", on_delete=models.PROTECT, related_name="report_runs"
    )
    as_of = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(
        blank=True, help_text="Why the run failed, or why it is still waiting in the queue."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for runs the schedule started.",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has started this run."
    )
    files = models.JSONField(
        default=dict, blank=True, help_text="Format → file name under MEDIA_ROOT."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_report", "Can read quarterly reports and download their files"),
            ("build_report", "Can start building quarterly report files"),
        ]
        constraints = [
            # A double click or two coordinators at once cannot start two builds of the
            # same report: the second request joins the first.
            models.UniqueConstraint(
                fields=["programme", "as_of"],
                condition=Q(status__in=["queued", "running"]),
                name="reportrun_one_active_per_report",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="reportrun_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.programme} as of {self.as_of:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def available_formats(self) -> list[str]:
        return [fmt for fmt in FORMATS if fmt in self.files] if self.is_done else []

    def file_basename(self, fmt: str) -> str:
        return f"{self.programme.slug}-quarterly-report-{self.as_of:%Y-%m-%d}.{fmt}"


class PublicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every publication for those who may read reports; nothing for anyone else."""
        if user.is_authenticated and user.has_perm("reporting.view_report"):
            return self
        return self.none()

    def standing(self):
        """Publications not (yet) corrected: the one that stands for each programme/date."""
        return self.filter(correction__isnull=True)


class Publication(models.Model):
    """A quarterly report as the LAC published it: frozen numbers, files and hash.

    Never changed after it is written (no edit path; the admin is read-only; a database
    trigger refuses UPDATE and DELETE). A mistake is put right by a correction: a new
    publication of the same programme and date, linked to the one it corrects, with a
    reason. Later runs of the report compare themselves with the standing publication.
    """

    programme = models.ForeignKey(
        Programme, verbose_name="program", on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_by_label = models.CharField(
        max_length=254, help_text="Who published it, as they were named then."
    )
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        help_text="The publication this one corrects.",
    )
    reason = models.TextField(blank=True, help_text="Why a correction was published.")
    table = models.JSONField(help_text="The PED table as text cells, header row first.")
    summary = models.JSONField(help_text="The summary figures as [label, value] pairs.")
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the canonical serialization of the numbers."
    )
    csv = models.TextField(help_text="The CSV file as published.")
    pdf = models.BinaryField(help_text="The PDF file as published.")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_report", "Can publish quarterly reports and corrections")]
        constraints = [
            # Publishing the same report twice is refused, also when two requests race.
            models.UniqueConstraint(
                fields=["programme", "as_of"],
                condition=Q(corrects__isnull=True),
                name="publication_one_original_per_report",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""),
                name="publication_correction_has_reason",
            ),
        ]

    def __str__(self):
        kind = "correction" if self.corrects_id else "publication"
        return f"{self.programme} as of {self.as_of:%Y-%m-%d} ({kind} {self.pk})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:publication-detail", args=[self.pk])

    def file_basename(self, fmt: str) -> str:
        stem = f"{self.programme.slug}-quarterly-report-{self.as_of:%Y-%m-%d}"
        return f"{stem}-published-{self.pk}.{fmt}"
