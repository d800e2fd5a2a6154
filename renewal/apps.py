from django.apps import AppConfig


class RenewalConfig(AppConfig):
    name = "renewal"
    verbose_name = "License renewal"

    def ready(self):
        from accounts.roles import Role
        from apl.home import register_home_section
        from apl.navigation import register_nav_item
        from apl.records import register_record_section
        from exchange.importers import register_importer
        from renewal.importers import DistrictImporter, LicenseImporter
        from renewal.record_section import renewal_context
        from renewal.selectors import home_context

        register_record_section(
            key="renewal",
            title="License renewal",
            template="directory/_renewal.html",
            context=renewal_context,
            order=60,
        )
        register_importer(DistrictImporter)
        register_importer(LicenseImporter)
        register_home_section(
            roles=(Role.EDUCATOR, Role.DISTRICT_ADMIN),
            template="home/_renewal.html",
            context=home_context,
            order=15,
        )
        register_nav_item(
            label="License renewal", url_name="renewal:mine", roles=(Role.EDUCATOR,), order=85
        )
        register_nav_item(
            label="My district",
            url_name="renewal:districts",
            roles=(Role.DISTRICT_ADMIN,),
            order=20,
        )
        register_nav_item(
            label="Renewal",
            url_name="renewal:state",
            roles=(Role.LAC, Role.LIAISON),
            order=95,
        )
