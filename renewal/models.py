"""Licenses with renewal cycles, the state's renewal list, and districts' option-2 plans."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from catalogue.models import MicroCredential
from districts.models import District
from enrollment.models import EducatorProfile
from enrollment.scopes import EducatorScopedQuerySet


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def cycle_end(start: dt.date) -> dt.date:
    """A cycle ends the day before the anniversary of its start, RENEWAL_CYCLE_YEARS on."""
    return add_years(start, settings.RENEWAL_CYCLE_YEARS) - dt.timedelta(days=1)


def _sees_all(user) -> bool:
    return user.is_authenticated and user.has_perm("renewal.view_all_renewals")


class LicenseQuerySet(EducatorScopedQuerySet):
    """Own license; the district's educators for its administrators; all for state staff."""

    view_all_permission = "renewal.view_all_renewals"


class License(models.Model):
    """The license an educator holds now, with the start of its current renewal cycle."""

    educator = models.OneToOneField(
        EducatorProfile, on_delete=models.PROTECT, related_name="license"
    )
    number = models.CharField("license number", max_length=40, unique=True)
    level = models.PositiveSmallIntegerField(choices=EducatorProfile.Level.choices)
    cycle_start = models.DateField(help_text="First day of the current renewal cycle.")
    level_since = models.DateField(
        help_text="First day the educator held a license at this level (from the records)."
    )

    history = HistoricalRecords()
    objects = LicenseQuerySet.as_manager()

    class Meta:
        ordering = ["educator__user__last_name", "educator__user__email"]
        permissions = [
            ("view_all_renewals", "Can see every educator's license and renewal status"),
            ("manage_renewal", "Can edit the renewal list and decide district plans"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="license_level_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(level_since__lte=models.F("cycle_start")),
                name="license_level_since_not_after_cycle_start",
            ),
        ]

    def __str__(self):
        return f"{self.number} (Level {self.level})"

    @property
    def cycle_end(self) -> dt.date:
        return cycle_end(self.cycle_start)

    def years_at_level(self, today: dt.date) -> int:
        """Full school years (1 July to 30 June) at this level completed by ``today``."""
        since = self.level_since
        # The first full school year starts on 1 July on or after ``since``.
        first_year = (
            since.year
            if since.month < 7 or (since.month, since.day) == (7, 1)
            else (since.year + 1)
        )
        # The school year starting 1 July Y ends 30 June Y+1: complete once that day is here.
        last_complete = today.year - 1 if (today.month, today.day) >= (6, 30) else today.year - 2
        return max(0, last_complete - first_year + 1)


class PastLicense(models.Model):
    """A license the educator held before the current one (replaced by a new number)."""

    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="past_licenses"
    )
    number = models.CharField("license number", max_length=40)
    level = models.PositiveSmallIntegerField(choices=EducatorProfile.Level.choices)
    cycle_start = models.DateField()
    level_since = models.DateField()
    replaced_on = models.DateField()

    class Meta:
        ordering = ["-replaced_on", "-id"]

    def __str__(self):
        return f"{self.number} (Level {self.level}), replaced {self.replaced_on}"


class RenewalListingQuerySet(models.QuerySet):
    def listed_on(self, day: dt.date):
        return self.filter(Q(listed_from__isnull=True) | Q(listed_from__lte=day)).filter(
            Q(retired_on__isnull=True) | Q(retired_on__gt=day)
        )


class RenewalListing(models.Model):
    """A span of days a micro-credential is on the state's renewal list.

    ``listed_from`` empty means since the micro-credential was first offered (the
    catalogue's "from the start"); ``retired_on`` is the first day it is off the list.
    """

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="renewal_listings"
    )
    listed_from = models.DateField(
        null=True, blank=True, help_text="Empty: since the micro-credential was first offered."
    )
    retired_on = models.DateField(
        null=True, blank=True, help_text="First day it is no longer on the list."
    )

    history = HistoricalRecords()
    objects = RenewalListingQuerySet.as_manager()

    class Meta:
        ordering = ["micro_credential__programme__position", "micro_credential__position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(listed_from__isnull=True)
                | Q(retired_on__isnull=True)
                | Q(retired_on__gt=models.F("listed_from")),
                name="renewal_listing_retired_after_listed",
            ),
        ]

    def __str__(self):
        return f"{self.micro_credential.name} on the renewal list"

    def covers(self, day: dt.date) -> bool:
        return (self.listed_from is None or self.listed_from <= day) and (
            self.retired_on is None or day < self.retired_on
        )


class RenewalPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if _sees_all(user):
            return self
        return self.filter(district__administrators=user)

    def editable_by(self, user):
        """Plans the user's district may still change: drafts and returned plans."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(district__administrators=user, status__in=RenewalPlan.EDITABLE_STATUSES)

    def open(self):
        return self.filter(status__in=RenewalPlan.OPEN_STATUSES)


class RenewalPlan(models.Model):
    """A district's option-2 plan: micro-credentials instead of the traditional requirements."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Awaiting the state's decision"
        RETURNED = "returned", "Returned with comments"
        APPROVED = "approved", "Approved"

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    OPEN_STATUSES = (Status.DRAFT, Status.PROPOSED, Status.RETURNED)

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="renewal_plans")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    protected_time = models.TextField(
        "protected time and support for teachers",
        help_text="Protected hours for professional learning, coaching, peer collaboration.",
    )
    choice_set = models.ManyToManyField(
        MicroCredential,
        related_name="renewal_plans",
        help_text="Micro-credentials from the state's renewal list that teachers choose from.",
    )
    resources_requested = models.TextField(
        "resources asked of the state", blank=True, help_text="Funding, staffing, coaching."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField("the state's comments", blank=True)
    option_from = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[choice_set])
    objects = RenewalPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(status__in=["draft", "proposed", "returned"]),
                name="renewal_plan_one_open_per_district",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(option_from__isnull=False),
                name="renewal_plan_approved_has_option_from",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "proposed", "returned", "approved"]),
                name="renewal_plan_status_valid",
            ),
        ]

    def __str__(self):
        return f"Option-2 plan of {self.district} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES
