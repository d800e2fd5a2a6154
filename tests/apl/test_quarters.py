import datetime as dt

import pytest

from apl.quarters import Quarter, quarter_range


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("Q2/23", dt.date(2022, 10, 1), dt.date(2022, 12, 31)),
        ("Q3/23", dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
        ("Q4/24", dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        ("Q1/25", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("Q3/24", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ],
)
def test_quarter_spans_the_fiscal_months(label, first, last):
    quarter = Quarter.parse(label)
    assert quarter.first_day == first
    assert quarter.last_day == last
    assert quarter.label == label
    assert str(quarter) == label


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2022, 10, 1), "Q2/23"),
        (dt.date(2022, 9, 30), "Q1/23"),
        (dt.date(2024, 5, 15), "Q4/24"),
        (dt.date(2024, 6, 30), "Q4/24"),
        (dt.date(2024, 7, 1), "Q1/25"),
        (dt.date(2024, 2, 29), "Q3/24"),
        (dt.date(2023, 12, 31), "Q2/24"),
        (dt.date(2024, 3, 31), "Q3/24"),  # the last day of March is still Q3
        (dt.date(2024, 4, 1), "Q4/24"),  # April opens Q4
        (dt.date(2023, 3, 1), "Q3/23"),
        (dt.date(2023, 4, 30), "Q4/23"),
    ],
)
def test_quarter_containing_a_date(day, label):
    assert Quarter.containing(day).label == label
    assert day in Quarter.parse(label)


@pytest.mark.parametrize(
    "bad", ["Q5/23", "Q0/23", "q2/23", "Q2/2023", "2/23", "", "Q2-23", "Q2/ 3"]
)
def test_malformed_quarter_is_refused_with_a_reason(bad):
    with pytest.raises(ValueError, match="Qn/yy"):
        Quarter.parse(bad)


def test_quarters_order_and_step_across_fiscal_years():
    q4 = Quarter.parse("Q4/24")
    assert q4.next() == Quarter.parse("Q1/25")
    assert Quarter.parse("Q1/25").previous() == q4
    assert Quarter.parse("Q2/23") < Quarter.parse("Q3/23") < q4
    assert not q4 < Quarter.parse("Q4/24")  # a quarter is not before itself
    assert not q4 > Quarter.parse("Q4/24")
    assert q4 + 1 == Quarter.parse("Q1/25")
    assert q4 + 4 == Quarter.parse("Q4/25")
    assert q4 + -6 == Quarter.parse("Q2/23")
    assert sorted([q4, Quarter.parse("Q2/23")]) == [Quarter.parse("Q2/23"), q4]
    assert q4 - Quarter.parse("Q2/23") == 6
    assert [q.label for q in quarter_range(Quarter.parse("Q2/23"), q4)] == [
        "Q2/23",
        "Q3/23",
        "Q4/23",
        "Q1/24",
        "Q2/24",
        "Q3/24",
        "Q4/24",
    ]


def test_a_quarter_has_ended_only_after_its_last_day():
    q3 = Quarter.parse("Q3/24")
    assert not q3.has_ended(dt.date(2024, 3, 31))
    assert q3.has_ended(dt.date(2024, 4, 1))


def test_quarter_round_trips_through_its_index():
    for index in range(Quarter.parse("Q1/20").index, Quarter.parse("Q4/30").index):
        assert Quarter.from_index(index).index == index
        assert Quarter.parse(Quarter.from_index(index).label).index == index


@pytest.mark.parametrize(("year", "number"), [(2000, 1), (2099, 4)])
def test_fiscal_years_2000_to_2099_are_accepted(year, number):
    assert Quarter(year, number).fiscal_year == year


@pytest.mark.parametrize(
    ("year", "number", "reason"),
    [
        (1999, 4, "Fiscal year 1999 is outside 2000–2099."),
        (2100, 1, "Fiscal year 2100 is outside 2000–2099."),
        (2024, 0, "A quarter number is 1 to 4, not 0."),
        (2024, 5, "A quarter number is 1 to 4, not 5."),
    ],
)
def test_a_quarter_outside_the_range_is_refused_with_its_reason(year, number, reason):
    with pytest.raises(ValueError) as refused:
        Quarter(year, number)
    assert str(refused.value) == reason
