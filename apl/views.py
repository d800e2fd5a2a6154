from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from apl.home import landing_context, sections_for


@require_safe
def home(request):
    """Public landing page for visitors; a page per role that says what to do next."""
    if not request.user.is_authenticated:
        return render(request, "home/landing.html", landing_context(request))
    return render(request, "home/home.html", {"sections": sections_for(request)})


@never_cache
@require_safe
def healthz(request):
    """Liveness for the load balancer: the database answers, and Redis where configured."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {type(exc).__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Keep crawlers off shared credentials (they also carry X-Robots-Tag) and sign-in."""
    public_credential = reverse("credentials:public-credential", args=["x"]).rsplit("x/", 1)[0]
    disallowed = [
        public_credential,
        reverse("credentials:public-verifier"),
        reverse("credentials:public-status-list", args=["x"]).rsplit("x/", 1)[0],
        reverse("account_login").rsplit("login/", 1)[0],
        "/admin/",
    ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
