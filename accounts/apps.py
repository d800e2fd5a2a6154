from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import sync_role_permissions

        # After every app's migrate signal, so that each app's permissions exist by the time
        # the roles are brought in line (the sync is idempotent and cheap).
        post_migrate.connect(sync_role_permissions, dispatch_uid="apl-sync-role-permissions")
