"""A real Celery worker, fed through Redis, builds a report the dashboard queued.

Runs only where Redis answers (.ci/run sets APL_CELERY_WORKER_TESTS=1 and REDIS_URL).
"""

import os
import time

import pytest

from apl.celery import app
from reporting import services
from reporting.models import ReportRun
from tests.factories import programme
from tests.reporting.conftest import AS_OF

# Not serialized_rollback: another worker test flushes the database without it, and the
# flush's post_migrate re-creates the role groups, which a serialized reload would clash
# with. The catalogue this test needs is seeded again instead (idempotent).
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    import importlib

    from django.apps import apps

    from accounts.roles import sync_role_permissions

    importlib.import_module("catalogue.migrations.0002_seed_catalogue").seed(apps, None)
    sync_role_permissions()


@pytest.fixture
def real_worker():
    from celery.contrib.testing.worker import start_worker

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    app._pool = None
    app.amqp._producer_pool = None
    try:
        with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = None
        app.amqp._producer_pool = None


def test_a_real_worker_builds_the_report_files(real_worker, small_history, lac):
    run = services.report_run_request(programme=programme("APL I-II"), as_of=AS_OF, by=lac)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            break
        time.sleep(0.3)
    assert run.status == ReportRun.Status.DONE, run.reason
    assert run.available_formats == ["csv", "json", "xlsx", "pdf"]
    csv = services.report_run_file(run=run, fmt="csv").read_text()
    assert csv.startswith("APL I-II Micro-Credentials,Q1/24,Q2/24,Q3/24,Q4/24\n")
