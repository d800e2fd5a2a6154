"""Report runs: building the files in the background, safely, and serving them in scope."""

import datetime as dt

import pytest
import time_machine
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from reporting import services, tasks
from reporting.models import ReportRun
from tests.factories import programme
from tests.factories.reporting import ReportRunFactory
from tests.reporting.conftest import AS_OF


def _request(by=None, as_of=AS_OF):
    return services.report_run_request(programme=programme("APL I-II"), as_of=as_of, by=by)


def test_a_request_builds_all_four_files(small_history, lac, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = _request(by=lac)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    assert run.available_formats == ["csv", "json", "xlsx", "pdf"]
    csv = services.report_run_file(run=run, fmt="csv").read_text()
    assert csv.startswith("APL I-II Micro-Credentials,Q1/24,Q2/24,Q3/24,Q4/24\n")
    assert services.report_run_file(run=run, fmt="pdf").read_bytes().startswith(b"%PDF")


def test_a_second_request_joins_the_run_under_way(small_history):
    first = _request()
    assert _request() == first
    assert ReportRun.objects.count() == 1


def test_running_the_task_twice_builds_once(small_history):
    run = _request()
    assert tasks.build_quarterly_report.apply((run.pk,)).get() == "done"
    files = ReportRun.objects.get(pk=run.pk).files
    assert tasks.build_quarterly_report.apply((run.pk,)).get() == "done"
    run.refresh_from_db()
    assert run.files == files and run.attempts == 1


def test_a_stuck_run_rebuilds_the_same_files(small_history):
    run = _request()
    tasks.build_quarterly_report.apply((run.pk,))
    run.refresh_from_db()
    before = services.report_run_file(run=run, fmt="csv").read_bytes()
    ReportRun.objects.filter(pk=run.pk).update(status="running")
    tasks.build_quarterly_report.apply((run.pk,))
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 2
    assert services.report_run_file(run=run, fmt="csv").read_bytes() == before
    assert sorted(p.name for p in services.reports_dir().joinpath(str(run.pk)).iterdir()) == [
        run.file_basename(fmt) for fmt in ("csv", "json", "pdf", "xlsx")
    ]


def test_a_database_hiccup_is_retried(small_history, monkeypatch):
    assert OperationalError in tasks.build_quarterly_report.autoretry_for
    real = services.quarterly_report
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(**kwargs)

    monkeypatch.setattr(services, "quarterly_report", flaky)
    run = _request()
    tasks.build_quarterly_report.apply((run.pk,), throw=False)
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 2
    assert len(calls) == 2


def test_a_failed_build_records_its_reason(small_history, monkeypatch):
    def broken(report, fmt):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "render_report", broken)
    run = _request()
    tasks.build_quarterly_report.apply((run.pk,))
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.reason == "RuntimeError: disk full"


def test_a_request_before_the_programme_began_is_refused(small_history):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="before the program began"):
        _request(as_of=dt.date(2023, 6, 30))


def test_broker_down_leaves_the_run_queued_with_the_reason(small_history, broker_down):
    run = ReportRunFactory()
    assert services.report_run_enqueue(run_id=run.pk) is False
    run.refresh_from_db()
    assert run.status == "queued"
    assert "job queue is unreachable" in run.reason


@pytest.mark.django_db(transaction=True)
def test_broker_down_dashboard_build_answers_queued_not_500(
    client, lac, small_history, broker_down
):
    client.force_login(lac)
    response = client.post(
        reverse("reporting:run-create"),
        {"programme": "apl-i-ii", "as_of": "2024-05-15"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Queued: The job queue is unreachable just now" in page
    assert ReportRun.objects.get().status == "queued"


def test_broker_down_pages_still_render(client, lac, small_history, broker_down):
    client.force_login(lac)
    response = client.get(reverse("reporting:dashboard"), {"as_of": "2024-05-15"})
    assert response.status_code == 200


def test_sweep_requeues_stuck_runs_and_gives_up_in_the_end(small_history):
    stuck = ReportRunFactory(status="running", attempts=1)
    hopeless = ReportRunFactory(as_of=dt.date(2024, 5, 1), status="queued", attempts=5)
    fresh = ReportRunFactory(as_of=dt.date(2024, 4, 1), status="queued")
    old = timezone.now() - dt.timedelta(hours=1)
    ReportRun.objects.filter(pk__in=[stuck.pk, hopeless.pk]).update(updated_at=old)
    assert tasks.requeue_stuck_runs.apply().get() == 1
    stuck.refresh_from_db(), hopeless.refresh_from_db(), fresh.refresh_from_db()
    assert stuck.status == "done"
    assert hopeless.status == "failed" and "Gave up after 5 attempts" in hopeless.reason
    assert fresh.status == "queued"


@pytest.mark.parametrize(
    ("today", "acts"),
    [("2024-07-01", True), ("2024-10-01", True), ("2024-08-01", False), ("2024-07-02", False)],
)
def test_scheduled_build_acts_only_when_a_quarter_has_just_closed(small_history, today, acts):
    ids = tasks.build_reports_for_closed_quarter.apply(kwargs={"today": today}).get()
    # APL II-III has no cohort in this history, so only APL I-II is built.
    assert len(ids) == (1 if acts else 0)
    if acts:
        run = ReportRun.objects.get(pk=ids[0])
        assert run.as_of.isoformat() == today and run.requested_by is None


def test_scheduled_build_is_idempotent(small_history):
    with time_machine.travel("2024-10-01 08:15:00-06:00", tick=False):
        first = tasks.build_reports_for_closed_quarter.apply().get()
        second = tasks.build_reports_for_closed_quarter.apply().get()
    assert len(first) == 1 and second == []
    assert ReportRun.objects.get().as_of == dt.date(2024, 10, 1)
