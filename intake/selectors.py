"""Reads for the intake pages: each list is one query per kind of row, whatever its length."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from apl.quarters import Quarter
from catalogue.models import Programme
from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent
from intake.services import MAX_FACILITATORS_PER_LEAD, scorer_role_for

# sort key in the URL → ORDER BY; "-key" reverses.
INTENT_SORTS = {
    "submitted": ("submitted_on",),
    "name": ("educator__user__last_name", "educator__user__first_name"),
    "district": ("educator__district_as_written",),
    "programme": ("programme__position",),
    "level": ("educator__license_level",),
    "status": ("status",),
}
COHORT_SORTS = {
    "quarter": ("quarter", "micro_credential__programme__position", "micro_credential__position"),
    "micro_credential": ("micro_credential__name",),
    "seats": ("seats",),
    "facilitators": ("facilitator_count",),
    "unassigned": ("unassigned",),
}
ENROLLMENT_SORTS = {
    "name": ("educator__user__last_name", "educator__user__first_name"),
    "district": ("educator__district_as_written",),
    "quarter": ("cohort__quarter",),
    "micro_credential": ("cohort__micro_credential__name",),
    "payment": ("payment_state",),
    "facilitator": ("facilitator__last_name", "facilitator__first_name"),
    "status": ("status",),
}


def today_quarter() -> Quarter:
    return Quarter.containing(timezone.localdate())


def quarter_choices(*, before: int = 1, after: int = 4) -> list[Quarter]:
    """Quarters a coordinator plans for: the last one, this one and the next few."""
    current = today_quarter()
    return [current + offset for offset in range(-before, after + 1)]


def districts() -> list[str]:
    return list(
        EducatorProfile.objects.exclude(district_as_written="")
        .order_by("district_as_written")
        .values_list("district_as_written", flat=True)
        .distinct()
    )


def _name_search(q: str, prefix: str) -> Q:
    condition = Q()
    for word in q.split():
        condition &= (
            Q(**{f"{prefix}user__first_name__icontains": word})
            | Q(**{f"{prefix}user__last_name__icontains": word})
            | Q(**{f"{prefix}user__email__icontains": word})
            | Q(**{f"{prefix}license_number__icontains": word})
        )
    return condition


def intent_queue(
    *,
    user,
    status: str = "",
    programme: Programme | None = None,
    district: str = "",
    level: int | None = None,
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
    q: str = "",
    history: bool = True,
) -> QuerySet:
    """Intents, with each educator's other intents and enrolments prefetched (``history``)."""
    queryset = Intent.objects.visible_to(user).select_related(
        "educator__user", "educator__district", "programme", "decided_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    if programme is not None:
        queryset = queryset.filter(programme=programme)
    if district:
        queryset = queryset.filter(educator__district_as_written=district)
    if level:
        queryset = queryset.filter(educator__license_level=level)
    if submitted_from:
        queryset = queryset.filter(submitted_on__gte=submitted_from)
    if submitted_to:
        queryset = queryset.filter(submitted_on__lte=submitted_to)
    if q:
        queryset = queryset.filter(_name_search(q, "educator__"))
    if not history:
        return queryset
    return queryset.prefetch_related(*educator_history_prefetches("educator__"))


def educator_history_prefetches(prefix: str = "") -> list[Prefetch]:
    return [
        Prefetch(
            f"{prefix}intents",
            queryset=Intent.objects.select_related("programme").order_by("submitted_on", "pk"),
        ),
        Prefetch(
            f"{prefix}enrollments",
            queryset=Enrollment.objects.select_related("cohort__micro_credential").order_by(
                "cohort__quarter", "pk"
            ),
        ),
    ]


def history_lines_by_educator(educator_ids) -> dict[int, list[str]]:
    """Each educator's intents and enrolments as one line each, for the queue's History
    column: two queries of plain values for a whole page (no model objects, no per-row
    template include)."""
    ids = set(educator_ids)
    lines: dict[int, list[str]] = {pk: [] for pk in ids}
    intent_status = dict(Intent.Status.choices)
    for educator_id, programme, status, submitted_on in (
        Intent.objects.filter(educator_id__in=ids)
        .order_by("submitted_on", "pk")
        .values_list("educator_id", "programme__name", "status", "submitted_on")
    ):
        lines[educator_id].append(
            f"Intent {programme}: {intent_status.get(status, status)} ({submitted_on:%Y-%m-%d})"
        )
    enrolled = set()
    enrollment_status = dict(Enrollment.Status.choices)
    for educator_id, code, quarter, status, score in (
        Enrollment.objects.filter(educator_id__in=ids)
        .order_by("cohort__quarter", "pk")
        .values_list(
            "educator_id", "cohort__micro_credential__code", "cohort__quarter", "status", "score"
        )
    ):
        enrolled.add(educator_id)
        score = "" if score is None else f" ({floatformat(score, 0)}%)"
        lines[educator_id].append(
            f"{code} {quarter}: {enrollment_status.get(status, status)}{score}"
        )
    for pk in ids - enrolled:
        lines[pk].append("No enrollments yet")
    return lines


def cohort_filter(
    *, user, quarter: Quarter | None = None, programme: Programme | None = None, q: str = ""
) -> QuerySet:
    """The cohorts the list's filters match (no counts: what the page count reads)."""
    queryset = Cohort.objects.visible_to(user)
    if quarter is not None:
        queryset = queryset.filter(quarter=quarter)
    if programme is not None:
        queryset = queryset.filter(micro_credential__programme=programme)
    if q:
        queryset = queryset.filter(
            Q(micro_credential__name__icontains=q) | Q(micro_credential__code__iexact=q)
        )
    return queryset


def cohort_list(**filters) -> QuerySet:
    """The matching cohorts with their seats, unassigned educators and team size."""
    counted = ~Q(enrollments__status=Enrollment.Status.WITHDRAWN)
    return (
        cohort_filter(**filters)
        .select_related("micro_credential__programme", "lead_facilitator")
        .annotate(
            seats=Count("enrollments", filter=counted, distinct=True),
            unassigned=Count(
                "enrollments",
                filter=counted & Q(enrollments__facilitator__isnull=True),
                distinct=True,
            ),
            facilitator_count=Count("facilitators", distinct=True),
        )
    )


def cohort_team(cohort: Cohort) -> dict:
    """Who may be on the team, the caseload of each member, and the lead's span."""
    role = scorer_role_for(cohort.micro_credential.programme)
    loads = list(
        cohort.facilitators.annotate(
            educators=Count(
                "caseload",
                filter=Q(caseload__cohort=cohort)
                & ~Q(caseload__status=Enrollment.Status.WITHDRAWN),
            )
        ).order_by("last_name", "first_name", "pk")
    )
    lead = cohort.lead_facilitator
    overseen = None
    if lead is not None:
        overseen = (
            User.objects.filter(
                facilitated_cohorts__lead_facilitator=lead,
                facilitated_cohorts__quarter=cohort.quarter,
            )
            .distinct()
            .count()
        )
    return {
        "role": role,
        "loads": loads,
        "unassigned": cohort.enrollments.counted().filter(facilitator__isnull=True).count(),
        "lead_overseen": overseen,
        "lead_max": MAX_FACILITATORS_PER_LEAD,
    }


def people_with_role(role: Role) -> QuerySet:
    return User.objects.filter(groups__name=role.value, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def with_caseload(users: QuerySet) -> QuerySet:
    """Each user's current caseload: educators assigned to them and still taking it."""
    return users.annotate(
        current_caseload=Count("caseload", filter=Q(caseload__status=Enrollment.Status.ENROLLED))
    )


def cohort_enrollments(*, cohort: Cohort, q: str = "") -> QuerySet:
    queryset = cohort.enrollments.select_related("educator__user", "facilitator")
    if q:
        queryset = queryset.filter(_name_search(q, "educator__"))
    return queryset


def payment_rows(
    *,
    user,
    payment_state: str = "",
    quarter: Quarter | None = None,
    programme: Programme | None = None,
    district: str = "",
    q: str = "",
) -> QuerySet:
    queryset = Enrollment.objects.visible_to(user).select_related(
        "educator__user", "cohort__micro_credential__programme"
    )
    if payment_state:
        queryset = queryset.filter(payment_state=payment_state)
    return _scope_payments(queryset, quarter=quarter, programme=programme, district=district, q=q)


def _scope_payments(queryset, *, quarter, programme, district, q):
    if quarter is not None:
        queryset = queryset.filter(cohort__quarter=quarter)
    if programme is not None:
        queryset = queryset.filter(cohort__micro_credential__programme=programme)
    if district:
        queryset = queryset.filter(educator__district_as_written=district)
    if q:
        queryset = queryset.filter(_name_search(q, "educator__"))
    return queryset


def unpaid_by_district(
    *, user, quarter: Quarter | None = None, programme: Programme | None = None
) -> list[dict]:
    """Unpaid fees per district, one aggregate query (withdrawn enrolments owe nothing)."""
    queryset = (
        Enrollment.objects.visible_to(user)
        .counted()
        .filter(payment_state=Enrollment.Payment.UNPAID)
    )
    queryset = _scope_payments(queryset, quarter=quarter, programme=programme, district="", q="")
    return list(
        queryset.values("educator__district_as_written")
        .annotate(enrollments=Count("pk"), amount=Sum("cohort__micro_credential__fee"))
        .order_by("educator__district_as_written")
    )


def home_summary() -> dict:
    quarter = today_quarter()
    return {
        "pending_intents": Intent.objects.filter(status=Intent.Status.PENDING).count(),
        "quarter": quarter,
        "next_quarter": quarter.next(),
        "unpaid": Enrollment.objects.counted()
        .filter(payment_state=Enrollment.Payment.UNPAID)
        .count(),
    }
