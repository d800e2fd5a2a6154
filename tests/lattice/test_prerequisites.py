"""A route's prerequisites at their edges: license level below/at/above the minimum,
full school years at level exactly at the minimum, NBCT, master's, no license."""

import datetime as dt

import pytest
import time_machine

from lattice.rules import NBCT_ONLY, OTHER, STACK, Facts, RouteRules, judge
from lattice.selectors import educator_facts, route_standing
from tests.lattice.conftest import licensed, role, route

pytestmark = pytest.mark.django_db

LEVEL_2_THREE_YEARS = RouteRules(kind=NBCT_ONLY, min_license_level=2, min_years_at_level=3)


def facts(level=2, years=3, nbct=True, masters=False):
    return Facts(license_level=level, years_at_level=years, nbct=nbct, masters=masters)


@pytest.mark.parametrize(("level", "met"), [(1, False), (2, True), (3, True)])
def test_license_level_below_the_minimum_is_unmet_at_or_above_is_met(level, met):
    standing = judge(LEVEL_2_THREE_YEARS, facts(level=level))
    (level_check,) = [c for c in standing.checks if c.label.startswith("License Level")]
    assert level_check.met is met
    assert standing.satisfied is met
    if not met:
        assert standing.next_step == "Your license is Level 1; this route needs Level 2."


@pytest.mark.parametrize(("years", "met"), [(2, False), (3, True), (4, True)])
def test_years_at_level_exactly_at_the_minimum_is_met(years, met):
    standing = judge(LEVEL_2_THREE_YEARS, facts(years=years))
    assert standing.satisfied is met
    (years_check,) = [c for c in standing.checks if "school year" in c.label]
    assert years_check.met is met
    if not met:
        assert years_check.detail == "You have 2 full school years at Level 2; 1 to go."


def test_nbct_only_route_needs_national_board_certification():
    rules = RouteRules(kind=NBCT_ONLY)
    assert judge(rules, facts(nbct=True)).satisfied
    unmet = judge(rules, facts(nbct=False))
    assert not unmet.satisfied
    assert [c.label for c in unmet.unmet] == ["National Board certification"]


def test_masters_required_is_checked_only_when_required():
    with_masters = RouteRules(kind=NBCT_ONLY, masters_required=True)
    assert not judge(with_masters, facts(masters=False)).satisfied
    assert judge(with_masters, facts(masters=True)).satisfied
    labels = [c.label for c in judge(RouteRules(kind=NBCT_ONLY), facts()).checks]
    assert "Master's degree" not in labels


def test_no_license_on_record_meets_neither_level_nor_years():
    standing = judge(LEVEL_2_THREE_YEARS, Facts(None, None, True, True))
    assert not standing.satisfied
    assert [c.met for c in standing.checks] == [False, False, True]
    assert "no license on record" in standing.next_step


class _Stack:
    def __init__(self, complete):
        self.complete = complete
        self.next_step = "Pass Mentoring/Coaching Teachers."


def test_stack_route_waits_for_the_stack_even_with_every_prerequisite_met():
    rules = RouteRules(kind=STACK, min_license_level=2, stack_name="Mentoring")
    assert not judge(rules, facts(), _Stack(False)).satisfied
    assert judge(rules, facts(), _Stack(False)).next_step == "Pass Mentoring/Coaching Teachers."
    assert judge(rules, facts(), _Stack(True)).satisfied


def test_an_other_route_is_never_satisfied_by_applying():
    assert not judge(RouteRules(kind=OTHER), facts()).satisfied


def test_facts_come_from_the_license_and_the_profile():
    educator = licensed(
        "t@example.org", level=2, level_since=dt.date(2020, 7, 1), nbct=True, masters_degree=True
    )
    with time_machine.travel(dt.date(2023, 6, 29)):
        assert educator_facts(educator=educator, today=dt.date(2023, 6, 29)) == Facts(
            2, 2, True, True
        )


def test_years_at_level_reach_the_minimum_on_the_last_day_of_the_third_school_year():
    educator = licensed("t@example.org", level=2, level_since=dt.date(2020, 7, 1), nbct=True)
    r = route(role(), min_license_level=2, min_years_at_level=3)
    day_before, last_day = dt.date(2023, 6, 29), dt.date(2023, 6, 30)
    before = route_standing(
        route=r, facts=educator_facts(educator=educator, today=day_before), codes=set()
    )
    on = route_standing(
        route=r, facts=educator_facts(educator=educator, today=last_day), codes=set()
    )
    assert not before.satisfied
    assert on.satisfied


def test_license_level_comes_from_the_license_not_the_profile():
    educator = licensed("t@example.org", level=1, nbct=True)
    educator.license_level = 3  # the profile says otherwise; the license record decides
    educator.save()
    r = route(role(), min_license_level=2)
    standing = route_standing(
        route=r, facts=educator_facts(educator=educator, today=dt.date(2024, 1, 1)), codes=set()
    )
    assert not standing.satisfied
