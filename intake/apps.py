from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The coordinator's intake: intents queue, quarterly cohorts and fee records."""

    name = "intake"
    verbose_name = "Intake"
    default_auto_field = "django.db.models.BigAutoField"
