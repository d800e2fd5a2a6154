from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Imports and exports of educators, intents and enrolments as CSV and XLSX."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange"
    verbose_name = "Data exchange"
