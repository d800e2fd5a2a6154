"""Districts (local education agencies): who they are and their license-renewal option."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class DistrictQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every district for state staff who read districts; their own for its administrators."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("districts.view_district"):
            return self
        return self.filter(administrators=user)

    def editable_by(self, user):
        """Districts the user administers (proposes a renewal plan for)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(administrators=user)

    def matching(self, value: str):
        """Districts whose code or exact name is ``value`` (code case-insensitive)."""
        value = (value or "").strip()
        if not value:
            return self.none()
        return self.filter(Q(code__iexact=value) | Q(name=value))


class District(models.Model):
    """A local education agency (LEA).

    Option 1 keeps the traditional renewal requirements; option 2 replaces them with
    micro-credentials under a plan the state approved, from ``option_from``.
    """

    class RenewalOption(models.IntegerChoices):
        TRADITIONAL = 1, "Option 1: traditional renewal requirements"
        MICRO_CREDENTIALS = 2, "Option 2: micro-credentials under an approved plan"

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=160, unique=True)
    high_need = models.BooleanField("high-need", default=False)
    renewal_option = models.PositiveSmallIntegerField(
        choices=RenewalOption.choices, default=RenewalOption.TRADITIONAL
    )
    option_from = models.DateField(
        null=True, blank=True, help_text="The day the state approved the option-2 plan."
    )
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="administered_districts"
    )

    history = HistoricalRecords()
    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal_option__in=[1, 2]), name="district_renewal_option_1_or_2"
            ),
            # Option 2 exists only from an approval date; option 1 has none.
            models.CheckConstraint(
                condition=Q(renewal_option=1, option_from__isnull=True)
                | Q(renewal_option=2, option_from__isnull=False),
                name="district_option_2_needs_option_from",
            ),
        ]

    def __str__(self):
        return self.name

    def option_on(self, day: dt.date) -> int:
        """The renewal option in force on ``day``."""
        if self.renewal_option == 2 and self.option_from is not None and self.option_from <= day:
            return 2
        return 1
