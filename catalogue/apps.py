from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalog"

    def ready(self):
        from apl.home import register_landing_context
        from catalogue.selectors import programmes_with_counts

        def programmes(request):
            return {"programmes": programmes_with_counts()}

        register_landing_context(programmes)
