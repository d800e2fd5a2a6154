from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = "Educators and enrollments"

    def ready(self):
        from accounts.roles import Role
        from apl.home import register_home_section
        from apl.navigation import register_nav_item
        from enrollment.selectors import educator_home_summary, programme_home_summary

        def educator(request):
            return educator_home_summary(user=request.user)

        def programme(request):
            return programme_home_summary()

        register_home_section(
            roles=(Role.EDUCATOR,), template="home/_educator.html", context=educator, order=10
        )
        register_home_section(
            roles=(Role.LIAISON,), template="home/_liaison.html", context=programme, order=30
        )
        register_home_section(
            roles=(Role.LAC,), template="home/_lac.html", context=programme, order=40
        )
        register_nav_item(
            label="My pathway", url_name="enrollment:pathway", roles=(Role.EDUCATOR,), order=70
        )
        register_nav_item(
            label="Eligibility", url_name="enrollment:eligibility", roles=(Role.EDUCATOR,), order=80
        )
        register_nav_item(
            label="Survey results",
            url_name="enrollment:survey-results",
            roles=(Role.LAC, Role.LIAISON),
            order=90,
        )
