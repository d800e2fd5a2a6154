from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    """Outside micro-credentials educators propose and the state vets into the catalogue."""

    name = "proposals"
    verbose_name = "Outside micro-credential proposals"
    default_auto_field = "django.db.models.BigAutoField"
