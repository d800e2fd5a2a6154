"""Project-wide background jobs."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_templated_email(*, to: str, subject: str, template: str, context: dict) -> None:
    """Send one plain-text email rendered from ``template`` (ids and plain values only)."""
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    send_mail(subject, body, None, [to])
