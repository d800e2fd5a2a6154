"""Advanced teacher roles, the routes that attain them, applications and designations.

A role is state data: the same minimum everywhere (portability); a district may add
criteria of its own for its hires. An application keeps the route's rules as they were
on the day it was made (hold harmless); a designation, once awarded or imported, stays.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from catalogue.models import Stack
from districts.models import District
from enrollment.models import EducatorProfile
from enrollment.scopes import EducatorScopedQuerySet


def _sees_all(user) -> bool:
    return user.is_authenticated and user.has_perm("lattice.view_all_designations")


class AdvancedRole(models.Model):
    """An advanced teacher role the state defines (Mentor Teacher, Instructional Coach…)."""

    code = models.SlugField(max_length=40, unique=True, help_text="Short code, e.g. mentor.")
    name = models.CharField(max_length=120, unique=True)
    responsibilities = models.TextField()
    compensation_note = models.TextField(blank=True)
    active = models.BooleanField(default=True, help_text="Open to new applications.")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        permissions = [
            ("view_all_designations", "Can see every application and designation"),
            ("manage_lattice", "Can award designations and change the roles' rules"),
        ]

    def __str__(self):
        return self.name


class Route(models.Model):
    """One way to attain a role: a stack plus prerequisites, National Board certification
    alone, or (for designations held harmless from elsewhere) another avenue."""

    class Kind(models.TextChoices):
        STACK = "stack", "A stack of micro-credentials"
        NBCT_ONLY = "nbct_only", "National Board certification"
        OTHER = "other", "Another avenue (recorded designations only)"

    role = models.ForeignKey(AdvancedRole, on_delete=models.PROTECT, related_name="routes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    stack = models.ForeignKey(
        Stack,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_routes",
        help_text="For a stack route: the stack of micro-credentials it asks for.",
    )
    min_license_level = models.PositiveSmallIntegerField(
        "minimum license level", choices=EducatorProfile.Level.choices, default=1
    )
    min_years_at_level = models.PositiveSmallIntegerField(
        "minimum full school years at that level", default=0
    )
    nbct_required = models.BooleanField("National Board certification required", default=False)
    masters_required = models.BooleanField("master's degree required", default=False)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change of the rules."
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role__position", "role__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["stack", "nbct_only", "other"]), name="route_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_license_level__gte=1, min_license_level__lte=3),
                name="route_min_level_1_to_3",
            ),
            models.UniqueConstraint(
                fields=["role"], condition=Q(kind="other"), name="route_one_other_per_role"
            ),
            # A stack route names its stack; the other routes have none.
            models.CheckConstraint(
                condition=Q(kind="stack", stack__isnull=False)
                | (~Q(kind="stack") & Q(stack__isnull=True)),
                name="route_stack_only_for_stack_kind",
            ),
        ]

    def __str__(self):
        return f"{self.role.name}: {self.get_kind_display()}"


class DistrictCriterion(models.Model):
    """A criterion a district adds for its own hires into a role, shown to applicants."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(AdvancedRole, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district__name", "role__position", "pk"]
        verbose_name_plural = "district criteria"

    def __str__(self):
        return f"{self.district}: {self.text}"


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own applications; the hiring district's for its administrators; all for the state."""
        if not user.is_authenticated:
            return self.none()
        if _sees_all(user):
            return self
        return self.filter(Q(educator__user=user) | Q(district__administrators=user)).distinct()

    def open(self):
        return self.filter(status__in=Application.OPEN_STATUSES)


class Application(models.Model):
    """An educator's application for a role's designation, to a hiring district."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Interview pending"
        RECOMMENDED = "recommended", "Interview recorded: recommended"
        NOT_RECOMMENDED = "not_recommended", "Interview recorded: not recommended"
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Declined by the state"

    class Outcome(models.TextChoices):
        RECOMMENDED = "recommended", "Recommended"
        NOT_RECOMMENDED = "not_recommended", "Not recommended"

    OPEN_STATUSES = (Status.APPLIED, Status.RECOMMENDED)

    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="role_applications"
    )
    role = models.ForeignKey(AdvancedRole, on_delete=models.PROTECT, related_name="applications")
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="applications")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name="hiring district"
    )
    rules = models.JSONField(help_text="The route's rules on the day of applying.")
    standing = models.JSONField(
        default=dict, blank=True, help_text="What the educator met, as applied."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(auto_now_add=True)
    interview_on = models.DateField("interview date", null=True, blank=True)
    interview_outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    interviewer_name = models.CharField(max_length=160, blank=True, default="")
    interview_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, default="")

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["educator", "role"],
                condition=Q(status__in=["applied", "recommended"]),
                name="application_one_open_per_role",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["applied", "recommended", "not_recommended", "awarded", "declined"]
                ),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="applied")
                | Q(
                    interview_on__isnull=False,
                    interview_outcome__in=["recommended", "not_recommended"],
                ),
                name="application_interview_recorded_past_applied",
            ),
        ]

    def __str__(self):
        return f"{self.educator} for {self.role} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class DesignationQuerySet(EducatorScopedQuerySet):
    """Own designations; their educators' for district administrators; all for the state."""

    view_all_permission = "lattice.view_all_designations"


class Designation(models.Model):
    """A role's designation an educator holds. Never taken away by a change of the rules."""

    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="designations"
    )
    role = models.ForeignKey(AdvancedRole, on_delete=models.PROTECT, related_name="designations")
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="designations")
    route_kind = models.CharField(max_length=10, choices=Route.Kind.choices)
    awarded_on = models.DateField()
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="designation"
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The hiring district of the application; empty for recorded designations.",
    )
    credential = models.OneToOneField(
        "credentials.Credential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designation",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["role__position", "role__name", "awarded_on"]
        constraints = [
            models.UniqueConstraint(fields=["educator", "role"], name="designation_once_per_role"),
            models.CheckConstraint(
                condition=Q(route_kind__in=["stack", "nbct_only", "other"]),
                name="designation_route_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.role} designation of {self.educator}"

    @property
    def is_imported(self) -> bool:
        return self.application_id is None
