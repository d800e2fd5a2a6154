"""Writes of the reporting app: report runs and their files. Reporting never writes enrolments."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from apl.quarters import Quarter
from catalogue.models import Programme
from enrollment.models import Cohort
from reporting.models import FORMATS, ReportRun
from reporting.selectors import QuarterlyReport, ReportError, quarterly_report

logger = logging.getLogger(__name__)

# A run queued or running longer than the broker's visibility timeout (the longest task's
# time limit plus a margin) lost its worker: requeue it.
STUCK_AFTER = dt.timedelta(seconds=settings.APL_TASK_VISIBILITY_TIMEOUT)
MAX_ATTEMPTS = 5


def render_report(report: QuarterlyReport, fmt: str) -> str | bytes:
    """The report in one of FORMATS: text for csv/json, bytes for xlsx/pdf."""
    from reporting import formats

    if fmt == "csv":
        return formats.to_csv(report)
    if fmt == "json":
        return formats.to_json(report)
    if fmt == "xlsx":
        return formats.to_xlsx(report)
    if fmt == "pdf":
        from reporting.render_pdf import to_pdf

        return to_pdf(report)
    raise ValueError(f"Unknown report format {fmt!r}.")


def reports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "reports"


@transaction.atomic
def report_run_request(*, programme: Programme, as_of: dt.date, by=None) -> ReportRun:
    """Queue a build of the programme's report files, or join the one already under way."""
    if not Cohort.objects.filter(
        micro_credential__programme=programme, quarter__lte=Quarter.containing(as_of)
    ).exists():
        raise ValidationError(
            f"{programme.name} had no cohort by {as_of:%Y-%m-%d}: "
            "the as-of date is before the program began."
        )
    existing = ReportRun.objects.active().filter(programme=programme, as_of=as_of).first()
    if existing is not None:
        return existing
    run = ReportRun(programme=programme, as_of=as_of, requested_by=by)
    run.full_clean()
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:  # another request queued the same report a moment ago
        return ReportRun.objects.active().get(programme=programme, as_of=as_of)
    transaction.on_commit(lambda: report_run_enqueue(run_id=run.pk))
    return run


def report_run_enqueue(*, run_id: int) -> bool:
    """Hand the run to a worker. With the broker down the run stays queued, with the reason;
    the periodic sweep tries again. Never raises: a web request must not fail on it."""
    from reporting.tasks import build_quarterly_report

    try:
        build_quarterly_report.apply_async((run_id,), retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the run queued
        logger.warning("report run %s not queued: %s", run_id, type(exc).__name__)
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
            reason="The job queue is unreachable just now; the build will be retried "
            f"automatically ({type(exc).__name__}).",
            updated_at=timezone.now(),
        )
        return False
    return True


def report_run_execute(*, run_id: int) -> ReportRun:
    """Build every file of the run. Safe to run twice: a done run is left as it is, and a
    rebuild writes the same files to the same names. Database hiccups propagate (the task
    retries); any other failure marks the run failed with its reason."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("programme").get(pk=run_id)
        if not run.is_active:
            return run
        run.status = ReportRun.Status.RUNNING
        run.started_at = timezone.now()
        run.attempts += 1
        run.reason = ""
        run.save()
    try:
        report = quarterly_report(programme=run.programme, as_of=run.as_of)
        files = _write_files(run, report)
    except OperationalError:
        raise
    except ReportError as exc:
        return _finish(run, ReportRun.Status.FAILED, reason=str(exc))
    except Exception as exc:
        logger.exception("report run %s failed", run.pk)
        return _finish(run, ReportRun.Status.FAILED, reason=f"{type(exc).__name__}: {exc}"[:500])
    return _finish(run, ReportRun.Status.DONE, files=files)


def _write_files(run: ReportRun, report: QuarterlyReport) -> dict[str, str]:
    folder = reports_dir() / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt in FORMATS:
        content = render_report(report, fmt)
        path = folder / run.file_basename(fmt)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        files[fmt] = str(path.relative_to(settings.MEDIA_ROOT))
    return files


def _finish(run: ReportRun, status: str, *, reason: str = "", files=None) -> ReportRun:
    run.status = status
    run.reason = reason
    run.files = files or {}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "reason", "files", "finished_at", "updated_at"])
    return run


def report_run_file(*, run: ReportRun, fmt: str) -> Path:
    """The path of one of a done run's files; ValueError if it has none such."""
    name = run.files.get(fmt) if run.is_done else None
    if not name:
        raise ValueError("This run has no such file.")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if reports_dir().resolve() not in path.parents or not path.is_file():
        raise ValueError("This run's file is missing.")
    return path


def report_runs_requeue_stuck(*, now: dt.datetime | None = None) -> int:
    """Queue again the runs left queued or running too long; give up after MAX_ATTEMPTS."""
    now = now or timezone.now()
    stuck = list(
        ReportRun.objects.active()
        .filter(updated_at__lt=now - STUCK_AFTER)
        .values_list("pk", "attempts")
    )
    requeued = 0
    for run_id, attempts in stuck:
        if attempts >= MAX_ATTEMPTS:
            ReportRun.objects.filter(pk=run_id).update(
                status=ReportRun.Status.FAILED,
                reason=f"Gave up after {attempts} attempts; request the report again.",
                finished_at=now,
                updated_at=now,
            )
            continue
        ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.QUEUED, updated_at=now)
        requeued += report_run_enqueue(run_id=run_id)
    return requeued


def report_runs_for_closed_quarter(*, today: dt.date) -> list[ReportRun]:
    """On the first day of a quarter, queue both programmes' reports (once each)."""
    yesterday = today - dt.timedelta(days=1)
    if Quarter.containing(yesterday).last_day != yesterday:
        return []
    runs = []
    for programme in Programme.objects.all():
        already = (
            ReportRun.objects.filter(programme=programme, as_of=today, requested_by__isnull=True)
            .exclude(status=ReportRun.Status.FAILED)
            .exists()
        )
        if already:
            continue
        try:
            runs.append(report_run_request(programme=programme, as_of=today, by=None))
        except ValidationError:
            continue  # the programme had not begun by then
    return runs
