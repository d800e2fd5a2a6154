"""The report PDF is tagged (PDF/UA-1), its table as a table, and its chart keeps the
enrolment bars, the left axis and the point labels."""

import pytest

from reporting.charts import quarter_chart
from reporting.render_pdf import to_pdf
from reporting.selectors import quarterly_report
from tests.factories import programme
from tests.reporting.conftest import AS_OF
from tests.tagged_pdf import assert_tagged, structure_types

pytestmark = pytest.mark.django_db


def test_the_report_pdf_is_tagged_with_its_table(small_history):
    data = to_pdf(quarterly_report(programme=programme("APL I-II"), as_of=AS_OF))
    assert_tagged(data)
    assert {"/Table", "/TH", "/TD"} <= structure_types(data)


def test_the_pdf_chart_has_bars_left_axis_and_labels_without_paint_order(small_history):
    from reporting import render_pdf

    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    captured = {}
    original = render_pdf.render_to_string

    def spy(template, context):
        captured.update(context)
        return original(template, context)

    render_pdf.render_to_string = spy
    try:
        render_pdf.to_pdf(report)
    finally:
        render_pdf.render_to_string = original
    chart = str(captured["chart"])
    assert chart.count("<rect") >= len(report.columns)  # the hatched enrolment bars
    assert "Enrollment (bars, left axis)" in chart
    assert "paint-order" not in chart
    closed = [c for c in report.columns if c.closed and c.percent_passing is not None]
    for column in closed:
        assert f">{column.percent_passing}%</text>" in chart
    assert str(quarter_chart(report, id_prefix="pdf", width=640, height=220)) == chart
