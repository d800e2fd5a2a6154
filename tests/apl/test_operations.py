"""Health check, security headers, deploy checks and the generic error page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}, "emails_waiting": 0}


def test_healthz_says_the_broker_is_down_and_stays_in_service(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


def test_healthz_reuses_one_redis_connection(client, settings):
    """A probe every few seconds must not open a connection per call."""
    import os

    import redis

    url = os.environ.get("APL_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis answers at {url}")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    created = []
    original = redis.Connection._connect  # opens the socket; connect() reuses an open one

    def counting_connect(self):
        created.append(self)
        return original(self)

    redis.Connection._connect = counting_connect
    try:
        for _ in range(5):
            assert client.get("/healthz").json()["checks"]["broker"] == "ok"
    finally:
        redis.Connection._connect = original
    assert len(created) <= 1


def test_every_response_carries_the_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_project_sends_a_year_of_hsts_over_https_by_default(client):
    # The project's own settings (no override): a year, subdomains included, preloadable.
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")  # plain HTTP


def test_https_deployments_redirect_and_secure_their_cookies():
    env = {**os.environ, **PRODUCTION_ENV}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True"], result.stderr


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "apl.settings",
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-1234567890",
    "APL_ISSUER_KEY_SECRET": "bLcGxCgqFZ0nZ2mK3uN0oQWk4S0m9CqJ0fQ3yW9a1Hk=",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "apl.ped.nm.gov",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, **overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    for name in [name for name, value in overrides.items() if value is None]:
        env.pop(name)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "ids"),
    [
        ({"HTTPS": "false"}, ["apl.W001", "security.W012", "security.W016"]),
        ({"APL_ISSUER_KEY_SECRET": None}, ["apl.E001"]),
    ],
)
def test_check_deploy_fails_a_production_configuration_missing(overrides, ids):
    result = _check_deploy(**overrides)
    assert result.returncode != 0
    for check_id in ids:
        assert check_id in result.stderr + result.stdout


def _boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_500_page_is_generic(client):
    client.raise_request_exception = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert b"secret internal detail" not in response.content
    assert b"Traceback" not in response.content


def test_access_denied_is_audited(client, educator):
    client.force_login(educator)
    response = client.get("/admin/")
    assert response.status_code == 302  # the admin sends non-staff to its login
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from audit.middleware import AccessDeniedAuditMiddleware

    request = RequestFactory().get("/reports/secret", REMOTE_ADDR="192.0.2.5")
    request.user = educator
    AccessDeniedAuditMiddleware(lambda r: None).process_exception(request, PermissionDenied())
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == educator
    assert event.ip_address == "192.0.2.5"
    assert event.detail == {"path": "/reports/secret"}


def test_a_post_without_csrf_token_is_refused_with_a_styled_page(educator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(educator)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert b"Your form expired" in response.content


def test_robots_txt_keeps_crawlers_off_the_public_credential_paths(client):
    from django.urls import reverse

    from tests.factories.credentials import issued_credential
    from tests.factories.enrollment import EducatorFactory

    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    rules = [
        line.split(":", 1)[1].strip()
        for line in response.content.decode().splitlines()
        if line.startswith("Disallow:")
    ]
    credential = issued_credential(educator=EducatorFactory())
    for url in (
        reverse("credentials:public-credential", args=[credential.public_id]),
        reverse("credentials:public-verifier"),
    ):
        assert any(url.startswith(rule) for rule in rules), url
    assert "User-agent: *" in response.content.decode()
