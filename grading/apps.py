from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "grading"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import sync_role_permissions
        from enrollment.progress import register_note_provider
        from grading.selectors import pathway_notes

        register_note_provider(pathway_notes)
        # Role groups get grading's permissions once they exist, i.e. after this app's
        # own permissions are created (accounts' post_migrate runs before that).
        post_migrate.connect(
            sync_role_permissions, sender=self, dispatch_uid="grading-sync-role-permissions"
        )
