"""The summary figures read in SQL (bits per micro-credential) agree with the definitions
computed plainly in Python, on a random history of both programmes."""

import random

import pytest

from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import Enrollment, Intent
from reporting.selectors import quarterly_report
from tests.factories import EducatorFactory, IntentFactory, programme
from tests.reporting.conftest import AS_OF, enrol

QUARTERS = (
    "Q4/23",
    "Q1/24",
    "Q2/24",
    "Q3/24",
    "Q4/24",
    "Q1/25",
)  # Q4/24 holds AS_OF; Q1/25 is after it


def expected_figures(name: str) -> tuple[int, int, int]:
    """(enrolled or requested, completed, projected) straight from the definitions."""
    prog = programme(name)
    current = Quarter.containing(AS_OF)
    required = set(
        MicroCredential.objects.filter(
            programme=prog, kind=MicroCredential.Kind.REQUIRED
        ).values_list("id", flat=True)
    )
    people: dict[int, list[tuple[int, str, Quarter]]] = {}
    for e in Enrollment.objects.filter(
        cohort__micro_credential__programme=prog, cohort__quarter__lte=current
    ).select_related("cohort"):
        people.setdefault(e.educator_id, []).append(
            (e.cohort.micro_credential_id, e.status, e.cohort.quarter)
        )
    requested = set(
        Intent.objects.filter(programme=prog, submitted_on__lte=AS_OF).values_list(
            "educator_id", flat=True
        )
    )
    completed = projected = 0
    for rows in people.values():
        passed = {mc for mc, status, _ in rows if status == "passed"}
        now = [mc for mc, status, q in rows if status == "enrolled" and q == current]
        done = len(passed) >= prog.required_count and required <= passed
        completed += done
        projected += (
            not done
            and bool(now)
            and len(passed) >= prog.required_count - 1
            and (
                required <= passed
                or (len(passed & required) >= len(required) - 1 and bool(set(now) & required))
            )
        )
    return len(set(people) | requested), completed, projected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_matches_the_definitions_on_a_random_history(db, seed):
    rng = random.Random(seed)
    paths = {
        "APL I-II": ["CE", "AL", "MLSS", "CLRI", "FE"],
        "APL II-III": ["SEL", "NMEA", "RP", "VDC", "ESL", "MCT"],
    }
    for _ in range(80):
        educator = EducatorFactory()
        name = rng.choice(list(paths))
        taken = rng.sample(
            [(code, q) for code in paths[name] for q in QUARTERS], rng.randint(0, 12)
        )
        for code, quarter in taken:
            status = (
                "enrolled"
                if quarter in ("Q4/24", "Q1/25")
                else rng.choice(["passed"] * 6 + ["not_passed", "withdrawn", "enrolled"])
            )
            enrol(educator, code, quarter, status)
        if rng.random() < 0.3:
            IntentFactory(
                educator=educator,
                programme=programme(name),
                submitted_on=rng.choice([AS_OF, AS_OF.replace(day=16), AS_OF.replace(year=2023)]),
            )
    for name in paths:
        summary = quarterly_report(programme=programme(name), as_of=AS_OF).summary
        got = (summary.enrolled_or_requested, summary.completed, summary.projected)
        assert got == expected_figures(name)
