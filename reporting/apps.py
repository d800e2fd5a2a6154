from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import sync_role_permissions

        # Role groups get reporting's permissions once they exist, i.e. after this app's
        # own permissions are created (accounts' post_migrate runs before that).
        post_migrate.connect(
            sync_role_permissions, sender=self, dispatch_uid="reporting-sync-role-permissions"
        )
