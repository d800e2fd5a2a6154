"""Background jobs of the reporting app: each takes ids or plain values and calls a service."""

import datetime as dt

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reporting import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def build_quarterly_report(report_run_id: int) -> str:
    """Build one run's files; safe to run twice (a done run is left alone)."""
    return services.report_run_execute(run_id=report_run_id).status


@shared_task(acks_late=True)
def requeue_stuck_runs() -> int:
    """Periodic sweep: queue again runs stuck in queued/running (e.g. the broker was down)."""
    return services.report_runs_requeue_stuck()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True)
def build_reports_for_closed_quarter(today: str | None = None) -> list[int]:
    """Runs on the 1st of every month; acts only when yesterday closed a quarter.

    The reports are built as of the new quarter's first day, so the quarter that just
    closed shows its completions and pass rate. Idempotent: a second run on the same day
    finds the scheduled runs and queues nothing.
    """
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return [run.pk for run in services.report_runs_for_closed_quarter(today=day)]
