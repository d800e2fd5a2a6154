from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import Role, sync_role_permissions
        from apl import versions
        from apl.navigation import register_nav_item
        from reporting import cache
        from reporting.models import ReportRun

        versions.watch(cache.TOPIC, cache.TABLES)
        versions.watch(cache.RUNS_TOPIC, [ReportRun._meta.db_table])
        # Builds under way are rewritten as they move on: not records (a topic of their own).
        versions.unwatched(ReportRun._meta.db_table)

        register_nav_item(
            label="Reports",
            url_name="reporting:dashboard",
            roles=(Role.LAC, Role.LIAISON),
            order=100,
        )

        # Role groups get reporting's permissions once they exist, i.e. after this app's
        # own permissions are created (accounts' post_migrate runs before that).
        post_migrate.connect(
            sync_role_permissions, sender=self, dispatch_uid="reporting-sync-role-permissions"
        )
