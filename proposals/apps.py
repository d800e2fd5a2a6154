from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    """Outside micro-credentials educators propose and the state vets into the catalogue."""

    name = "proposals"
    verbose_name = "Outside micro-credential proposals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.roles import Role
        from apl.navigation import register_nav_item

        register_nav_item(
            label="MC proposals",
            url_name="proposals:proposal-list",
            roles=(Role.EDUCATOR, Role.REVIEWER, Role.LAC, Role.LIAISON),
            order=78,
        )
