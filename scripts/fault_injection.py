"""Fault injection: run the real app (gunicorn) with Redis or the broker unreachable.

For each scenario it signs in as the demo facilitator, posts a grade, opens a public
credential and the issuer page, and checks: no response is a 500, the grade is saved,
its email waits in the outbox and is sent once the outbox sweep runs (the broker back).

    .venv/bin/python scripts/fault_injection.py [--port 8199] [--redis redis://127.0.0.1:6379/14]

PostgreSQL is used where DATABASE_URL is set, else a throwaway SQLite file. With
--fresh-database the PostgreSQL database DATABASE_URL names is dropped and created first
(give it one of its own: everything in it is lost).
"""

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLOSED = "redis://127.0.0.1:1/0"
PASSWORD = "apl-demo-2024!"


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def csrf(self, path: str) -> str:
        status, html = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, f"no CSRF token on {path} ({status})"
        return match.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def django_eval(env: dict, code: str) -> str:
    """The value the code prints after ``RESULT``; log lines around it are ignored."""
    out = manage(env, "shell", "-c", code, capture=True)
    return [line for line in out.splitlines() if line.startswith("RESULT ")][-1][7:].strip()


FIND_WORK = """
from grading.models import Attempt
from credentials.models import Credential
from grading.models import Grade
from grading.services import grade_reopen
from accounts.models import User
mine = dict(submission__enrollment__facilitator__email='facilitator@apl.example')
attempt = Attempt.objects.filter(submitted_at__isnull=False, grades__isnull=True, **mine).first()
if attempt is None:  # the demo's one waiting attempt was graded: reopen it to score again
    grade = Grade.objects.primary().posted().filter(
        **{'attempt__' + key: value for key, value in mine.items()}).first()
    lac = User.objects.get(email='lac@apl.example')
    attempt = grade_reopen(grade=grade, by=lac, reason='fault injection').attempt
criteria = attempt.submission.rubric.criteria.prefetch_related('levels')
levels = {c.pk: max(c.levels.all(), key=lambda lv: lv.rank).pk for c in criteria}
credential = Credential.objects.filter(revoked_at__isnull=True).first()
print('RESULT', attempt.pk, credential.public_id, ','.join(f'{c}:{lv}' for c, lv in levels.items()))
"""

OUTBOX = """
from apl.models import OutgoingEmail
print('RESULT', OutgoingEmail.objects.filter(sent_at__isnull=True).count())
"""


def scenario(name: str, env: dict, port: int) -> list[str]:
    problems: list[str] = []
    print(f"== fault injection: {name}", flush=True)
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "apl.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                browser.request("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        attempt_id, public_id, levels = django_eval(env, FIND_WORK).split()
        waiting_before = int(django_eval(env, OUTBOX))
        token = browser.csrf("/accounts/login/")
        status, _ = browser.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": "facilitator@apl.example",
             "password": PASSWORD},
        )  # fmt: skip
        checks = [("sign in", status, 302)]
        score_url = f"/grading/attempts/{attempt_id}/score/"
        form = {"csrfmiddlewaretoken": browser.csrf(score_url), "action": "post",
                "score-overall_feedback": "Fault injection: well argued."}  # fmt: skip
        for pair in levels.split(","):
            criterion, level = pair.split(":")
            form[f"score-level_{criterion}"] = level
        status, _ = browser.request(score_url, form)
        checks.append(("post a grade", status, 302))
        anonymous = Browser(browser.base)
        checks.append(
            ("public credential", anonymous.request(f"/credentials/public/c/{public_id}/")[0], 200)
        )
        checks.append(("issuer page", anonymous.request("/credentials/public/issuer/")[0], 200))
        status, body = anonymous.request("/healthz")
        checks.append(("healthz", status, 200))
        for what, got, want in checks:
            print(f"   {what}: {got} (want {want})")
            if got != want:
                problems.append(f"{name}: {what} answered {got}, not {want}")
        print(f"   healthz: {body.strip()}")
        waiting = int(django_eval(env, OUTBOX))
        if waiting <= waiting_before:
            problems.append(f"{name}: the grade's email is not in the outbox")
        sweep = "from apl.tasks import send_due_emails; print('RESULT', send_due_emails())"
        django_eval({**env, "CELERY_TASK_ALWAYS_EAGER": "true"}, sweep)
        left = int(django_eval(env, OUTBOX))
        print(f"   outbox: {waiting} waiting with the broker down, {left} after the sweep")
        if left:
            problems.append(f"{name}: {left} email(s) still unsent after the sweep")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return problems


def recreate_postgres_database(url: str) -> None:
    """Drop and create the PostgreSQL database ``url`` names, through the server's
    maintenance database."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        sys.exit(f"--fresh-database needs DATABASE_URL=postgres://.../<name>, not {url!r}")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--redis", default="", help="a real Redis for the broker-down case")
    parser.add_argument("--work", default="", help="reuse this folder's demo database")
    parser.add_argument(
        "--fresh-database", action="store_true", help="drop and create DATABASE_URL's database"
    )
    args = parser.parse_args()
    if args.fresh_database:
        recreate_postgres_database(os.environ.get("DATABASE_URL", ""))
    work = Path(args.work or tempfile.mkdtemp(prefix="apl-fault-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "apl.settings",
        "APL_DATA_DIR": str(work),
        "SECRET_KEY": "fault-injection-" + "k" * 40,
        "APL_REQUIRE_STAFF_MFA": "false",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "STATIC_ROOT": str(work / "static"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'apl.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    print(f"== fault injection: preparing demo data ({env['DATABASE_URL'].split(':')[0]})")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo")
    problems = scenario("Redis unreachable", {**env, "REDIS_URL": CLOSED}, args.port)
    broker_env = {**env, "REDIS_URL": args.redis or CLOSED, "CELERY_BROKER_URL": CLOSED}
    problems += scenario("broker unreachable", broker_env, args.port)
    for problem in problems:
        print(f"FAULT INJECTION FAILED: {problem}", file=sys.stderr)
    print("== fault injection: " + ("no 500, no lost email" if not problems else "FAILED"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
