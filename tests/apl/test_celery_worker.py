"""A real Celery worker, fed through Redis, runs a task the web app queued after commit.

Runs only where Redis answers (.ci/run sets APL_CELERY_WORKER_TESTS=1 and REDIS_URL).
"""

import os
import time

import pytest
from django.core import mail
from django.db import transaction

from apl.celery import app
from apl.notify import email_on_commit
from tests.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_worker():
    from celery.contrib.testing.worker import start_worker

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    try:
        with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous


def test_email_queued_after_commit_is_sent_by_a_real_worker(real_worker):
    user = UserFactory(email="worker.test@example.org")
    with transaction.atomic():
        email_on_commit(
            user=user, subject="Queued", template="email/plain.txt", context={"body": "Hello"}
        )
        assert mail.outbox == []  # nothing leaves before the commit
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [["worker.test@example.org"]]
    assert "Hello" in mail.outbox[0].body
