"""The catalogue: programmes, their micro-credentials and the Elevate NM framework.

All of it is data the Licensure Advancement Coordinator edits in the admin; the
initial catalogue comes from a data migration.
"""

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from apl.quarters import Quarter


class Programme(models.Model):
    """A licensure-advancement pathway between two license levels (APL I-II, APL II-III)."""

    name = models.CharField(
        max_length=40, unique=True, help_text="As PED writes it, e.g. APL I-II."
    )
    slug = models.SlugField(unique=True)
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    requires_masters = models.BooleanField(
        default=False, help_text="Advancing by this pathway also needs a master's degree."
    )
    elective_count = models.PositiveSmallIntegerField(
        default=0, help_text="How many of those are electives the educator chooses."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "program"
        constraints = [
            models.CheckConstraint(
                condition=Q(to_level=models.F("from_level") + 1), name="programme_one_level_up"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def report_title(self) -> str:
        return f"{self.name} Micro-Credentials"

    @cached_property
    def required_count(self) -> int:
        """How many micro-credentials complete the program, read from its stack (the one
        place it is written): the stack's target. One query; a program without a stack
        is a data error (``Stack.DoesNotExist``)."""
        from catalogue.selectors import stack_definitions

        found = stack_definitions(Stack.objects.filter(programme_id=self.pk))
        if not found:
            raise Stack.DoesNotExist(f"{self.name} has no stack: add it in the admin.")
        return next(iter(found.values())).target


class EvaluationDomain(models.Model):
    """A component of the Elevate NM teacher-evaluation framework (e.g. 2A)."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class MicroCredentialQuerySet(models.QuerySet):
    def offered_on(self, day: dt.date):
        """Offered by ``day`` and not retired before it."""
        return self.filter(Q(offered_from__isnull=True) | Q(offered_from__lte=day)).filter(
            Q(retired_on__isnull=True) | Q(retired_on__gt=day)
        )

    def apl(self):
        """The APL programmes' own micro-credentials (not outside ones the state accepted)."""
        return self.filter(programme__isnull=False)

    def by_code_or_name(self, value: str):
        value = (value or "").strip()
        return self.filter(Q(code__iexact=value) | Q(name=value))


class MicroCredential(models.Model):
    class Kind(models.TextChoices):
        REQUIRED = "required", "Required"
        ELECTIVE = "elective", "Elective"

    programme = models.ForeignKey(
        Programme,
        verbose_name="program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="micro_credentials",
        help_text="Empty for an outside micro-credential the state accepted into the catalog.",
    )
    code = models.CharField(max_length=8, unique=True, help_text="Catalog code, e.g. CE.")
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(help_text="Catalog order within the program.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REQUIRED)
    offered_from = models.DateField(
        null=True, blank=True, help_text="First day it may be taken; empty means from the start."
    )
    retired_on = models.DateField(null=True, blank=True)
    fee = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("60.00"))
    resubmission_window_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text="Days after a grade is posted in which the educator may resubmit (3 to 5).",
    )
    domains = models.ManyToManyField(EvaluationDomain, blank=True, related_name="micro_credentials")

    objects = MicroCredentialQuerySet.as_manager()

    class Meta:
        ordering = ["programme__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="mc_position_unique"),
            models.CheckConstraint(
                condition=Q(resubmission_window_days__gte=3, resubmission_window_days__lte=5),
                name="mc_resubmission_window_3_to_5",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="mc_fee_not_negative"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_elective(self) -> bool:
        return self.kind == self.Kind.ELECTIVE

    @property
    def report_label(self) -> str:
        return f"{self.name} (Elective)" if self.is_elective else self.name

    def offered_in(self, quarter: Quarter) -> bool:
        """Whether a cohort in ``quarter`` is possible: offered before the quarter ends."""
        if self.offered_from and self.offered_from > quarter.last_day:
            return False
        return not (self.retired_on and self.retired_on <= quarter.first_day)


class StackQuerySet(models.QuerySet):
    def with_rule(self):
        """Members and slots loaded, so that ``definition`` runs no query."""
        return self.prefetch_related("members", "slots__options")


class Stack(models.Model):
    """A named set of micro-credentials with a rule: all of them, or n of them.

    Its requirements are its members and its choice slots (each "one of these"); the rule
    is applied by ``catalogue.stacks.stack_progress``. The APL programmes are stacks; so
    are the stacks that lead to advanced teacher roles.
    """

    class Rule(models.TextChoices):
        ALL = "all", "All of them"
        N_OF = "n_of", "n of them"

    code = models.CharField(
        max_length=20, unique=True, help_text="Short code, e.g. APL-I-II or MENTOR."
    )
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    rule = models.CharField(max_length=8, choices=Rule.choices, default=Rule.ALL)
    n = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For “n of them”: how many requirements (members and slots) complete it.",
    )
    members = models.ManyToManyField(
        MicroCredential,
        blank=True,
        related_name="stacks",
        help_text="Each member is one requirement.",
    )
    programme = models.OneToOneField(
        Programme,
        verbose_name="program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stack",
        help_text="Set for a program's own stack: completing it completes the program.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = StackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(rule="all") & Q(n__isnull=True))
                | (Q(rule="n_of") & Q(n__isnull=False, n__gte=1)),
                name="stack_rule_and_n_agree",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def definition(self):
        """The stack as plain values for ``catalogue.stacks`` (reads members and slots)."""
        from catalogue.stacks import Slot, StackDefinition

        members = list(self.members.all())  # catalogue order (MicroCredential's ordering)
        slots = sorted(self.slots.all(), key=lambda s: (s.position, s.pk))
        names = {mc.code: mc.name for mc in members}
        slot_values = []
        for slot in slots:
            options = list(slot.options.all())
            names.update({mc.code: mc.name for mc in options})
            slot_values.append(Slot(slot.label, tuple(mc.code for mc in options)))
        return StackDefinition(
            code=self.code,
            name=self.name,
            rule=self.rule,
            n=self.n if self.rule == self.Rule.N_OF else None,
            members=tuple(mc.code for mc in members),
            slots=tuple(slot_values),
            names=names,
        )

    @property
    def rule_text(self) -> str:
        """The rule in words, e.g. "All 5" or "3 of 4"."""
        total = len(self.members.all()) + len(self.slots.all())
        if self.rule == self.Rule.N_OF:
            return f"Any {self.n} of {total}"
        return f"All {total}"


class StackSlot(models.Model):
    """A choice slot of a stack: one requirement met by any one of its options."""

    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="slots")
    label = models.CharField(max_length=120, help_text="e.g. Elective 1 or Choice.")
    position = models.PositiveSmallIntegerField(default=1)
    options = models.ManyToManyField(MicroCredential, related_name="stack_slots")

    class Meta:
        ordering = ["stack", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["stack", "position"], name="stack_slot_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.stack.code}: {self.label}"
