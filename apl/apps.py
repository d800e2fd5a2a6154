from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate


class AplConfig(AppConfig):
    name = "apl"
    verbose_name = "APL"

    def ready(self):
        from apl import (
            checks,  # noqa: F401  (registers the deploy checks)
            versions,
        )

        versions.unwatched("apl_outgoingemail")
        request_started.connect(versions.request_started, dispatch_uid="apl-versions-start")
        request_finished.connect(versions.request_finished, dispatch_uid="apl-versions-end")
        # Once per migrate (every table exists by then), and after every flush.
        post_migrate.connect(
            versions.make_triggers, sender=self, dispatch_uid="apl-versions-triggers"
        )
