from django.apps import AppConfig


class AplConfig(AppConfig):
    name = "apl"
    verbose_name = "APL"

    def ready(self):
        from apl import checks  # noqa: F401  (registers the deploy checks)
