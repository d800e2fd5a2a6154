"""A closed quarter whose enrolments all still await an outcome reads "not yet recorded",
never 0 completed and 0 %; the chart draws no point for it."""

import datetime as dt

import pytest

from reporting.charts import quarter_chart
from reporting.formats import to_csv
from reporting.selectors import NOT_RECORDED, quarterly_report
from tests.factories import EducatorFactory, programme
from tests.reporting.conftest import enrol

pytestmark = pytest.mark.django_db


def test_a_closed_quarter_without_outcomes_is_not_yet_recorded():
    for status in ("passed", "not_passed"):
        enrol(EducatorFactory(), "CE", "Q3/24", status)
    for _ in range(3):
        enrol(EducatorFactory(), "AL", "Q4/24", "enrolled")  # closed by the as-of date
    report = quarterly_report(programme=programme("APL I-II"), as_of=dt.date(2024, 8, 1))
    by_label = {c.quarter.label: c for c in report.columns}
    waiting = by_label["Q4/24"]
    assert waiting.closed and not waiting.recorded
    assert (waiting.completed_cell, waiting.percent_cell) == (NOT_RECORDED, NOT_RECORDED)
    assert by_label["Q3/24"].percent_cell == "50%"
    assert report.summary.latest_closed.quarter.label == "Q3/24"
    assert "Total Completed,1,not yet recorded," in to_csv(report)
    chart = str(quarter_chart(report))
    assert "not yet recorded</text>" in chart
    assert chart.count("<circle") == 2  # Q3/24's point and the legend's, none for Q4/24
