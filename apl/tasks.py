"""Project-wide background jobs."""

from celery import shared_task

from apl.outbox import outgoing_email_send, outgoing_emails_due


@shared_task(acks_late=True)
def send_outgoing_email(email_id: int) -> bool:
    """Send one email of the outbox (a no-op when it was sent already)."""
    return outgoing_email_send(email_id=email_id)


@shared_task(acks_late=True)
def send_due_emails() -> int:
    """The outbox sweep: send what was never queued (broker down) or failed before."""
    return sum(outgoing_email_send(email_id=pk) for pk in outgoing_emails_due())


@shared_task(acks_late=True)
def prune_data_changes() -> int:
    """Every minute: keep the table of noted changes (apl.versions) short."""
    from apl.versions import prune

    return prune()
