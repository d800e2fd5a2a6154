import functools

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


@functools.cache
def _redis_client(url: str):
    """One client (and connection pool) per process: a health probe every few seconds must
    not open a new connection each time."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return f"error: {type(exc).__name__}"


def _check_broker() -> str | None:
    url = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if settings.CELERY_TASK_ALWAYS_EAGER or not url.startswith(("redis://", "rediss://")):
        return None  # tasks run in the web process: there is no broker to be down
    try:
        _redis_client(url).ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}"


@never_cache
@require_safe
def healthz(request):
    """What is up and what is down. 503 only when the database is down: without the broker
    the site still serves every page and email waits in the outbox, so it stays in the
    load balancer and says "degraded"."""
    checks = {"database": _check_database()}
    broker = _check_broker()
    if broker is not None:
        checks["broker"] = broker
    if checks["database"] != "ok":
        status, code = "error", 503
    elif any(value != "ok" for value in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    pending = _emails_waiting()
    return JsonResponse(
        {"status": status, "checks": checks, "emails_waiting": pending}, status=code
    )


def _emails_waiting() -> int | None:
    from apl.models import OutgoingEmail

    try:
        return OutgoingEmail.objects.filter(sent_at__isnull=True).count()
    except Exception:  # noqa: BLE001 - the database check already says so
        return None


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


def bad_request(request, exception=None):
    """400: a refused filter says why (``apl.forms.FilterRefused``); anything else is
    told plainly, without the exception's text."""
    from apl.forms import FilterRefused

    message = str(exception) if isinstance(exception, FilterRefused) else ""
    return render(request, "400.html", {"message": message}, status=400)
