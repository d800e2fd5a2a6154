"""Reads that span plans, goals, stipends and proposals: lists, totals and the reports."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from growth.models import Goal, GrowthPlan, Stipend
from growth.years import school_year_label
from proposals.models import Proposal


def plans_for(*, user, school_year: int | None = None, status: str = ""):
    plans = GrowthPlan.objects.visible_to(user).select_related("educator__user")
    if school_year:
        plans = plans.filter(school_year=school_year)
    if status:
        plans = plans.filter(status=status)
    return plans.annotate(
        goal_count=Count("goals", distinct=True),
        settled_count=Count(
            "goals",
            filter=Q(goals__met_by_enrollment__isnull=False) | Q(goals__outcome__isnull=False),
            distinct=True,
        ),
    ).order_by("-school_year", "educator__user__last_name", "educator__user__first_name")


def educator_home(*, user) -> dict:
    """This school year's plan (if any) and the stipends not yet paid."""
    from django.utils import timezone

    from growth.years import SchoolYear

    year = SchoolYear.of(timezone.localdate())
    profile = getattr(user, "educator_profile", None)
    if profile is None:
        return {"year": year, "plan": None, "unpaid": 0}
    return {
        "year": year,
        "plan": GrowthPlan.objects.filter(educator=profile, school_year=year.start_year).first(),
        "unpaid": Stipend.objects.filter(educator=profile).exclude(status="paid").count(),
    }


def reviewer_home(*, user) -> dict:
    plans = GrowthPlan.objects.assessable_by(user)
    return {
        "educators": user.pgp_assignments.count(),
        "to_assess": plans.filter(status=GrowthPlan.Status.SUBMITTED).count(),
    }


def state_home() -> dict:
    return {
        "due": Stipend.objects.filter(status=Stipend.Status.DUE).count(),
        "approved": Stipend.objects.filter(status=Stipend.Status.APPROVED).count(),
        "open_proposals": Proposal.objects.filter(status__in=Proposal.OPEN).count(),
    }


def plan_years() -> list[int]:
    return list(
        GrowthPlan.objects.order_by("-school_year").values_list("school_year", flat=True).distinct()
    )


def stipend_years() -> list[int]:
    return list(
        Stipend.objects.order_by("-school_year").values_list("school_year", flat=True).distinct()
    )


def stipend_totals(stipends) -> dict:
    """Counts and amounts by district and by school year, and the grand total."""
    by_district = list(
        stipends.values("district_name")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("district_name")
    )
    by_year = [
        {**row, "label": school_year_label(row["school_year"])}
        for row in stipends.values("school_year")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("-school_year")
    ]
    total = stipends.aggregate(count=Count("pk"), amount=Sum("amount"))
    return {"by_district": by_district, "by_year": by_year, "total": total}


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    header: tuple[str, ...]
    rows: Callable[[], list[tuple]]


def _plans_by_status() -> list[tuple]:
    counts = {
        (row["school_year"], row["status"]): row["n"]
        for row in GrowthPlan.objects.values("school_year", "status").annotate(n=Count("pk"))
    }
    years = sorted({year for year, _ in counts}, reverse=True)
    statuses = [s for s, _ in GrowthPlan.Status.choices]
    return [
        (
            school_year_label(year),
            *(counts.get((year, s), 0) for s in statuses),
            sum(counts.get((year, s), 0) for s in statuses),
        )
        for year in years
    ]


def _goals_met() -> list[tuple]:
    rows = (
        Goal.objects.values(year=F("plan__school_year"))
        .annotate(
            total=Count("pk"),
            by_mc=Count("pk", filter=Q(met_by_enrollment__isnull=False)),
            by_other=Count("pk", filter=Q(outcome__meets_goal=True)),
            not_met=Count("pk", filter=Q(outcome__meets_goal=False)),
        )
        .order_by("-year")
    )
    return [
        (
            school_year_label(r["year"]),
            r["by_mc"],
            r["by_other"],
            r["not_met"],
            r["total"] - r["by_mc"] - r["by_other"] - r["not_met"],
            r["total"],
        )
        for r in rows
    ]


def _stipends() -> list[tuple]:
    rows = (
        Stipend.objects.values("school_year", "district_name")
        .annotate(
            due=Count("pk", filter=Q(status="due")),
            approved=Count("pk", filter=Q(status="approved")),
            paid=Count("pk", filter=Q(status="paid")),
            total=Sum("amount"),
            paid_total=Sum("amount", filter=Q(status="paid")),
        )
        .order_by("-school_year", "district_name")
    )
    return [
        (
            school_year_label(r["school_year"]),
            r["district_name"] or "(no district)",
            r["due"],
            r["approved"],
            r["paid"],
            r["total"],
            r["paid_total"] or 0,
        )
        for r in rows
    ]


def _proposals() -> list[tuple]:
    # A proposal's school year is that of the day it was submitted (July to June).
    rows = (
        Proposal.objects.annotate(y=ExtractYear("submitted_at"), m=ExtractMonth("submitted_at"))
        .values("y", "m", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int, str], int] = {}
    for r in rows:
        year = r["y"] if r["m"] >= 7 else r["y"] - 1
        counts[(year, r["status"])] = counts.get((year, r["status"]), 0) + r["n"]
    statuses = [s for s, _ in Proposal.Status.choices]
    years = sorted({year for year, _ in counts}, reverse=True)
    return [
        (
            school_year_label(year),
            *(counts.get((year, s), 0) for s in statuses),
            sum(counts.get((year, s), 0) for s in statuses),
        )
        for year in years
    ]


REPORTS = {
    r.slug: r
    for r in (
        Report(
            "plans",
            "Growth plans by status",
            "Plans of each school year by where they stand.",
            ("school_year", *[label for _, label in GrowthPlan.Status.choices], "total"),
            _plans_by_status,
        ),
        Report(
            "goals",
            "Goals met by micro-credential and by other activities",
            "A goal met by a micro-credential was met by its pass, without a reviewer's "
            "assessment; other goals are met by the PGP reviewer's assessment.",
            (
                "school_year",
                "met_by_micro_credential",
                "met_by_other_activities",
                "not_met",
                "open",
                "total",
            ),
            _goals_met,
        ),
        Report(
            "stipends",
            "Stipends by school year and district",
            "Stipends earned by curated micro-credentials that met a plan goal.",
            ("school_year", "district", "due", "approved", "paid", "amount", "paid_amount"),
            _stipends,
        ),
        Report(
            "proposals",
            "Outside micro-credential proposals by outcome",
            "Proposals by the school year they were submitted in.",
            ("school_year", *[label for _, label in Proposal.Status.choices], "total"),
            _proposals,
        ),
    )
}
