"""Email from services: written to the outbox in the caller's transaction, sent after commit.

The email row commits or rolls back with the change it reports. After commit a task is
queued to send it; if the broker is down the user's action still succeeds and the
periodic sweep (``apl.tasks.send_due_emails``) sends it once the broker is back.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from apl.models import OutgoingEmail

logger = logging.getLogger(__name__)


def email_on_commit(*, user, subject: str, template: str, context: dict, optional: bool = False):
    """Queue an email to ``user``; optional notices respect the user's preference."""
    if optional and not user.email_optional_notices:
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    subject = " ".join(subject.split())[:255]
    email = OutgoingEmail.objects.create(to=user.email, subject=subject, body=body)
    email_id = email.pk
    transaction.on_commit(lambda: _queue_send(email_id))


def _queue_send(email_id: int) -> None:
    from apl.tasks import send_outgoing_email

    try:
        send_outgoing_email.delay(email_id)
    except Exception:  # the broker is down: the sweep sends it later
        logger.warning("could not queue email %s; the outbox sweep will send it", email_id)
