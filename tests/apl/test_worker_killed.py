"""A worker killed outright (kill -9) in the middle of a report build: the run does not
stay ``running``. The task was never acknowledged (acks_late), so once the broker's
visibility timeout passes the next worker takes it again and the build completes.

Real processes and a real Redis: .ci/run runs it with APL_CELERY_WORKER_TESTS=1. The
timeouts are made short through the same environment variables production reads.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from apl.celery import app
from reporting import services
from reporting.models import ReportRun
from tests.factories import programme
from tests.reporting.conftest import AS_OF, small_history  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

LAUNCHER = Path(__file__).with_name("worker_process.py")
VISIBILITY_S = 6  # the broker hands an unacknowledged task out again after this
BOUND_S = 120  # the whole test, a slow machine included


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    import importlib

    from django.apps import apps

    from accounts.roles import sync_role_permissions

    importlib.import_module("catalogue.migrations.0002_seed_catalogue").seed(apps, None)
    sync_role_permissions()


def _database_env() -> dict:
    """How a second process opens this test's database."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return {"DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}"}
    if db["NAME"] and ":memory:" not in str(db["NAME"]) and "mode=memory" not in str(db["NAME"]):
        return {"APL_TEST_SQLITE_FILE": str(db["NAME"])}
    pytest.skip("another process cannot open an in-memory SQLite database: use PostgreSQL")


@pytest.fixture
def queue():
    """A queue of this test's own, so that no other task in Redis reaches its workers."""
    name = f"test-killed-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    app.conf.task_default_queue = name
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield name
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = saved
        app._pool = None
        app.amqp._producer_pool = None


def _worker(queue: str, *, build_sleep: float) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "APL_TEST_SQLITE_FILE")
    }
    env |= _database_env() | {
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "APL_REPORT_TIME_LIMIT": "60",
        "APL_TASK_VISIBILITY_TIMEOUT": str(VISIBILITY_S),
        "APL_STUCK_SWEEP_SECONDS": str(VISIBILITY_S),
        "APL_TEST_BUILD_SLEEP": str(build_sleep),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    # A session of its own: killing its process group kills the pool's child too, as a
    # machine or container that dies would.
    return subprocess.Popen(  # noqa: S603 - our own launcher, fixed arguments
        [sys.executable, str(LAUNCHER), queue], env=env, start_new_session=True
    )


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _wait_for(run: ReportRun, statuses: set, deadline: float) -> None:
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return
        time.sleep(0.3)


def test_a_worker_killed_mid_build_leaves_no_run_running(queue, small_history, lac):  # noqa: F811
    deadline = time.monotonic() + BOUND_S
    first = _worker(queue, build_sleep=BOUND_S)
    second = None
    try:
        run = services.report_run_request(programme=programme("APL I-II"), as_of=AS_OF, by=lac)
        _wait_for(run, {ReportRun.Status.RUNNING}, deadline)
        assert run.status == ReportRun.Status.RUNNING, run.status
        _kill(first)  # kill -9, mid-build: nothing is acknowledged, nothing finished
        run.refresh_from_db()
        assert run.status == ReportRun.Status.RUNNING and run.attempts == 1
        second = _worker(queue, build_sleep=0)
        _wait_for(run, {ReportRun.Status.DONE, ReportRun.Status.FAILED}, deadline)
    finally:
        for worker in (first, second):
            if worker is not None:
                _kill(worker)
    assert run.status == ReportRun.Status.DONE, (run.status, run.reason)
    assert run.attempts == 2  # the killed build, then the one that completed
    assert run.available_formats == ["csv", "json", "xlsx", "pdf"]
