"""Background jobs of growth plans: each takes ids and calls one service; safe to re-run."""

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True)
def record_pass(enrollment_id: int) -> None:
    from growth.stipends import record_pass as record

    record(enrollment_id=enrollment_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True)
def sweep_passes() -> int:
    """Goals met by passes that came by import (no signal) or whose task was lost."""
    from growth.stipends import passes_sweep

    return passes_sweep()
