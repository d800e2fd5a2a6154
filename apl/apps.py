from django.apps import AppConfig


class AplConfig(AppConfig):
    name = "apl"
    verbose_name = "APL"
