"""The primary navigation, by role. Each entry appears only to those who may use it."""

from django.urls import NoReverseMatch, reverse

from accounts.roles import Role

# (label, url name, roles that see it; empty = every signed-in user)
NAV_ITEMS: list[tuple[str, str, tuple[Role, ...]]] = [
    ("Home", "home", ()),
    ("Caseload", "grading:caseload", (Role.FACILITATOR, Role.REVIEWER, Role.LEAD_FACILITATOR)),
    ("Scoring quality", "grading:quality", (Role.LEAD_FACILITATOR, Role.LIAISON, Role.LAC)),
    ("Intents", "intake:intent-list", (Role.LAC, Role.LIAISON)),
    ("Cohorts", "intake:cohort-list", (Role.LAC, Role.LIAISON)),
    ("Payments", "intake:payment-list", (Role.LAC, Role.LIAISON)),
    ("Import and export", "exchange:import-upload", (Role.LAC,)),
    ("My pathway", "enrollment:pathway", (Role.EDUCATOR,)),
    ("Eligibility", "enrollment:eligibility", (Role.EDUCATOR,)),
    ("Survey results", "enrollment:survey-results", (Role.LAC, Role.LIAISON)),
    ("Reports", "reporting:dashboard", (Role.LAC, Role.LIAISON)),
]


def nav_links_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = []
    for label, url_name, roles in NAV_ITEMS:
        if roles and not (user.is_superuser or user.has_role(*roles)):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        links.append({"label": label, "url": url, "current": current})
    return links
