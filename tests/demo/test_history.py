"""The demo's row-level history reproduces PED's published tables and figures."""

import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

from apl.quarters import Quarter
from demo.history import load_history
from demo.plan import TARGETS, plan_programme
from enrollment.models import Enrollment
from reporting.formats import to_csv
from reporting.selectors import quarterly_report
from tests.factories import programme
from tests.reporting.conftest import AS_OF

# Copies of the two tables PED published (tests/reporting/reference), byte for byte.
REFERENCE = Path(__file__).parent.parent / "reporting" / "reference"
PUBLISHED = {
    "APL I-II": (
        "ped-apl-i-ii-enrollment.csv",
        [
            "Educators enrolled or requested,2355",
            "Educators completed,360",
            "Educators projected to complete in Q4/24,241",
            "Percent passing first closed quarter (Q2/23),75%",
            "Percent passing latest closed quarter (Q3/24),92%",
        ],
    ),
    "APL II-III": (
        "ped-apl-ii-iii-enrollment.csv",
        [
            "Educators enrolled or requested,1308",
            "Educators completed,0",
            "Educators projected to complete in Q4/24,102",
            "Percent passing first closed quarter (Q1/24),71%",
            "Percent passing latest closed quarter (Q3/24),83%",
        ],
    ),
}


def _reference(name: str) -> str:
    return (REFERENCE / name).read_text(encoding="utf-8")


@pytest.fixture
def demo(db):
    out = io.StringIO()
    load_history(stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_demo_report_reproduces_the_published_table_and_figures(demo, name):
    reference, figures = PUBLISHED[name]
    table, summary = to_csv(quarterly_report(programme=programme(name), as_of=AS_OF)).split("\n\n")
    assert table + "\n" == _reference(reference)
    assert summary.splitlines() == figures


def test_quarterly_report_command_prints_the_published_table(demo):
    out = io.StringIO()
    call_command("quarterly_report", "APL I-II", "--as-of", "2024-05-15", stdout=out)
    assert out.getvalue().startswith(_reference("ped-apl-i-ii-enrollment.csv") + "\n")


def test_loading_twice_changes_nothing(demo):
    count = Enrollment.objects.count()
    out = io.StringIO()
    load_history(stdout=out)
    assert "already loaded" in out.getvalue()
    assert Enrollment.objects.count() == count == 5730 + 2219


def test_load_demo_command_loads_the_history(db):
    call_command("load_demo", stdout=io.StringIO())
    history = Enrollment.objects.exclude(educator__user__email__endswith="@apl.example")
    assert history.count() == 5730 + 2219
    out = io.StringIO()
    call_command("quarterly_report", "APL II-III", "--as-of", "2024-05-15", stdout=out)
    assert out.getvalue().startswith(_reference("ped-apl-ii-iii-enrollment.csv") + "\n")


def test_educators_move_through_the_programme_plausibly(demo):
    paths = defaultdict(list)
    rows = Enrollment.objects.values_list(
        "educator_id", "cohort__quarter", "cohort__micro_credential__code", "status", "score"
    )
    for educator_id, quarter, code, status, score in rows:
        paths[educator_id].append((quarter, code, status, score))
        if status == "passed":
            assert score >= 85
        elif status == "not_passed":
            assert score < 85
    for path in paths.values():
        path.sort()
        codes = [code for _, code, _, _ in path]
        assert len(codes) == len(set(codes)), "a micro-credential taken twice"
        quarters = [q for q, _, _, _ in path]
        assert quarters == sorted(set(quarters)), "two enrolments in one quarter"
        assert all(status == "passed" for _, _, status, _ in path[:-1]), "moved on after a fail"
        if "FE" in codes:
            assert codes[-1] == "FE" and len(codes) == 5
    assert Enrollment.objects.filter(facilitator__isnull=True).count() == 0
    assert (
        not Enrollment.objects.filter(cohort__quarter=Quarter.parse("Q4/24"))
        .exclude(status="enrolled")
        .exists()
    )


def test_plan_is_deterministic():
    first = [[e.enrolments for e in plan_programme(t).educators] for t in TARGETS]
    again = [[e.enrolments for e in plan_programme(t).educators] for t in TARGETS]
    assert first == again
