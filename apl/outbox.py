"""Sending the outbox: one email per call, safe to run twice, retried with back-off."""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from apl.models import OutgoingEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def outgoing_email_send(*, email_id: int) -> bool:
    """Send one queued email unless it was sent already; True when it went out.

    The row stays locked while the mail server answers, so two workers never send the
    same email; a failure records the error and pushes the next try back exponentially.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        try:
            send_mail(email.subject, email.body, None, [email.to])
        except Exception as exc:  # noqa: BLE001 - any failure is retried later
            email.attempts += 1
            email.last_error = f"{type(exc).__name__}: {exc}"[:255]
            email.send_after = timezone.now() + dt.timedelta(minutes=2**email.attempts)
            email.save(update_fields=["attempts", "last_error", "send_after"])
            logger.warning("email %s not sent (attempt %s): %s", email.pk, email.attempts, exc)
            return False
        email.sent_at = timezone.now()
        email.attempts += 1
        email.save(update_fields=["sent_at", "attempts"])
        return True


def outgoing_emails_due(*, limit: int = 200) -> list[int]:
    """Ids of unsent emails whose time has come (oldest first), below the attempt cap."""
    return list(
        OutgoingEmail.objects.filter(
            sent_at__isnull=True, send_after__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:limit]
    )
