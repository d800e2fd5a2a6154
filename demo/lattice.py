"""Advanced teacher roles modelled on the policy guide's examples, and educators at each
stage: eligible, applied (the district's interview to record), interview recorded (the
state's decision to make), awarded, and designations recorded from another avenue.

Stages are reached through the services the pages use; the educators are those the
records already make eligible (the passes of the demo history), found by the same rule.
Safe to run twice: roles match on code, stacks on code, stages on educator and role.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalogue.models import MicroCredential, Stack, StackSlot
from districts.models import District
from enrollment.models import EducatorProfile
from exchange.importers import run_import
from lattice import services
from lattice.models import AdvancedRole, Application, Designation, DistrictCriterion, Route
from lattice.selectors import earned_codes, educator_facts, route_standing

DISTRICT_CODE = "DEMO-A"
STACKS = [
    # code, name, rule, n, members, slots (label, options)
    (
        "LAT-MENTOR",
        "Mentoring stack",
        "all",
        None,
        ("CE", "FE"),
        [("Choice", ("AL", "MLSS", "MCT"))],
    ),
    ("LAT-COACH", "Instructional coaching stack", "n_of", 3, ("AL", "MLSS", "CLRI", "FE"), []),
    (
        "LAT-LEAD",
        "Lead educator stack",
        "all",
        None,
        ("SEL", "NMEA"),
        [("Choice", ("MCT", "BSCIT"))],
    ),
]
ROLES = [
    # code, name, responsibilities, compensation note, routes (stack code or None for NBCT)
    (
        "mentor",
        "Mentor Teacher",
        "Mentors early-career teachers in their first three years: observes, co-plans and "
        "debriefs with them while keeping a classroom of their own.",
        "A stipend recommended at $5,000 a year on top of the base salary.",
        [("LAT-MENTOR", 2, 1, False)],
    ),
    (
        "coach",
        "Instructional Coach",
        "Leads the school's professional learning communities and coaches colleagues on "
        "assessment, tiered supports and culturally responsive instruction.",
        "A base-salary increase recommended at 10%.",
        [("LAT-COACH", 1, 0, False)],
    ),
    (
        "lead",
        "Lead Professional Educator",
        "Leads instructional improvement across a school or district while teaching; "
        "designs and facilitates colleagues' learning.",
        "A base-salary increase recommended at 15%.",
        [("LAT-LEAD", 2, 3, True), (None, 2, 0, False)],
    ),
]


def _stack(code, name, rule, n, members, slots) -> Stack:
    stack = Stack.objects.filter(code=code).first()
    if stack is not None:
        return stack
    stack = Stack.objects.create(code=code, name=name, rule=rule, n=n, position=50)
    stack.members.set(MicroCredential.objects.filter(code__in=members))
    for position, (label, options) in enumerate(slots, start=1):
        slot = StackSlot.objects.create(stack=stack, label=label, position=position)
        slot.options.set(MicroCredential.objects.filter(code__in=options))
    return stack


def _roles() -> list[AdvancedRole]:
    stacks = {s[0]: _stack(*s) for s in STACKS}
    roles = []
    for position, (code, name, duties, pay, routes) in enumerate(ROLES):
        role, created = AdvancedRole.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "responsibilities": duties,
                "compensation_note": pay,
                "position": position,
            },
        )
        if created:
            for stack_code, level, years, masters in routes:
                Route.objects.create(
                    role=role,
                    kind="stack" if stack_code else "nbct_only",
                    stack=stacks.get(stack_code),
                    min_license_level=level,
                    min_years_at_level=years,
                    masters_required=masters,
                )
        roles.append(role)
    return roles


def _eligible(district: District, today) -> list[tuple[EducatorProfile, Route]]:
    """Licensed educators of the district with a satisfied route and nothing under way."""
    routes = list(
        Route.objects.filter(active=True, role__active=True)
        .exclude(kind="other")
        .select_related("role", "stack")
    )
    busy = set(Application.objects.values_list("educator_id", "role_id")) | set(
        Designation.objects.values_list("educator_id", "role_id")
    )
    found = []
    profiles = EducatorProfile.objects.filter(district=district, license__isnull=False)
    for profile in profiles.select_related("user").order_by("pk"):
        facts = educator_facts(educator=profile, today=today)
        codes = earned_codes(educator=profile)
        for route in routes:
            if (profile.pk, route.role_id) in busy:
                continue
            if route_standing(route=route, facts=facts, codes=codes).satisfied:
                found.append((profile, route))
                break
    return found


def _stages(district: District, admin: User | None, lac: User | None, today) -> int:
    """Two to interview, one recommended awaiting the state, one awarded; the rest eligible."""
    candidates = [
        c for c in _eligible(district, today) if c[0].user.email != "educator@apl.example"
    ]
    plan = ["applied", "applied", "recommended", "awarded"]
    for (profile, route), stage in zip(candidates, plan, strict=False):
        application = services.application_create(educator=profile, route=route, district=district)
        if stage == "applied" or admin is None:
            continue
        application = services.interview_record(
            application=application,
            by=admin,
            interview_on=today,
            outcome="recommended",
            interviewer_name="Dora Quintana",
        )
        if stage == "awarded" and lac is not None:
            services.application_award(application=application, by=lac)
    return min(len(candidates), len(plan))


def _imported(district: District, lac: User | None) -> None:
    """Two designations held through another avenue, recorded by designations.csv."""
    profiles = (
        EducatorProfile.objects.filter(district=district, license__isnull=False)
        .exclude(designations__isnull=False)
        .exclude(role_applications__isnull=False)
        .exclude(user__email__endswith="@apl.example")
        .order_by("-pk")[:2]
    )
    rows = [
        f"{p.user.email},{role},2019-0{i + 5}-15,other"
        for i, (p, role) in enumerate(
            zip(profiles, ("Mentor Teacher", "Lead Professional Educator"), strict=False)
        )
    ]
    if Designation.objects.filter(route_kind="other").exists() or not rows:
        return
    data = ("email,role,awarded_on,route\n" + "\n".join(rows) + "\n").encode()
    result = run_import(kind="designations", data=data, filename="designations.csv", by=lac)
    if not result.ok:
        raise RuntimeError("; ".join(str(e) for e in result.errors))


@transaction.atomic
def load_lattice(*, stdout) -> None:
    today = timezone.localdate()
    roles = _roles()
    district = District.objects.filter(code=DISTRICT_CODE).first()
    if district is None:
        stdout.write("Advanced roles: no demo district; roles only.")
        return
    admin = User.objects.filter(email="district@apl.example").first()
    lac = User.objects.filter(email="lac@apl.example").first()
    if admin is not None and not DistrictCriterion.objects.filter(district=district).exists():
        services.criterion_add(
            district=district,
            role=roles[0],
            text="At least two years teaching in the district before the appointment.",
            by=admin,
        )
    if not Application.objects.exists():
        _stages(district, admin, lac, today)
    _imported(district, lac)
    stdout.write(
        f"Advanced roles: {len(roles)} roles, {Application.objects.count()} applications, "
        f"{Designation.objects.count()} designations."
    )
