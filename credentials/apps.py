import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


def _queue_issue(sender, enrollment_id: int, **kwargs) -> None:
    """Sent after commit: queue the issue. A broker outage must not fail the grade that
    passed the enrolment; the periodic sweep issues whatever was missed."""
    from credentials.tasks import issue_for_enrollment

    try:
        issue_for_enrollment.delay(enrollment_id)
    except Exception:
        logger.exception("could not queue credential issue for enrolment %s", enrollment_id)


def _upgrade_after_migrate(sender, *, plan=None, apps=None, verbosity=1, stdout=None, **kwargs):
    """After ``migrate`` (a flush sends no plan: nothing to do then), bring issued
    credentials up to date: see credentials.services.upgrade. Skipped when the migrated
    state lacks this app's current tables (migrated backwards)."""
    if plan is None or apps is None:
        return
    try:
        model = apps.get_model("credentials", "Credential")
    except LookupError:
        return
    if "record_of" not in {f.name for f in model._meta.get_fields()}:
        return
    from credentials.services.upgrade import credentials_upgrade

    credentials_upgrade(stdout=stdout if verbosity else None)


class CredentialsConfig(AppConfig):
    name = "credentials"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import Role, sync_role_permissions
        from apl.navigation import register_nav_item
        from apl.records import register_record_section
        from credentials.notes import credential_notes
        from credentials.record_section import credentials_context
        from enrollment.progress import register_note_provider
        from enrollment.signals import enrollment_passed

        enrollment_passed.connect(_queue_issue, dispatch_uid="credentials-issue-on-pass")
        register_note_provider(credential_notes)
        register_nav_item(
            label="My credentials",
            url_name="credentials:my-credentials",
            roles=(Role.EDUCATOR,),
            order=75,
        )
        register_record_section(
            key="credentials",
            title="Credentials",
            template="directory/_credentials.html",
            context=credentials_context,
            order=50,
        )
        # Role groups get this app's permissions once they exist (after its own migrate).
        post_migrate.connect(
            sync_role_permissions, sender=self, dispatch_uid="credentials-sync-role-permissions"
        )
        # A deploy re-signs old credentials and issues missing learner records by itself.
        post_migrate.connect(
            _upgrade_after_migrate, sender=self, dispatch_uid="credentials-upgrade-after-migrate"
        )
