"""Checking a batch of intents before enrolling it: which cohorts are missing or full.

"Accept selected and enrol" once defaulted to a quarter with no cohorts and reported
"0 educators enrolled; 25 could not be enrolled" after the fact. ``intents_check`` works
out, in a handful of queries whatever the batch's size, the micro-credential each
educator would take next (the rule of ``services.next_micro_credential``) and whether
the chosen quarter has its cohort with a seat, so the coordinator sees the gaps, opens
the missing cohorts, and only then enrols.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import Cohort, ElectiveChoice, Enrollment, Intent


@dataclass
class Missing:
    micro_credential: MicroCredential
    educators: list[str] = field(default_factory=list)


@dataclass
class Full:
    cohort: Cohort
    left: int
    wanted: int


@dataclass
class BulkCheck:
    quarter: Quarter
    total: int = 0
    ready: int = 0
    missing: list[Missing] = field(default_factory=list)
    full: list[Full] = field(default_factory=list)
    blocked: list[tuple[str, str]] = field(default_factory=list)  # educator, reason

    @property
    def others(self) -> int:
        return self.total - self.ready

    @property
    def missing_ids(self) -> list[int]:
        return [m.micro_credential.pk for m in self.missing]

    @property
    def missing_educators(self) -> int:
        return sum(len(m.educators) for m in self.missing)

    @property
    def full_educators(self) -> int:
        return sum(f.wanted - f.left for f in self.full)


def _history(intents: QuerySet) -> tuple[dict, dict, dict]:
    """Per (educator, programme): passed micro-credential ids, the one being taken, electives."""
    educators = intents.values("educator_id")
    passed, running = defaultdict(set), {}
    rows = Enrollment.objects.filter(
        educator_id__in=educators,
        status__in=[Enrollment.Status.PASSED, Enrollment.Status.ENROLLED],
    ).values_list(
        "educator_id",
        "cohort__micro_credential__programme_id",
        "cohort__micro_credential_id",
        "cohort__micro_credential__name",
        "cohort__quarter",
        "status",
    )
    for educator, programme, mc, name, quarter, status in rows:
        if status == Enrollment.Status.PASSED:
            passed[(educator, programme)].add(mc)
        else:
            running[(educator, programme)] = f"{name} {quarter}"
    electives = defaultdict(list)
    choices = ElectiveChoice.objects.filter(educator_id__in=educators).order_by("slot")
    for educator, programme, mc in choices.values_list(
        "educator_id", "programme_id", "micro_credential_id"
    ):
        electives[(educator, programme)].append(mc)
    return passed, running, electives


def _next_for(key, required: list[int], passed, running, electives) -> tuple[int | None, str]:
    """The micro-credential id this educator takes next in the programme, or the reason none."""
    if key in running:
        return None, f"Still taking {running[key]}."
    done = passed.get(key, set())
    for mc in (*required, *electives.get(key, ())):
        if mc not in done:
            return mc, ""
    return None, "Has passed every required micro-credential and has no elective chosen."


def intents_check(*, intents: QuerySet, quarter: Quarter) -> BulkCheck:
    """What enrolling these open intents into ``quarter`` would do, without doing it."""
    intents = intents.filter(status__in=Intent.OPEN_STATUSES).select_related(
        "educator__user", "programme"
    )
    passed, running, electives = _history(intents)
    required = defaultdict(list)
    for mc in MicroCredential.objects.filter(kind=MicroCredential.Kind.REQUIRED).order_by(
        "position"
    ):
        required[mc.programme_id].append(mc.pk)
    counted = ~Q(enrollments__status=Enrollment.Status.WITHDRAWN)
    cohorts = {
        cohort.micro_credential_id: cohort
        for cohort in Cohort.objects.filter(quarter=quarter)
        .select_related("micro_credential")
        .annotate(taken=Count("enrollments", filter=counted))
    }
    names = {mc.pk: mc for mc in MicroCredential.objects.all()}
    check = BulkCheck(quarter=quarter)
    missing: dict[int, Missing] = {}
    wanted: Counter = Counter()
    for intent in intents:
        check.total += 1
        key = (intent.educator_id, intent.programme_id)
        mc, reason = _next_for(key, required[intent.programme_id], passed, running, electives)
        if mc is None:
            check.blocked.append((str(intent.educator), reason))
        elif mc not in cohorts:
            missing.setdefault(mc, Missing(names[mc])).educators.append(str(intent.educator))
        else:
            wanted[mc] += 1
    check.missing = sorted(missing.values(), key=lambda m: m.micro_credential.position)
    for mc, n in wanted.items():
        cohort = cohorts[mc]
        left = n if cohort.capacity is None else max(cohort.capacity - cohort.taken, 0)
        check.ready += min(n, left)
        if n > left:
            check.full.append(Full(cohort, left, n))
    return check
