"""Outages: with Redis (cache and broker) unreachable, nobody sees a 500 and no email is lost.

The broker here is a real closed port, not a mock: the web app really fails to reach it.
"""

import pytest
from django.core import mail
from django.urls import reverse

from apl.celery import app
from apl.models import OutgoingEmail
from apl.tasks import send_due_emails
from tests.factories.accounts import TEST_PASSWORD, UserFactory
from tests.factories.grading import levels_for, submitted_attempt

pytestmark = pytest.mark.django_db
CLOSED = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down(settings):
    """Celery publishes to a port where nothing listens; restored afterwards."""
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED
    settings.REDIS_URL = CLOSED
    app.conf.task_always_eager, app.conf.broker_url = False, CLOSED
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.task_always_eager, app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_a_grade_posted_with_the_broker_down_is_saved_and_its_email_sent_later(
    client, world, broker_down, django_capture_on_commit_callbacks
):
    attempt = submitted_attempt(world.enrollment)
    client.force_login(world.facilitator)
    data = {"action": "post", "score-overall_feedback": "Good work"} | {
        f"score-level_{cid}": lid for cid, lid in levels_for(attempt, 3).items()
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grading:attempt-score", args=[attempt.pk]), data)
    assert response.status_code == 302
    waiting = OutgoingEmail.objects.get()
    assert waiting.to == world.educator.email and waiting.sent_at is None
    assert mail.outbox == []
    assert client.get("/healthz").json()["emails_waiting"] == 1

    # The broker is back: the periodic sweep (beat, every minute) sends what waited.
    app.conf.task_always_eager = True
    assert send_due_emails.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[world.educator.email]]
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert send_due_emails.delay().get() == 0  # sent once, never twice


def test_sign_in_and_public_pages_work_with_redis_unreachable(client, broker_down, db):
    from tests.factories.credentials import issued_credential
    from tests.factories.enrollment import EducatorFactory

    user = UserFactory(email="outage@example.org")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session
    credential = issued_credential(educator=EducatorFactory())
    anonymous = client.__class__()
    for url in (
        reverse("credentials:public-credential", args=[credential.public_id]),
        reverse("credentials:public-issuer"),
        reverse("credentials:public-status-list", args=[credential.status_list.slug]),
    ):
        assert anonymous.get(url).status_code == 200, url


def test_the_public_rate_limit_still_holds_with_redis_unreachable(client, broker_down, settings):
    from tests.factories.credentials import issued_credential
    from tests.factories.enrollment import EducatorFactory

    settings.APL_PUBLIC_RATE_LIMIT = 3
    credential = issued_credential(educator=EducatorFactory())
    url = reverse("credentials:public-credential", args=[credential.public_id])
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_failed_send_is_retried_later_not_lost(settings, db):
    from apl.notify import email_on_commit
    from apl.outbox import outgoing_email_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    user = UserFactory(email="retry@example.org")
    email_on_commit(user=user, subject="Hi", template="email/plain.txt", context={"body": "x"})
    email = OutgoingEmail.objects.get()
    assert outgoing_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.attempts == 1 and email.sent_at is None and "Error" in email.last_error
    assert email.send_after > email.created_at  # backed off

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outgoing_email_send(email_id=email.pk) is True
    assert [m.to for m in mail.outbox] == [["retry@example.org"]]
