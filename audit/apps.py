from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from apl import versions
        from audit import signals
        from audit.models import AuditEvent

        signals.connect_signals()
        # A log that no page's content is made from: writing it changes no version.
        versions.unwatched(AuditEvent._meta.db_table)
