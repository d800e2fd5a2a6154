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
        from accounts.roles import Role
        from apl.home import register_home_section
        from apl.navigation import register_nav_item
        from enrollment.signals import enrollment_passed
        from exchange.importers import register_importer
        from growth.payments import PaymentImporter
        from growth.selectors import educator_home, reviewer_home, state_home

        enrollment_passed.connect(_queue_record_pass, dispatch_uid="growth-record-pass")
        register_importer(PaymentImporter)
        register_nav_item(
            label="Growth plans",
            url_name="growth:plan-list",
            roles=(Role.EDUCATOR, Role.PGP_REVIEWER, Role.LAC, Role.LIAISON),
            order=76,
        )
        register_nav_item(
            label="Stipends",
            url_name="growth:stipend-list",
            roles=(Role.LAC, Role.LIAISON),
            order=77,
        )
        register_home_section(
            roles=(Role.EDUCATOR,),
            template="growth/_home_educator.html",
            context=lambda request: educator_home(user=request.user),
            order=60,
        )
        register_home_section(
            roles=(Role.PGP_REVIEWER,),
            template="growth/_home_reviewer.html",
            context=lambda request: reviewer_home(user=request.user),
            order=60,
        )
        register_home_section(
            roles=(Role.LAC, Role.LIAISON),
            template="growth/_home_state.html",
            context=lambda request: state_home(),
            order=60,
        )
