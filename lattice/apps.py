from django.apps import AppConfig


class LatticeConfig(AppConfig):
    """Advanced teacher roles, their routes, applications and designations."""

    name = "lattice"
    verbose_name = "Career lattice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.roles import Role
        from apl.home import register_home_section
        from apl.navigation import register_nav_item
        from exchange.importers import register_importer
        from lattice.home import home_context
        from lattice.importers import DesignationImporter
        from lattice.statement import statement_designations
        from renewal.statement import register_statement_section

        register_importer(DesignationImporter)
        register_statement_section(statement_designations)
        register_home_section(
            roles=(Role.EDUCATOR, Role.DISTRICT_ADMIN, Role.LAC, Role.LIAISON),
            template="lattice/_home.html",
            context=home_context,
            order=17,
        )
        register_nav_item(
            label="Advanced roles", url_name="lattice:mine", roles=(Role.EDUCATOR,), order=86
        )
        register_nav_item(
            label="Advanced roles",
            url_name="lattice:state",
            roles=(Role.LAC, Role.LIAISON, Role.DISTRICT_ADMIN),
            order=96,
        )
