"""Row-level programme history for the demo: educators, intents, cohorts, enrolments.

Written from the plan in ``demo.plan`` so that both quarterly reports, as of
2024-05-15, reproduce PED's published tables and figures. Loads with ``bulk_create`` in
one transaction; a second run sees the records are there and does nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from demo.plan import SEED, TARGETS, ProgrammePlan, plan_programme
from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent

DOMAIN = "history.apl.example"
SEATS_PER_FACILITATOR = 25
FACILITATOR_POOL = {"APL I-II": (Role.FACILITATOR, 40), "APL II-III": (Role.REVIEWER, 24)}

FIRST_NAMES = [
    "Adriana",
    "Alicia",
    "Amanda",
    "Andrea",
    "Angela",
    "Ana",
    "Benjamin",
    "Brandon",
    "Carlos",
    "Catherine",
    "Christina",
    "Daniel",
    "David",
    "Diana",
    "Dolores",
    "Eduardo",
    "Elena",
    "Emily",
    "Erica",
    "Esperanza",
    "Felipe",
    "Gabriel",
    "Gloria",
    "Hannah",
    "Isabel",
    "Jacob",
    "James",
    "Jasmine",
    "Javier",
    "Jennifer",
    "Jessica",
    "Joaquin",
    "Jose",
    "Joseph",
    "Juan",
    "Julia",
    "Karen",
    "Kateri",
    "Kimberly",
    "Laura",
    "Leah",
    "Lorenzo",
    "Lucia",
    "Manuel",
    "Margarita",
    "Maria",
    "Mark",
    "Matthew",
    "Melissa",
    "Michael",
    "Miguel",
    "Monica",
    "Naomi",
    "Nicole",
    "Olivia",
    "Patricia",
    "Paul",
    "Rachel",
    "Ramon",
    "Raquel",
    "Rebecca",
    "Ricardo",
    "Robert",
    "Rosa",
    "Samuel",
    "Sandra",
    "Sarah",
    "Sofia",
    "Stephanie",
    "Teresa",
    "Thomas",
    "Valerie",
    "Vanessa",
    "Victoria",
    "Yolanda",
]
LAST_NAMES = [
    "Aguilar",
    "Apodaca",
    "Archuleta",
    "Baca",
    "Begay",
    "Benally",
    "Chavez",
    "Cordova",
    "Duran",
    "Espinoza",
    "Garcia",
    "Gallegos",
    "Gonzales",
    "Gurule",
    "Harjo",
    "Jaramillo",
    "Johnson",
    "Lente",
    "Lopez",
    "Lovato",
    "Lucero",
    "Maestas",
    "Manygoats",
    "Martinez",
    "Medina",
    "Mirabal",
    "Montoya",
    "Nez",
    "Ortiz",
    "Padilla",
    "Pino",
    "Quintana",
    "Romero",
    "Roybal",
    "Salazar",
    "Sanchez",
    "Sandoval",
    "Smith",
    "Tafoya",
    "Trujillo",
    "Tsosie",
    "Valdez",
    "Vigil",
    "Williams",
    "Yazzie",
    "Zamora",
]
DISTRICTS = (
    ("Albuquerque Public Schools", "Highland High School"),
    ("Las Cruces Public Schools", "Mayfield High School"),
    ("Rio Rancho Public Schools", "Cielo Azul Elementary"),
    ("Santa Fe Public Schools", "Capital High School"),
    ("Gallup-McKinley County Schools", "Tohatchi Middle School"),
    ("Farmington Municipal Schools", "Mesa View Middle School"),
    ("Roswell Independent Schools", "Goddard High School"),
    ("Hobbs Municipal Schools", "Heizer Middle School"),
    ("Central Consolidated Schools", "Newcomb Elementary"),
    ("Taos Municipal Schools", "Enos Garcia Elementary"),
)
PAYMENTS = (
    Enrollment.Payment.PAID,
    Enrollment.Payment.PAID,
    Enrollment.Payment.DISTRICT_PAID,
    Enrollment.Payment.WAIVED,
)


def already_loaded() -> bool:
    return User.objects.filter(email__endswith=f"@{DOMAIN}").exists()


def load_history(*, stdout) -> None:
    """Create the demo history unless it is there already (safe to run twice)."""
    if already_loaded():
        stdout.write("Demo history already loaded; nothing to do.")
        return
    plans = [plan_programme(targets) for targets in TARGETS]
    with transaction.atomic():
        rng = random.Random(SEED)
        for plan in plans:
            _load_programme(plan, rng)
    total = sum(len(p.educators) + p.intent_only for p in plans)
    stdout.write(f"Demo history loaded: {total} educators across {len(plans)} programs.")


def _load_programme(plan: ProgrammePlan, rng: random.Random) -> None:
    targets = plan.targets
    programme = Programme.objects.get(name=targets.name)
    slug = programme.slug
    mcs = {mc.code: mc for mc in MicroCredential.objects.filter(programme=programme)}
    people = len(plan.educators) + plan.intent_only
    level = programme.from_level
    users = _users(
        [
            (f"{slug}.educator{n:05d}@{DOMAIN}", *_name(rng), Role.EDUCATOR)
            for n in range(1, people + 1)
        ]
    )
    profiles = EducatorProfile.objects.bulk_create([_profile(user, level, rng) for user in users])
    scorer_role, pool_size = FACILITATOR_POOL[targets.name]
    scorers = _users(
        [
            (f"{slug}.{scorer_role.name.lower()}{n:02d}@{DOMAIN}", *_name(rng), scorer_role)
            for n in range(1, pool_size + 1)
        ]
    )
    leads = _users(
        [
            (f"{slug}.lead.{code.lower()}@{DOMAIN}", *_name(rng), Role.LEAD_FACILITATOR)
            for code in targets.codes
        ]
    )
    lead_for = dict(zip(targets.codes, leads, strict=True))
    cohorts = {}
    for code, label in sorted(targets.cells, key=lambda k: (Quarter.parse(k[1]), k[0])):
        cohort, _ = Cohort.objects.get_or_create(
            micro_credential=mcs[code], quarter=Quarter.parse(label)
        )
        if cohort.lead_facilitator_id is None:
            cohort.lead_facilitator = lead_for[code]
            cohort.save(update_fields=["lead_facilitator"])
        cohorts[(code, label)] = cohort
    assigned = _assign_facilitators(targets, cohorts, scorers, rng)
    _intents(plan, programme, profiles, rng)
    _enrolments(plan, profiles, cohorts, assigned, rng)


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _users(rows: list[tuple[str, str, str, Role]]) -> list[User]:
    # Demo people cannot sign in: unusable passwords (and no hashing cost).
    users = User.objects.bulk_create(
        [
            User(email=email, first_name=first, last_name=last, password=make_password(None))
            for email, first, last, _role in rows
        ]
    )
    groups = {g.name: g for g in Group.objects.filter(name__in={r[3].value for r in rows})}
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, group_id=groups[row[3].value].pk)
            for user, row in zip(users, rows, strict=True)
        ]
    )
    return users


def _profile(user: User, level: int, rng: random.Random) -> EducatorProfile:
    district, school = rng.choice(DISTRICTS)
    return EducatorProfile(
        user=user,
        license_number=f"NM-{rng.randrange(100000, 999999)}",
        license_level=level,
        district_as_written=district,
        school=school,
        masters_degree=level == 2 or rng.random() < 0.2,
    )


def _assign_facilitators(targets, cohorts, scorers, rng) -> dict:
    """One scorer per ~25 seats in each cohort, drawn from the programme's pool."""
    assigned = {}
    through = Cohort.facilitators.through
    links = []
    for key, cohort in cohorts.items():
        wanted = max(1, math.ceil(targets.cells[key] / SEATS_PER_FACILITATOR))
        chosen = rng.sample(scorers, min(wanted, len(scorers)))
        assigned[key] = chosen
        links.extend(through(cohort_id=cohort.pk, user_id=user.pk) for user in chosen)
    through.objects.bulk_create(links, ignore_conflicts=True)
    return assigned


def _intents(plan: ProgrammePlan, programme, profiles, rng) -> None:
    """An accepted intent before each enrolled educator's first cohort; intent-only others."""
    intents = []
    for educator, profile in zip(plan.educators, profiles, strict=False):
        first = Quarter.parse(educator.enrolments[0][1]).first_day
        intents.append(
            Intent(
                educator=profile,
                programme=programme,
                submitted_on=first - dt.timedelta(days=rng.randrange(14, 60)),
                status=Intent.Status.ACCEPTED,
            )
        )
    start = min(Quarter.parse(q) for _, q in plan.targets.cells).first_day
    as_of = dt.date(2024, 5, 15)
    for profile in profiles[len(plan.educators) :]:
        submitted = start + dt.timedelta(days=rng.randrange((as_of - start).days + 1))
        recent = submitted >= as_of - dt.timedelta(days=45)
        status = (
            Intent.Status.PENDING
            if recent
            else rng.choice([Intent.Status.DECLINED, Intent.Status.WITHDRAWN])
        )
        intents.append(
            Intent(educator=profile, programme=programme, submitted_on=submitted, status=status)
        )
    Intent.objects.bulk_create(intents)


def _enrolments(plan, profiles, cohorts, assigned, rng) -> None:
    rows = []
    seat = {key: 0 for key in cohorts}
    for educator, profile in zip(plan.educators, profiles, strict=False):
        for code, label, status in educator.enrolments:
            key = (code, label)
            scorers = assigned[key]
            rows.append(
                Enrollment(
                    educator=profile,
                    cohort=cohorts[key],
                    status=status,
                    score=_score(status, rng),
                    facilitator=scorers[seat[key] % len(scorers)],
                    payment_state=rng.choice(PAYMENTS),
                )
            )
            seat[key] += 1
    Enrollment.objects.bulk_create(rows, batch_size=2000)


def _score(status: str, rng: random.Random) -> Decimal | None:
    if status == Enrollment.Status.PASSED:
        return Decimal(rng.randrange(8500, 10001)) / 100
    if status == Enrollment.Status.NOT_PASSED:
        return Decimal(rng.randrange(5000, 8500)) / 100
    return None
