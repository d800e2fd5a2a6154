"""Celery application; periodic schedules live here so that they are reviewed with the code."""

import datetime as dt
import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apl.settings")

app = Celery("apl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # A quarter closes on the last day of Sep, Dec, Mar and Jun; build both programmes'
    # reports early on the first day of every month and let the task decide whether a
    # quarter has just closed (it is idempotent, so a re-run is harmless).
    "quarterly-reports-on-quarter-close": {
        "task": "reporting.tasks.build_reports_for_closed_quarter",
        "schedule": crontab(minute=15, hour=2, day_of_month=1),
    },
    # A run counts as stuck after the visibility timeout (settings: the longest task's
    # time limit plus a margin), so one whose worker was killed is built again within
    # that timeout plus this interval (APL_STUCK_SWEEP_SECONDS, 2 minutes unless set).
    "requeue-stuck-report-runs": {
        "task": "reporting.tasks.requeue_stuck_runs",
        "schedule": dt.timedelta(seconds=settings.APL_STUCK_SWEEP_SECONDS),
    },
    # The outbox: email that could not be queued (broker down) or failed to send.
    "send-due-emails": {
        "task": "apl.tasks.send_due_emails",
        "schedule": crontab(minute="*"),
    },
    # Keep the table of noted changes (apl.versions) to about a minute of writes.
    "prune-data-changes": {
        "task": "apl.tasks.prune_data_changes",
        "schedule": crontab(minute="*"),
    },
    # Credentials for passes whose issue task was lost (broker down, worker killed).
    "issue-missing-credentials": {
        "task": "credentials.tasks.issue_missing",
        "schedule": crontab(minute="*/15"),
    },
    # Growth goals met by passes that came by import (which signals nothing).
    "growth-goals-met-by-passes": {
        "task": "growth.tasks.sweep_passes",
        "schedule": crontab(minute="*/15"),
    },
}
