from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalog"

    def ready(self):
        from apl import versions
        from apl.home import register_landing_context
        from catalogue.selectors import programmes_with_counts

        def programmes(request):
            # The same for every visitor: kept in the worker until a record changes.
            kept = versions.remember(
                "catalogue:landing", [versions.RECORDS], programmes_with_counts
            )
            return {"programmes": kept}

        register_landing_context(programmes)
