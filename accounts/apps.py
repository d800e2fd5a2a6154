from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.access import ACCESS, access_tables
        from accounts.roles import sync_role_permissions
        from apl import versions

        # The user row and every table a user's roles, permissions and MFA state are read
        # from: a write to any of them ends what workers keep of any user's access.
        versions.watch(ACCESS, access_tables())
        # After every app's migrate signal, so that each app's permissions exist by the time
        # the roles are brought in line (the sync is idempotent and cheap).
        post_migrate.connect(sync_role_permissions, dispatch_uid="apl-sync-role-permissions")
