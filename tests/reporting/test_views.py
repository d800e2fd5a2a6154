"""The LAC's dashboard: the table, the figures, the chart, the files; scoped downloads."""

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apl.db import is_postgresql
from apl.quarters import Quarter
from audit.models import AuditEvent
from reporting.cache import local_clear
from reporting.charts import quarter_chart
from reporting.models import ReportRun
from reporting.selectors import quarterly_report
from tests.factories import EducatorFactory, programme
from tests.factories.reporting import ReportRunFactory, done_run
from tests.reporting.conftest import AS_OF, enrol

DASHBOARD = "reporting:dashboard"


def _show(client, **params):
    return client.get(
        reverse(DASHBOARD), {"programme": "apl-i-ii", "as_of": "2024-05-15", **params}
    )


def test_dashboard_shows_table_summary_chart_and_build_button(client, lac, small_history):
    client.force_login(lac)
    page = _show(client).content.decode()
    assert "APL I-II Micro-Credentials, as of May 15, 2024" in page
    assert "<caption>" in page and '<th scope="row">Classroom Environment</th>' in page
    assert "Educators projected to complete in Q4/24" in page
    assert 'role="img"' in page and "The chart as text" in page
    assert "Build the files for APL I-II as of 2024-05-15" in page


def test_liaison_reads_but_is_not_offered_the_build(client, liaison, small_history):
    client.force_login(liaison)
    page = _show(client).content.decode()
    assert "APL I-II Micro-Credentials" in page
    assert "Build the files" not in page
    assert "Only the Licensure Advancement Coordinator builds report files" in page


def test_dashboard_defaults_to_today(client, lac, small_history):
    client.force_login(lac)
    with time_machine.travel("2024-05-15 12:00:00-06:00", tick=False):
        page = client.get(reverse(DASHBOARD)).content.decode()
    assert 'value="2024-05-15"' in page
    assert "APL I-II Micro-Credentials, as of May 15, 2024" in page


def test_dashboard_says_why_there_is_no_report(client, lac, small_history):
    client.force_login(lac)
    page = _show(client, as_of="2023-01-01").content.decode()
    assert "before the program began" in page
    page = _show(client, as_of="not-a-date").content.decode()
    assert "usa-error-message" in page


def test_dashboard_query_count_does_not_grow(client, lac, small_history, django_assert_num_queries):
    client.force_login(lac)
    _show(client)  # the session and permission caches warm up
    done_run()
    cache.clear()  # the report's own queries, not the cached report's
    local_clear()
    # On PostgreSQL one more: the report's analytic settings (one set_config statement).
    expected = 16 + is_postgresql()
    with CaptureQueriesContext(connection) as before, django_assert_num_queries(expected):
        _show(client)
    for quarter in ("Q2/23", "Q3/23", "Q4/23"):
        for code in ("CE", "AL", "MLSS"):
            for status in ("passed", "enrolled"):
                enrol(EducatorFactory(), code, quarter, status)
    done_run()
    cache.clear()
    local_clear()
    with CaptureQueriesContext(connection) as after:
        _show(client)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_build_request_queues_and_the_page_polls_until_done(client, lac, small_history):
    client.force_login(lac)
    response = client.post(
        reverse("reporting:run-create"), {"programme": "apl-i-ii", "as_of": "2024-05-15"}
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.status == "queued" and run.requested_by == lac
    status = client.get(reverse("reporting:run-status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in status.content.decode()
    ReportRun.objects.filter(pk=run.pk).update(status="failed", reason="disk full")
    status = client.get(reverse("reporting:run-status", args=[run.pk]), HTTP_HX_REQUEST="true")
    body = status.content.decode()
    assert "hx-trigger" not in body and "Reason: disk full" in body


def test_download_is_an_audited_attachment(client, liaison, small_history):
    client.force_login(liaison)
    run = done_run()
    response = client.get(reverse("reporting:run-download", args=[run.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"APL I-II")
    event = AuditEvent.objects.get(action="export.report")
    assert event.actor == liaison and event.detail == {"format": "csv"}


def test_download_of_a_missing_file_or_unfinished_run_is_404(client, lac, small_history):
    client.force_login(lac)
    queued = ReportRunFactory()
    assert client.get(reverse("reporting:run-download", args=[queued.pk, "csv"])).status_code == 404
    run = done_run()
    assert client.get(reverse("reporting:run-download", args=[run.pk, "pdf"])).status_code == 404
    assert client.get(reverse("reporting:run-download", args=[run.pk, "exe"])).status_code == 404
    ReportRun.objects.filter(pk=run.pk).update(files={"csv": "../../secret_key"})
    assert client.get(reverse("reporting:run-download", args=[run.pk, "csv"])).status_code == 404
    assert not AuditEvent.objects.filter(action="export.report").exists()


def test_chart_reads_without_colour_and_states_its_data(small_history):
    svg = str(quarter_chart(quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)))
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "<pattern" in svg  # hatched bars, not colour alone
    assert ">67%<" in svg and ">open<" in svg
    assert "Q1/24: 3 enrolled, 67% passing" in svg
    assert "Q4/24: 2 enrolled, quarter still open" in svg
    assert str(Quarter.parse("Q3/24")) in svg


def test_dashboard_answers_a_date_outside_the_quarter_range_with_a_message(client, lac):
    client.force_login(lac)
    response = client.get(reverse("reporting:dashboard"), {"as_of": "1900-01-01"})
    assert response.status_code == 200
    assert "outside 2000–2099" in response.content.decode()


def test_building_files_for_a_date_outside_the_quarter_range_is_refused_not_a_500(client, lac):
    client.force_login(lac)
    response = client.post(
        reverse("reporting:run-create"), {"programme": "apl-i-ii", "as_of": "1900-01-01"}
    )
    assert response.status_code < 500
    assert not ReportRun.objects.exists()


def test_a_repeat_visit_reads_one_query_and_a_write_shows_at_once(client, lac, small_history):
    """The session with every version (the user, their roles and permissions, the inputs',
    the runs'): the user, the report, its rendered table and chart, the restatement, the
    programmes and the runs come from the worker's memory until a write."""
    client.force_login(lac)
    _show(client)
    with CaptureQueriesContext(connection) as repeat:
        page = _show(client).content.decode()
    assert len(repeat.captured_queries) == 1, [q["sql"][:60] for q in repeat.captured_queries]
    assert '<th scope="row">Total Enrollment</th><td class="text-right">3</td>' in page
    enrol(EducatorFactory(), "CE", "Q1/24", "passed")
    page = _show(client).content.decode()
    assert '<th scope="row">Total Enrollment</th><td class="text-right">4</td>' in page


def test_a_new_build_and_its_progress_show_on_the_next_visit(client, lac, small_history):
    """The runs are kept too, under the version of the runs table: a build requested and
    each step it takes (written by the worker) show at once."""
    from reporting.models import ReportRun
    from tests.factories.reporting import ReportRunFactory

    client.force_login(lac)
    assert "No files have been built" in _show(client).content.decode()
    run = ReportRunFactory()
    page = _show(client).content.decode()
    assert "No files have been built" not in page and "Queued" in page
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.FAILED, reason="disk full")
    assert "Reason: disk full" in _show(client).content.decode()
