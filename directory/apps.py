from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The educator directory: search educators and read each one's whole record."""

    name = "directory"
    verbose_name = "Educator directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.roles import Role
        from apl.navigation import register_nav_item
        from apl.records import register_record_section
        from directory.importers import AdvancementImporter
        from directory.sections import SECTIONS
        from exchange.importers import register_importer

        for key, title, template, context, order in SECTIONS:
            register_record_section(
                key=key, title=title, template=template, context=context, order=order
            )
        register_importer(AdvancementImporter)
        register_nav_item(
            label="Educators",
            url_name="directory:educator-list",
            roles=(Role.LAC, Role.LIAISON, Role.DISTRICT_ADMIN),
            order=25,
        )
