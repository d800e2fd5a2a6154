"""A Celery worker in a process of its own, for tests that kill it outright.

    APL_TEST_BUILD_SLEEP=60 python tests/apl/worker_process.py <queue>

With APL_TEST_BUILD_SLEEP set, every report build first sleeps that many seconds, so
that a test can kill the worker in the middle of one. Configuration comes from the
environment, as in production (DATABASE_URL, REDIS_URL, the timeouts).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apl.settings_test")

import django  # noqa: E402

django.setup()

from apl.celery import app  # noqa: E402
from reporting import services  # noqa: E402


def _slow_builds(seconds: float) -> None:
    build = services.quarterly_report

    def slow(**kwargs):
        time.sleep(seconds)
        return build(**kwargs)

    services.quarterly_report = slow


if __name__ == "__main__":
    if float(os.environ.get("APL_TEST_BUILD_SLEEP", "0")):
        _slow_builds(float(os.environ["APL_TEST_BUILD_SLEEP"]))
    app.worker_main(
        [
            "worker",
            "--loglevel=WARNING",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--queues={sys.argv[1]}",
        ]
    )
