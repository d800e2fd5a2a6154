"""The state's view of the lattice: designations by role, district and high-need, and the
pipeline (eligible, interview pending, interview recorded, awarded) - computed from the
records, in a fixed number of queries.

Where a district is counted: an application in its hiring district; a designation in
its hiring district, else (recorded from elsewhere) in the educator's district; an
eligible educator in their own district.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from districts.models import District
from enrollment.models import EducatorProfile
from enrollment.selectors import earned_micro_credentials_by_educator
from lattice.models import AdvancedRole, Application, Designation
from lattice.rules import Facts
from lattice.selectors import open_routes, route_standing

STAGES = (
    ("eligible", "Eligible, not applied"),
    ("interview_pending", "Applied: interview pending"),
    ("interview_recorded", "Interview recorded: awaiting the state"),
    ("not_recommended", "Not recommended"),
    ("declined", "Declined"),
    ("awarded", "Awarded here"),
    ("imported", "Recorded from another avenue"),
)
STAGE_OF_STATUS = {
    Application.Status.APPLIED: "interview_pending",
    Application.Status.RECOMMENDED: "interview_recorded",
    Application.Status.NOT_RECOMMENDED: "not_recommended",
    Application.Status.DECLINED: "declined",
}
CSV_COLUMNS = ["role", "district", "high_need"] + [key for key, _ in STAGES] + ["designations"]


def _scope_filter(districts):
    """None for the whole state, else the ids of the districts one may see."""
    return None if districts is None else {d.pk for d in districts}


def _eligible(counts, roles, scope, today: dt.date) -> None:
    profiles = EducatorProfile.objects.filter(license__isnull=False).select_related("license")
    if scope is not None:
        profiles = profiles.filter(district_id__in=scope)
    profiles = list(profiles)
    earned = earned_micro_credentials_by_educator(educator_ids=[p.pk for p in profiles])
    busy = set(Application.objects.open().values_list("educator_id", "role_id").order_by()) | set(
        Designation.objects.values_list("educator_id", "role_id").order_by()
    )
    for profile in profiles:
        facts = Facts(
            profile.license.level,
            profile.license.years_at_level(today),
            profile.nbct,
            profile.masters_degree,
        )
        codes = {e.code for e in earned.get(profile.pk, [])}
        for role in roles:
            if (profile.pk, role.pk) in busy:
                continue
            if any(
                route_standing(route=r, facts=facts, codes=codes).satisfied
                for r in role.open_routes
            ):
                counts[(role.pk, profile.district_id)]["eligible"] += 1


def lattice_state(*, districts=None, today: dt.date) -> dict:
    """Counts by (role, district) and stage; ``districts`` limits them (a district's view)."""
    scope = _scope_filter(districts)
    routes = open_routes()
    roles = list(AdvancedRole.objects.all())
    by_role = defaultdict(list)
    for route in routes:
        by_role[route.role_id].append(route)
    for role in roles:
        role.open_routes = by_role[role.pk] if role.active else []
    counts: dict[tuple, Counter] = defaultdict(Counter)
    _eligible(counts, roles, scope, today)
    applications = Application.objects.exclude(status=Application.Status.AWARDED)
    if scope is not None:
        applications = applications.filter(district_id__in=scope)
    for role_id, district_id, status in applications.values_list(
        "role_id", "district_id", "status"
    ).order_by():
        counts[(role_id, district_id)][STAGE_OF_STATUS[status]] += 1
    for d in Designation.objects.values(
        "role_id", "district_id", "educator__district_id", "application_id"
    ).order_by():
        district_id = d["district_id"] or d["educator__district_id"]
        if scope is not None and district_id not in scope:
            continue
        stage = "imported" if d["application_id"] is None else "awarded"
        counts[(d["role_id"], district_id)][stage] += 1
    return _table(counts, roles, districts)


def _table(counts, roles, districts) -> dict:
    known = {d.pk: d for d in (districts if districts is not None else District.objects.all())}
    role_order = {role.pk: i for i, role in enumerate(roles)}
    role_names = {role.pk: role.name for role in roles}
    rows = []
    for (role_id, district_id), c in sorted(
        counts.items(),
        key=lambda item: (
            role_order[item[0][0]],
            known[item[0][1]].name if item[0][1] in known else "~",
        ),
    ):
        district = known.get(district_id)
        rows.append(
            {
                "role": role_names[role_id],
                "district": district.name if district else "No district",
                "high_need": bool(district and district.high_need),
                "stages": [c[key] for key, _ in STAGES],
                "designations": c["awarded"] + c["imported"],
            }
        )
    return {
        "rows": rows,
        "stages": [label for _, label in STAGES],
        "by_role": _totals(rows, "role"),
        "by_high_need": _totals(rows, "high_need"),
    }


def _totals(rows: list[dict], key: str) -> list[tuple]:
    totals: dict = {}
    for row in rows:
        stages = totals.setdefault(row[key], [0] * (len(STAGES) + 1))
        for i, n in enumerate([*row["stages"], row["designations"]]):
            stages[i] += n
    return sorted(totals.items(), key=lambda item: str(item[0]))


def csv_rows(state: dict):
    for row in state["rows"]:
        yield [
            row["role"],
            row["district"],
            "yes" if row["high_need"] else "no",
            *row["stages"],
            row["designations"],
        ]
