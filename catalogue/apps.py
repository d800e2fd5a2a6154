from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalog"

    def ready(self):
        from apl.home import register_landing_context
        from catalogue.models import Programme

        def programmes(request):
            return {"programmes": Programme.objects.all()}

        register_landing_context(programmes)
