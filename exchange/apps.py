from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Imports and exports of educators, intents and enrolments as CSV and XLSX."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange"
    verbose_name = "Data exchange"

    def ready(self):
        from accounts.roles import Role
        from apl.navigation import register_nav_item

        register_nav_item(
            label="Import and export",
            url_name="exchange:import-upload",
            roles=(Role.LAC,),
            order=60,
        )
