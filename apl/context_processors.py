from django.conf import settings

from apl.navigation import nav_links_for


def site(request):
    """Site-wide template context: demo banner and the signed-in person's navigation."""
    return {
        "apl_demo_mode": not settings.APL_REQUIRE_STAFF_MFA,
        "nav_links": nav_links_for(request),
    }
