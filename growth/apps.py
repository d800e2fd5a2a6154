import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


def _queue_record_pass(sender, enrollment_id: int, **kwargs) -> None:
    """Sent after commit: meet the goals this pass meets. A broker outage must not fail
    the grade that passed the enrolment; the periodic sweep catches what was missed."""
    from growth.tasks import record_pass

    try:
        record_pass.delay(enrollment_id)
    except Exception:
        logger.exception("could not queue growth goals for enrolment %s", enrollment_id)


class GrowthConfig(AppConfig):
    """Professional growth plans, their PGP reviewers and the stipends micro-credentials earn."""

    name = "growth"
    verbose_name = "Professional growth"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from enrollment.signals import enrollment_passed

        enrollment_passed.connect(_queue_record_pass, dispatch_uid="growth-record-pass")
