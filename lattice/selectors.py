"""Reads of the career lattice: an educator's standing per role, a district's queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from catalogue.stacks import stack_progress
from districts.models import District
from enrollment.models import EducatorProfile
from enrollment.selectors import earned_micro_credentials_by_educator
from lattice.models import AdvancedRole, Application, Designation, DistrictCriterion, Route
from lattice.rules import STACK, Facts, RouteRules, Standing, judge
from renewal.models import License


def educator_facts(*, educator: EducatorProfile, today: dt.date) -> Facts:
    """License level and years at it from the license record; NBCT and master's from the
    profile."""
    license = License.objects.filter(educator=educator).first()
    return Facts(
        license_level=license.level if license else None,
        years_at_level=license.years_at_level(today) if license else None,
        nbct=educator.nbct,
        masters=educator.masters_degree,
    )


def earned_codes(*, educator: EducatorProfile) -> set[str]:
    earned = earned_micro_credentials_by_educator(educator_ids=[educator.pk])
    return {e.code for e in earned.get(educator.pk, [])}


def route_rules(route: Route) -> RouteRules:
    """The route's rules as they stand now."""
    stack = route.stack
    return RouteRules(
        kind=route.kind,
        min_license_level=route.min_license_level,
        min_years_at_level=route.min_years_at_level,
        nbct_required=route.nbct_required,
        masters_required=route.masters_required,
        stack_code=stack.code if stack else None,
        stack_name=stack.name if stack else None,
        version=route.version,
    )


def stack_progress_for(route: Route, codes: set[str]):
    """The stack's progress for a stack route (None for other routes)."""
    if route.kind != STACK or route.stack is None:
        return None
    return stack_progress(route.stack, codes)


def route_standing(*, route: Route, facts: Facts, codes: set[str]) -> Standing:
    return judge(route_rules(route), facts, stack_progress_for(route, codes))


@dataclass
class RoleView:
    role: AdvancedRole
    routes: list[tuple[Route, Standing]] = field(default_factory=list)
    designation: Designation | None = None
    open_application: Application | None = None
    applications: list[Application] = field(default_factory=list)
    criteria: list[DistrictCriterion] = field(default_factory=list)

    @property
    def satisfied_routes(self) -> list[Route]:
        return [route for route, standing in self.routes if standing.satisfied]

    @property
    def may_apply(self) -> bool:
        return (
            self.role.active
            and self.designation is None
            and self.open_application is None
            and bool(self.satisfied_routes)
        )


def open_routes():
    """Routes open to applications, their stacks loaded so judging them runs no query."""
    return (
        Route.objects.filter(active=True)
        .exclude(kind=Route.Kind.OTHER)
        .select_related("stack")
        .prefetch_related("stack__members", "stack__slots__options")
    )


def _roles():
    routes = open_routes()
    return AdvancedRole.objects.prefetch_related(
        Prefetch("routes", queryset=routes, to_attr="open_routes"),
        Prefetch(
            "criteria",
            queryset=DistrictCriterion.objects.select_related("district"),
            to_attr="all_criteria",
        ),
    )


def educator_lattice(*, educator: EducatorProfile, today: dt.date) -> list[RoleView]:
    """Per role: each route judged (what the educator has, what is missing), the
    designation held, applications made, and the districts' own criteria."""
    facts = educator_facts(educator=educator, today=today)
    codes = earned_codes(educator=educator)
    designations = {d.role_id: d for d in Designation.objects.filter(educator=educator)}
    applications = list(
        Application.objects.filter(educator=educator).select_related("district", "route")
    )
    views = []
    for role in _roles():
        held = designations.get(role.pk)
        if not role.active and held is None:
            continue
        mine = [a for a in applications if a.role_id == role.pk]
        views.append(
            RoleView(
                role=role,
                routes=[
                    (r, route_standing(route=r, facts=facts, codes=codes)) for r in role.open_routes
                ],
                designation=held,
                open_application=next((a for a in mine if a.is_open), None),
                applications=mine,
                criteria=role.all_criteria,
            )
        )
    return views


def hiring_districts():
    return District.objects.order_by("name")


def district_queue(*, district: District) -> dict:
    """The applications to this district: interviews to record, then those recorded."""
    applications = list(
        Application.objects.filter(district=district).select_related(
            "educator__user", "role", "route"
        )
    )
    return {
        "district": district,
        "pending": [a for a in applications if a.status == Application.Status.APPLIED],
        "recorded": [a for a in applications if a.status != Application.Status.APPLIED],
        "criteria": DistrictCriterion.objects.filter(district=district).select_related("role"),
        "roles": AdvancedRole.objects.filter(active=True),
    }


def awaiting_award():
    """Applications the district recommended, awaiting the state's decision."""
    return Application.objects.filter(status=Application.Status.RECOMMENDED).select_related(
        "educator__user", "role", "district"
    )


def educator_designations(*, educator: EducatorProfile) -> list[Designation]:
    """The designations the educator holds, for their license statement."""
    return list(Designation.objects.filter(educator=educator).select_related("role", "credential"))
