from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "grading"

    def ready(self):
        from accounts.roles import Role
        from apl.home import register_home_section
        from apl.navigation import register_nav_item
        from enrollment.progress import register_note_provider
        from grading.selectors import caseload_for, pathway_notes

        register_note_provider(pathway_notes)

        def caseload_counts(request):
            return caseload_for(user=request.user)["counts"]

        scorers = (Role.FACILITATOR, Role.REVIEWER, Role.LEAD_FACILITATOR)
        register_home_section(roles=scorers, template="home/_scorer.html", order=20)
        register_home_section(
            roles=scorers, template="grading/_home_scorer.html", context=caseload_counts, order=60
        )
        register_nav_item(label="Caseload", url_name="grading:caseload", roles=scorers, order=10)
        register_nav_item(
            label="Scoring quality",
            url_name="grading:quality",
            roles=(Role.LEAD_FACILITATOR, Role.LIAISON, Role.LAC),
            order=20,
        )
