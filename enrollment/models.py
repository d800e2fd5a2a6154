"""Educators, their intents to enrol, quarterly cohorts and enrolments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apl.fields import QuarterField
from catalogue.models import MicroCredential, Programme
from enrollment.scopes import educator_scope


def _sees_everything(user) -> bool:
    return user.is_authenticated and user.has_perm("enrollment.view_all_enrollments")


class EducatorProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own profile for educators; educators in assigned caseloads for scorers; all for LAC."""
        if not user.is_authenticated:
            return self.none()
        if _sees_everything(user):
            return self
        return self.filter(
            educator_scope(user, path="")
            | Q(enrollments__facilitator=user)
            | Q(enrollments__cohort__lead_facilitator=user)
        ).distinct()


# The profile an educator gives about themselves (sign-up, intent forms, educators.csv
# import and export), in the order forms and files show it. One list for all of them.
PROFILE_FIELDS = ("license_number", "license_level", "district", "school", "masters_degree", "nbct")
# The same as the profile stores them: the district is kept as written (district_as_written)
# beside the District record it names.
PROFILE_WRITTEN_FIELDS = tuple(
    "district_as_written" if name == "district" else name for name in PROFILE_FIELDS
)


class EducatorProfile(models.Model):
    """A New Mexico licensed teacher taking part in APL."""

    class Level(models.IntegerChoices):
        ONE = 1, "Level 1"
        TWO = 2, "Level 2"
        THREE = 3, "Level 3"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="educator_profile"
    )
    license_number = models.CharField(max_length=40, blank=True)
    license_level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.ONE)
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="educators",
        help_text="Matched by code or exact name; empty until the LAC matches it (option 1).",
    )
    district_as_written = models.CharField(
        "district as written",
        max_length=120,
        blank=True,
        help_text="The district exactly as the educator or an import gave it.",
    )
    school = models.CharField(max_length=120, blank=True)
    masters_degree = models.BooleanField("master's degree", default=False)
    nbct = models.BooleanField("National Board certified", default=False)
    # Advancement requirements outside APL, recorded by the LAC (admin or import).
    years_at_current_level = models.PositiveSmallIntegerField(
        "full school years at the current level", default=0
    )
    evaluations_successful = models.BooleanField(
        "successful evaluations in those years",
        default=False,
        help_text="Every evaluation at the current level was successful.",
    )
    mentorship_completed = models.BooleanField(
        "mentorship completed", default=False, help_text="Needed for Level 1 to Level 2."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = EducatorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(license_level__gte=1, license_level__lte=3),
                name="educator_license_level_1_to_3",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def full_name(self) -> str:
        return self.user.get_full_name()

    @property
    def district_label(self) -> str:
        """The matched district's name, else the district as written."""
        return self.district.name if self.district_id else self.district_as_written


class IntentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("enrollment.view_intent"):
            return self
        return self.filter(educator__user=user)

    def open(self):
        return self.filter(status__in=Intent.OPEN_STATUSES)


class Intent(models.Model):
    """An educator's intent to enrol in a programme (the intent-to-enroll form)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATUSES = (Status.PENDING, Status.ACCEPTED)

    educator = models.ForeignKey(EducatorProfile, on_delete=models.CASCADE, related_name="intents")
    programme = models.ForeignKey(
        Programme, verbose_name="program", on_delete=models.PROTECT, related_name="intents"
    )
    submitted_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = IntentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        constraints = [
            # One open intent per educator and programme: a double click or a second tab
            # cannot create two.
            models.UniqueConstraint(
                fields=["educator", "programme"],
                condition=Q(status__in=["pending", "accepted"]),
                name="intent_one_open_per_programme",
            ),
        ]

    def __str__(self):
        return f"{self.educator} → {self.programme} ({self.get_status_display()})"


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("enrollment.view_cohort"):
            return self
        return self.filter(
            Q(facilitators=user) | Q(lead_facilitator=user) | Q(enrollments__educator__user=user)
        ).distinct()


class Cohort(models.Model):
    """One micro-credential offered in one quarter."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="cohorts"
    )
    quarter = QuarterField()
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats; empty means no limit."
    )
    resubmission_window_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text="3 to 5 days; empty uses the micro-credential's window.",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_cohorts",
        help_text="Facilitators (APL I-II) or reviewers (APL II-III) who score this cohort.",
    )
    lead_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_cohorts",
    )

    history = HistoricalRecords(m2m_fields=[facilitators])
    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = [
            "quarter",
            "micro_credential__programme__position",
            "micro_credential__position",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "quarter"], name="cohort_one_per_mc_quarter"
            ),
            models.CheckConstraint(
                condition=Q(resubmission_window_days__isnull=True)
                | Q(resubmission_window_days__gte=3, resubmission_window_days__lte=5),
                name="cohort_resubmission_window_3_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.micro_credential.name} {self.quarter}"

    @property
    def window_days(self) -> int:
        return self.resubmission_window_days or self.micro_credential.resubmission_window_days


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own enrolments for educators; assigned caseload for scorers; all for LAC/liaison."""
        if not user.is_authenticated:
            return self.none()
        if _sees_everything(user):
            return self
        return self.filter(
            Q(educator__user=user) | Q(facilitator=user) | Q(cohort__lead_facilitator=user)
        )

    def counted(self):
        return self.exclude(status=Enrollment.Status.WITHDRAWN)


class Enrollment(models.Model):
    """An educator in a cohort: status, score, facilitator and fee state."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        PASSED = "passed", "Passed"
        NOT_PASSED = "not_passed", "Not passed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Payment(models.TextChoices):
        UNPAID = "unpaid", "Unpaid"
        PAID = "paid", "Paid"
        WAIVED = "waived", "Waived"
        DISTRICT_PAID = "district_paid", "District paid"

    # No single-column indexes on educator and cohort: the unique (educator, cohort) and
    # the (cohort, status) indexes lead with them, and each index costs every import.
    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="enrollments", db_index=False
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrollments", db_index=False
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ENROLLED)
    score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Mastery-component percentage, 0 to 100.",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    payment_state = models.CharField(max_length=14, choices=Payment.choices, default=Payment.UNPAID)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort__quarter", "educator_id"]
        permissions = [
            ("view_all_enrollments", "Can see every educator's enrollments"),
            ("manage_programme", "Can run intake, cohorts and payments"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["educator", "cohort"], name="enrollment_one_per_cohort"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="enrollment_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=~Q(status="passed") | Q(score__isnull=True) | Q(score__gte=85),
                name="enrollment_passed_score_at_least_85",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_passed") | Q(score__isnull=True) | Q(score__lt=85),
                name="enrollment_not_passed_score_under_85",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["enrolled", "passed", "not_passed", "withdrawn"]),
                name="enrollment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(payment_state__in=["unpaid", "paid", "waived", "district_paid"]),
                name="enrollment_payment_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.educator} in {self.cohort}"

    @property
    def micro_credential(self) -> MicroCredential:
        return self.cohort.micro_credential


class ElectiveChoiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if _sees_everything(user):
            return self
        return self.filter(educator__user=user)


class ElectiveChoice(models.Model):
    """An elective an educator chose for a programme (APL II-III: two of the library).

    ``slot`` runs 1..Programme.elective_count; the unique slot per educator and programme
    holds the maximum in the database even against two tabs submitting at once.
    """

    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.CASCADE, related_name="elective_choices"
    )
    programme = models.ForeignKey(
        Programme, verbose_name="program", on_delete=models.PROTECT, related_name="+"
    )
    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="elective_choices"
    )
    slot = models.PositiveSmallIntegerField()
    chosen_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ElectiveChoiceQuerySet.as_manager()

    class Meta:
        ordering = ["programme__position", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["educator", "micro_credential"], name="elective_choice_once"
            ),
            models.UniqueConstraint(
                fields=["educator", "programme", "slot"], name="elective_choice_slot_unique"
            ),
            models.CheckConstraint(condition=Q(slot__gte=1), name="elective_choice_slot_from_1"),
        ]

    def __str__(self):
        return f"{self.educator}: {self.micro_credential} (elective {self.slot})"

    def clean(self):
        from django.core.exceptions import ValidationError

        mc = self.micro_credential
        programme = self.programme
        if mc.programme_id != programme.pk or not mc.is_elective:
            raise ValidationError({"micro_credential": f"{mc} is not an elective of {programme}."})
        if self.slot > programme.elective_count:
            raise ValidationError(
                {"slot": f"{programme} has {programme.elective_count} electives."}
            )


class SurveyQuestion(models.Model):
    """One question of the end-of-micro-credential survey; the LAC edits them in the admin."""

    class Kind(models.TextChoices):
        LIKERT = "likert", "Agreement scale (1 to 5)"
        TEXT = "text", "Free text"

    LIKERT_CHOICES = [
        (1, "Strongly disagree"),
        (2, "Disagree"),
        (3, "Neither agree nor disagree"),
        (4, "Agree"),
        (5, "Strongly agree"),
    ]

    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.LIKERT)
    micro_credential = models.ForeignKey(
        MicroCredential,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_questions",
        help_text="Empty: asked at the end of every micro-credential.",
    )
    required = models.BooleanField(default=True)
    active = models.BooleanField(default=True, help_text="Inactive questions are not asked.")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["likert", "text"]), name="survey_question_kind_valid"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_likert(self) -> bool:
        return self.kind == self.Kind.LIKERT


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own answers for educators; every answer for those who read survey results."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("enrollment.view_survey_results"):
            return self
        return self.filter(enrollment__educator__user=user)


class SurveyResponse(models.Model):
    """An educator's end-of-micro-credential survey: one per enrolment."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="survey_response"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [
            ("view_survey_results", "Can read survey results per micro-credential and quarter"),
        ]

    def __str__(self):
        return f"Survey for {self.enrollment}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    likert = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(likert__isnull=True) | Q(likert__gte=1, likert__lte=5),
                name="survey_answer_likert_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.likert if self.likert is not None else self.text[:40]}"
