from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The coordinator's intake: intents queue, quarterly cohorts and fee records."""

    name = "intake"
    verbose_name = "Intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.roles import Role
        from apl.home import register_home_section
        from apl.navigation import register_nav_item
        from intake.selectors import home_summary

        def summary(request):
            return home_summary()

        register_home_section(
            roles=(Role.LAC,), template="intake/_home_lac.html", context=summary, order=50
        )
        staff = (Role.LAC, Role.LIAISON)
        register_nav_item(label="Intents", url_name="intake:intent-list", roles=staff, order=30)
        register_nav_item(label="Cohorts", url_name="intake:cohort-list", roles=staff, order=40)
        register_nav_item(label="Payments", url_name="intake:payment-list", roles=staff, order=50)
