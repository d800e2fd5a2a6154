"""Background jobs: issuing credentials after a pass, and a sweep that catches any missed."""

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def issue_for_enrollment(enrollment_id: int) -> int | None:
    """Issue the credential of one passed enrolment (and its programme's, once complete).
    Safe to run twice: a database constraint holds one credential per enrolment."""
    from credentials.services import credential_issue_for_enrollment

    credential = credential_issue_for_enrollment(enrollment_id=enrollment_id)
    return credential.pk if credential else None


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def issue_missing() -> int:
    """Issue for every passed enrolment that has no credential yet (and every completed
    programme), in batches; returns how many."""
    from credentials.services import credentials_issue_missing

    return credentials_issue_missing()
