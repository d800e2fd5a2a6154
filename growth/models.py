"""Professional growth plans (one per educator per school year), their goals, the
state's template and sample rubric (editable data), PGP reviewer assignments and the
stipends a curated micro-credential earns."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalogue.models import MicroCredential
from enrollment.models import EducatorProfile, Enrollment
from growth.years import SchoolYear

VIEW_ALL = "growth.view_all_plans"


class PlanTemplate(models.Model):
    """The state's sample plan template: the prompts every new plan starts from."""

    name = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True, help_text="New plans start from the active one.")
    introduction = models.TextField(blank=True)
    context_prompt = models.TextField(help_text="What data the educator draws on.")
    goal_prompt = models.TextField()
    consultation_prompt = models.TextField()
    activities_prompt = models.TextField()
    evidence_prompt = models.TextField()

    class Meta:
        ordering = ["-active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="plan_template_one_active"
            ),
        ]

    def __str__(self):
        return self.name


class RubricLevel(models.Model):
    """One level of the state's sample rubric for assessing a goal's outcome."""

    name = models.CharField(max_length=60, unique=True)
    description = models.TextField()
    meets_goal = models.BooleanField(help_text="An outcome at this level counts as goal met.")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ReviewerAssignment(models.Model):
    """A PGP reviewer (a school leader or coach) assigned to an educator's plans."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pgp_assignments"
    )
    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.CASCADE, related_name="pgp_reviewers"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["educator_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "educator"], name="pgp_assignment_once"),
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.educator}"


class GrowthPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own plans; the plans of educators assigned to a PGP reviewer; all for the state."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(VIEW_ALL):
            return self
        return self.filter(
            Q(educator__user=user) | Q(educator__pgp_reviewers__reviewer=user)
        ).distinct()

    def editable_by(self, user):
        """Only the educator writes their own plan."""
        return self.visible_to(user).filter(educator__user=user)

    def assessable_by(self, user):
        """A PGP reviewer assesses the plans of the educators assigned to them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(educator__pgp_reviewers__reviewer=user).distinct()


class GrowthPlan(models.Model):
    """An educator's professional growth plan for one school year (July to June)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        COMPLETED = "completed", "Completed"

    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="growth_plans"
    )
    school_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the school year starts in (2024 = 2024-25)."
    )
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="plans")
    context = models.TextField(
        "data and context", blank=True, max_length=4000, help_text="Classroom, school, district."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = GrowthPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-school_year", "educator_id"]
        permissions = [
            ("view_all_plans", "Can see every growth plan, stipend and report"),
            ("manage_growth", "Can assign PGP reviewers and run stipends"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["educator", "school_year"], name="growth_plan_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "completed"]),
                name="growth_plan_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(school_year__gte=2000, school_year__lte=2200),
                name="growth_plan_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.educator}: growth plan {self.year}"

    @property
    def year(self) -> SchoolYear:
        return SchoolYear(self.school_year)


class Goal(models.Model):
    """One growth goal; met by a curated micro-credential's pass or by a reviewer's assessment."""

    class Route(models.TextChoices):
        MICRO_CREDENTIAL = "micro_credential", "A micro-credential from the state's catalog"
        OUTSIDE = "outside", "A micro-credential from outside the catalog"
        OTHER = "other", "Other professional learning"

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="goals")
    statement = models.TextField(max_length=2000)
    route = models.CharField(max_length=16, choices=Route.choices, default=Route.OTHER)
    micro_credential = models.ForeignKey(
        MicroCredential,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="growth_goals",
    )
    outside_name = models.CharField(
        "outside micro-credential", max_length=200, blank=True, help_text="Its name and provider."
    )
    # Met by a curated micro-credential's pass: no reviewer assessment.
    met_by_enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.PROTECT, related_name="growth_goals"
    )
    met_on = models.DateField(null=True, blank=True)
    # Otherwise assessed by the PGP reviewer against the sample rubric.
    outcome = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="goals"
    )
    assessment = models.TextField(blank=True, max_length=4000)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(route__in=["micro_credential", "outside", "other"]),
                name="goal_route_valid",
            ),
            models.CheckConstraint(
                condition=~Q(route="micro_credential") | Q(micro_credential__isnull=False),
                name="goal_mc_route_names_mc",
            ),
            models.CheckConstraint(
                condition=Q(route="micro_credential") | Q(micro_credential__isnull=True),
                name="goal_only_mc_route_links_mc",
            ),
            models.CheckConstraint(
                condition=Q(met_by_enrollment__isnull=True) | Q(outcome__isnull=True),
                name="goal_met_one_way",
            ),
            models.CheckConstraint(
                condition=Q(met_by_enrollment__isnull=True) | Q(met_on__isnull=False),
                name="goal_met_by_pass_has_date",
            ),
        ]

    def __str__(self):
        return self.statement[:60]

    @property
    def met_by_micro_credential(self) -> bool:
        return self.met_by_enrollment_id is not None

    @property
    def is_settled(self) -> bool:
        """Met by a pass, or assessed by the reviewer."""
        return self.met_by_micro_credential or self.outcome_id is not None

    @property
    def is_met(self) -> bool:
        return self.met_by_micro_credential or bool(self.outcome and self.outcome.meets_goal)


class Consultation(models.Model):
    """Someone the plan was written with: a peer, a coach or a supervisor."""

    class Role(models.TextChoices):
        PEER = "peer", "Peer"
        COACH = "coach", "Coach"
        SUPERVISOR = "supervisor", "Supervisor"
        TEACHER_LEADER = "teacher_leader", "Teacher leader"

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="consultations")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=16, choices=Role.choices)
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["plan_id", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Activity(models.Model):
    """A planned activity toward a goal."""

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    description = models.TextField(max_length=2000)
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "target_date", "pk"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.description[:60]


class Evidence(models.Model):
    """Evidence that the plan was carried out: a description and an optional link."""

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="evidence")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    description = models.TextField(max_length=2000)
    link = models.URLField(blank=True, max_length=500)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.description[:60]


class StipendQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(VIEW_ALL):
            return self
        return self.filter(educator__user=user)


class Stipend(models.Model):
    """The small stipend a curated micro-credential earns when it meets a plan goal.

    Once per micro-credential per educator, held by a unique constraint. Recorded only:
    the payment office pays; its return file marks stipends paid.
    """

    class Status(models.TextChoices):
        DUE = "due", "Due"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"

    educator = models.ForeignKey(EducatorProfile, on_delete=models.PROTECT, related_name="stipends")
    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="stipends"
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="stipends")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="stipends")
    school_year = models.PositiveSmallIntegerField()
    district_name = models.CharField(
        max_length=120, blank=True, help_text="The educator's district when it was earned."
    )
    amount = models.DecimalField(max_digits=7, decimal_places=2)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DUE)
    earned_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=60, blank=True)

    objects = StipendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["educator", "micro_credential"], name="stipend_once_per_mc"
            ),
            models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="stipend_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["due", "approved", "paid"]), name="stipend_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="stipend_paid_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.educator} {self.micro_credential.code} ${self.amount}"

    @property
    def reference(self) -> str:
        """The key the payment office's return file quotes back."""
        return f"PGP-{self.pk:06d}"

    @property
    def year(self) -> SchoolYear:
        return SchoolYear(self.school_year)
