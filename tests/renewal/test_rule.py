"""The renewal rule: cycle edges, the route on the cycle's first day, the renewal list."""

import datetime as dt

import pytest
import time_machine

from renewal.models import RenewalListing, add_years, cycle_end
from renewal.rules import MET, NOT_LISTED, OPEN, OUTSIDE_CYCLE, Pass, judge
from tests.renewal.conftest import district, imported_pass, licensed, status_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-11-30 12:00:00-07:00", tick=False):
        yield


def test_cycle_ends_the_day_before_the_fifth_anniversary():
    assert cycle_end(dt.date(2022, 7, 1)) == dt.date(2027, 6, 30)
    assert cycle_end(dt.date(2023, 1, 15)) == dt.date(2028, 1, 14)


def test_a_29_february_start_ends_on_28_february_five_years_on():
    # The anniversary of 29 February in a common year is 1 March.
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 3, 1)
    assert cycle_end(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)
    # Five years on may be a leap year too (2000 → 2005 is not; 2020 → 2025 is not).
    assert cycle_end(dt.date(2020, 2, 29)) == dt.date(2025, 2, 28)


def test_cycle_length_is_a_setting(settings):
    settings.RENEWAL_CYCLE_YEARS = 3
    assert cycle_end(dt.date(2022, 7, 1)) == dt.date(2025, 6, 30)


def test_passes_on_the_first_and_last_day_count_and_a_day_outside_does_not():
    # Q1/23 ends 2022-09-30; Q4/27 ends 2027-06-30; Q4/22 ends 2022-06-30.
    start = dt.date(2022, 6, 30)  # cycle 2022-06-30 .. 2027-06-29
    profile = licensed(start=start, district=district(option=2, option_from=start))
    imported_pass(profile, "CE", "Q4/22")  # 2022-06-30: first day
    imported_pass(profile, "AL", "Q1/22")  # 2021-09-30: before
    imported_pass(profile, "FE", "Q4/27")  # 2027-06-30: the day after the last day
    data = status_json(profile.user.email, "2026-01-01")
    assert data["cycle_start"] == "2022-06-30"
    assert data["cycle_end"] == "2027-06-29"
    assert data["counted"] == [{"code": "CE", "earned_on": "2022-06-30"}]
    assert data["not_counted"] == [
        {"code": "AL", "earned_on": "2021-09-30", "reason": "outside_cycle"},
        {"code": "FE", "earned_on": "2027-06-30", "reason": "outside_cycle"},
    ]


def test_a_pass_on_the_cycles_last_day_counts():
    start = dt.date(2022, 7, 1)  # ends 2027-06-30, the last day of Q4/27
    profile = licensed(start=start)
    imported_pass(profile, "CE", "Q4/27")
    assert status_json(profile.user.email, "2027-07-01")["counted"] == [
        {"code": "CE", "earned_on": "2027-06-30"}
    ]


def test_option_2_from_the_cycle_start_needs_three_and_from_the_day_after_needs_five():
    start = dt.date(2024, 7, 1)
    on_time = licensed("a@example.org", start=start, district=district("A", 2, start))
    late = licensed(
        "b@example.org", start=start, district=district("B", 2, start + dt.timedelta(days=1))
    )
    a, b = status_json(on_time.user.email, "2025-01-01"), status_json(late.user.email, "2025-01-01")
    assert (a["route"], a["required"], a["remaining"], a["district"]) == ("option_2", 3, 3, "A")
    assert (b["route"], b["required"], b["remaining"], b["district"]) == ("option_1", 5, 5, "B")


def test_no_district_is_option_1(settings):
    settings.RENEWAL_REQUIRED_OPTION_1 = 4
    data = status_json(licensed(start=dt.date(2024, 7, 1)).user.email, "2025-01-01")
    assert (data["district"], data["route"], data["required"]) == (None, "option_1", 4)


def test_individual_route_closed_before_the_cycle_starts_is_traditional(settings):
    settings.RENEWAL_INDIVIDUAL_ROUTE_CLOSES = dt.date(2024, 6, 30)
    after = licensed("a@example.org", start=dt.date(2024, 7, 1), district=district("A"))
    on_the_day = licensed("b@example.org", start=dt.date(2024, 6, 30), district=district("B"))
    option_2 = licensed(
        "c@example.org", start=dt.date(2024, 7, 1), district=district("C", 2, dt.date(2024, 7, 1))
    )
    imported_pass(after, "CE", "Q2/25")
    data = status_json(after.user.email, "2025-01-01")
    assert (data["route"], data["required"], data["remaining"]) == ("traditional", None, None)
    assert data["counted"] == []
    assert data["not_counted"] == [
        {"code": "CE", "earned_on": "2024-12-31", "reason": "traditional_route"}
    ]
    assert data["status"] == "open"
    assert status_json(on_the_day.user.email, "2025-01-01")["route"] == "option_1"
    assert status_json(option_2.user.email, "2025-01-01")["route"] == "option_2"


def test_retired_mid_cycle_counts_if_listed_on_the_cycle_start_or_the_earned_day():
    RenewalListing.objects.filter(micro_credential__code="CE").update(
        retired_on=dt.date(2025, 1, 1)
    )
    RenewalListing.objects.filter(micro_credential__code="AL").update(
        listed_from=dt.date(2024, 1, 1), retired_on=dt.date(2025, 1, 1)
    )
    # Listed on the cycle's start, earned after retirement: counts (footnote 19).
    early = licensed("a@example.org", start=dt.date(2023, 7, 1))
    imported_pass(early, "CE", "Q4/25")  # 2025-06-30
    # Cycle started after retirement, earned after retirement: not listed.
    late = licensed("b@example.org", start=dt.date(2025, 1, 1))
    imported_pass(late, "CE", "Q4/25")
    # Not listed at the cycle's start, but listed on the day it was earned: counts.
    middle = licensed("c@example.org", start=dt.date(2023, 7, 1))
    imported_pass(middle, "AL", "Q3/24")  # 2024-03-31
    # Listed neither on the cycle's start nor on the earned day.
    neither = licensed("d@example.org", start=dt.date(2023, 7, 1))
    imported_pass(neither, "AL", "Q4/25")
    assert status_json(early.user.email, "2026-01-01")["counted"] == [
        {"code": "CE", "earned_on": "2025-06-30"}
    ]
    assert status_json(late.user.email, "2026-01-01")["not_counted"] == [
        {"code": "CE", "earned_on": "2025-06-30", "reason": "not_listed"}
    ]
    assert status_json(middle.user.email, "2026-01-01")["counted"] == [
        {"code": "AL", "earned_on": "2024-03-31"}
    ]
    assert status_json(neither.user.email, "2026-01-01")["not_counted"][0]["reason"] == (
        "not_listed"
    )


def test_retired_on_is_the_first_day_off_the_list():
    RenewalListing.objects.filter(micro_credential__code="CE").update(
        retired_on=dt.date(2025, 7, 1)
    )
    before = licensed("a@example.org", start=dt.date(2025, 6, 30))
    on_the_day = licensed("b@example.org", start=dt.date(2025, 7, 1))
    for profile in (before, on_the_day):
        imported_pass(profile, "CE", "Q3/26")
    assert len(status_json(before.user.email, "2026-06-01")["counted"]) == 1
    assert status_json(on_the_day.user.email, "2026-06-01")["counted"] == []


def test_same_micro_credential_passed_twice_counts_once():
    profile = licensed(start=dt.date(2023, 7, 1))
    imported_pass(profile, "CE", "Q2/24")
    imported_pass(profile, "CE", "Q4/25")
    data = status_json(profile.user.email, "2026-01-01")
    assert data["counted"] == [{"code": "CE", "earned_on": "2023-12-31"}]
    assert data["not_counted"] == []


def test_earlier_pass_outside_the_cycle_hides_a_later_one_inside():
    # One micro-credential counts once, earned on its earliest pass.
    profile = licensed(start=dt.date(2023, 7, 1))
    imported_pass(profile, "CE", "Q2/23")
    imported_pass(profile, "CE", "Q2/24")
    data = status_json(profile.user.email, "2026-01-01")
    assert data["counted"] == []
    assert data["not_counted"] == [
        {"code": "CE", "earned_on": "2022-12-31", "reason": "outside_cycle"}
    ]


def test_status_met_open_and_not_met():
    start = dt.date(2021, 7, 1)  # ends 2026-06-30
    d2 = district("A", 2, start)
    met = licensed("a@example.org", start=start, district=d2)
    short = licensed("b@example.org", start=start, district=d2)
    for code, quarter in (("SEL", "Q2/22"), ("CE", "Q1/22"), ("AL", "Q2/22"), ("FE", "Q3/22")):
        imported_pass(met, code, quarter)
    imported_pass(short, "CE", "Q2/22")
    during = status_json(met.user.email, "2022-03-31")
    assert during["status"] == "met"  # met before the cycle ends
    assert during["remaining"] == 0
    assert [c["code"] for c in during["counted"]] == ["CE", "AL", "SEL", "FE"]
    assert status_json(short.user.email, "2026-06-30")["status"] == "open"
    after = status_json(short.user.email, "2026-07-01")
    assert (after["status"], after["remaining"]) == ("not_met", 2)


def test_counted_sorted_by_earned_on_then_code_and_every_key_present():
    profile = licensed(start=dt.date(2023, 7, 1))
    for code in ("FE", "AL", "CE"):
        imported_pass(profile, code, "Q3/24")
    data = status_json(profile.user.email, "2024-05-01")
    assert set(data) == {
        "email",
        "license_number",
        "cycle_start",
        "cycle_end",
        "district",
        "route",
        "required",
        "counted",
        "not_counted",
        "remaining",
        "status",
    }
    assert [c["code"] for c in data["counted"]] == ["AL", "CE", "FE"]
    assert data["email"] == "t@example.org"
    assert data["license_number"] == "L-t@example.org"


def test_exactly_the_required_number_meets_the_rule_and_one_fewer_does_not():
    start = dt.date(2021, 7, 1)  # ends 2026-06-30
    d2 = district("A", 2, start)  # option 2 on the cycle's first day: three required
    exact = licensed("exact@example.org", start=start, district=d2)
    short = licensed("short@example.org", start=start, district=d2)
    for code, quarter in (("CE", "Q1/22"), ("AL", "Q2/22"), ("SEL", "Q2/22")):
        imported_pass(exact, code, quarter)
    for code, quarter in (("CE", "Q1/22"), ("AL", "Q2/22")):
        imported_pass(short, code, quarter)
    met = status_json(exact.user.email, "2026-06-30")
    assert (met["required"], len(met["counted"]), met["remaining"], met["status"]) == (
        3,
        3,
        0,
        "met",
    )
    after = status_json(short.user.email, "2026-07-01")
    assert (after["required"], len(after["counted"]), after["remaining"], after["status"]) == (
        3,
        2,
        1,
        "not_met",
    )


def test_the_rule_names_each_micro_credential_it_counts_and_does_not_count():
    # The names the educator reads beside each code, kept on both lists, whatever the reason.
    start, end = dt.date(2023, 7, 1), dt.date(2028, 6, 30)
    passes = [
        Pass("CE", dt.date(2024, 3, 31), "Classroom Ecology"),
        Pass("AL", dt.date(2023, 6, 30), "Assessment Literacy"),  # the day before the cycle
        Pass("FE", dt.date(2024, 6, 30), "Family Engagement"),  # never on the list
    ]
    status = judge(
        cycle_start=start,
        cycle_end=end,
        option_on_cycle_start=2,
        passes=passes,
        listed=lambda code, day: code != "FE",
        as_of=dt.date(2025, 1, 1),
    )
    assert [(j.code, j.name, j.reason) for j in status.counted] == [("CE", "Classroom Ecology", "")]
    assert [(j.code, j.name, j.reason) for j in status.not_counted] == [
        ("AL", "Assessment Literacy", OUTSIDE_CYCLE),
        ("FE", "Family Engagement", NOT_LISTED),
    ]


def test_exactly_the_required_number_meets_the_rule_on_its_own(settings):
    # The rule alone, without the records: three of three is met, before the cycle ends.
    start, end = dt.date(2024, 7, 1), dt.date(2029, 6, 30)
    three = [Pass(code, dt.date(2025, 3, 31)) for code in ("AL", "CE", "SEL")]

    def status(passes):
        return judge(
            cycle_start=start,
            cycle_end=end,
            option_on_cycle_start=2,
            passes=passes,
            listed=lambda code, day: True,
            as_of=dt.date(2025, 6, 1),
        )

    assert settings.RENEWAL_REQUIRED_OPTION_2 == 3
    met = status(three)
    assert (met.required, len(met.counted), met.remaining, met.status) == (3, 3, 0, MET)
    assert status(three[:2]).status == OPEN
