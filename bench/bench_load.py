"""Load test: each staff page's p95 against the landing page's, served like production.

Starts gunicorn (3 sync workers, ``CONN_MAX_AGE=60``) on 127.0.0.1 against a PostgreSQL
database holding the demo data (``apl_bench_load``, created afresh and filled by
``load_demo``; ``BENCH_REUSE=1`` keeps it), signs the demo accounts in by creating their
sessions, and drives each page with wrk (Debian's ``wrk`` package) at 20 connections for
``BENCH_SECONDS`` seconds (10 by default) after a short warm-up. The landing page is
measured first and last and the anchor is the mean of the two p95s. With
``BENCH_1M_DB=<database>`` (one loaded by ``bench_report.py``), the LAC dashboard is also
measured against that database on a second server. Loopback only; every run is bounded
by its duration. Not part of ``make test``.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_LOAD_DB", "apl_bench_load")
DB_1M = os.environ.get("BENCH_1M_DB", "")
PORT = int(os.environ.get("BENCH_PORT", "8104"))
PORT_1M = int(os.environ.get("BENCH_PORT_1M", str(PORT + 10)))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
PY = sys.executable
P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("REQS %d %d\\n", summary.requests, summary.duration))
  io.write(string.format("ERRS %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
# (label, URL path, demo account or None for anonymous)
PAGES = [
    ("LAC dashboard", "/reports/", "lac@apl.example"),
    ("intake queue", "/intake/intents/", "lac@apl.example"),
    ("facilitator caseload", "/grading/caseload/", "facilitator@apl.example"),
    ("educator pathway", "/enrolment/pathway/", "educator@apl.example"),
]


DATA_DIR = os.environ.get("APL_DATA_DIR") or tempfile.mkdtemp(prefix="apl-bench-")


def server_env(database: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DB_CONN_MAX_AGE": "60",
        "DEBUG": "false",
        "APL_REQUIRE_STAFF_MFA": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "APL_DATA_DIR": DATA_DIR,
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
    }


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone()
        fresh = not (REUSE and exists)
        if fresh:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB}")
    env = server_env(DB)
    for command in (["migrate", "-v0"], ["load_demo"]) if fresh else (["migrate", "-v0"],):
        subprocess.run(
            [PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    # The change log pruned, as the beat schedule does every minute in production (no
    # beat runs here): every request reads the versions it holds (apl.versions).
    subprocess.run(
        [PY, "manage.py", "shell", "-c", "from apl.versions import prune; prune()"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # The planner's statistics, as autovacuum keeps them in production (it is off on the
    # benchmark server): without them a freshly loaded table is estimated at a few hundred
    # rows and the staff pages' joins are planned for that.
    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as conn:
        conn.execute("ANALYZE")


SESSION_CODE = """
import sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from accounts.roles import Role
from django.contrib.auth.models import Group
for email in sys.argv[1:]:
    user = User.objects.filter(email=email).first()
    if user is None:  # the 1M database has no demo accounts: add a coordinator
        user = User.objects.create_user(email=email, password=None)
        user.groups.add(Group.objects.get(name=Role.LAC))
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    print(email, store.session_key)
"""


def sign_in(database: str, emails: list[str]) -> dict[str, str]:
    """Session ids for the accounts, created the way a sign-in creates them."""
    output = subprocess.run(
        [PY, "-c", "import django; django.setup()\n" + SESSION_CODE, *emails],
        cwd=ROOT,
        env={**server_env(database), "DJANGO_SETTINGS_MODULE": "apl.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(line.split() for line in output.splitlines() if line.strip())


def start_server(database: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [PY, "-m", "gunicorn", "apl.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "3", "--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT,
        env=server_env(database),
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
            return process
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}")


def check_page(port: int, path: str, session: str | None) -> None:
    """The page answers 200 to that account (not a redirect to sign in)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    opener = urllib.request.build_opener(NoRedirect)
    response = opener.open(request, timeout=120)
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(port: int, path: str, session: str | None, seconds: int, script: str) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", script]
    if session:
        command += ["-H", f"Cookie: sessionid={session}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    requests, duration_us = map(int, re.search(r"REQS (\d+) (\d+)", output).groups())
    if requests == 0:  # not one answer within the run: its p95 is at least the run
        return {"p95": seconds * 1000.0, "rps": 0.0, "errors": 0, "none": True}
    return {
        "p95": int(re.search(r"P95_US (\d+)", output).group(1)) / 1000,
        "rps": requests / (duration_us / 1e6),
        "errors": int(re.search(r"ERRS (\d+)", output).group(1)),
    }


def measure(port: int, path: str, session: str | None, script: str, seconds=SECONDS) -> dict:
    check_page(port, path, session)
    wrk(port, path, session, 2, script)  # warm-up: worker caches, connections
    return wrk(port, path, session, seconds, script)


def row(label: str, figures: dict, anchor: float | None) -> str:
    ratio = f"{figures['p95'] / anchor:5.1f}x" if anchor else "    —"
    errors = f"  ({figures['errors']} errors)" if figures["errors"] else ""
    if figures.get("none"):
        errors += "  (no request finished: p95 is at least the run's length)"
    return f"{label:24} {figures['rps']:7.0f} req/s  p95 {figures['p95']:7.0f} ms  {ratio}{errors}"


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 1
    prepare_database()
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=server_env(DB),
        check=True,
    )
    sessions = sign_in(DB, sorted({email for _l, _p, email in PAGES}))
    script = Path(tempfile.mkdtemp()) / "p95.lua"
    script.write_text(P95_SCRIPT)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load {load}; wrk -c{CONNECTIONS}, {SECONDS} s a page")
    server = start_server(DB, PORT)
    try:
        first = measure(PORT, "/", None, str(script))
        results = [
            (label, measure(PORT, path, sessions[email], str(script)))
            for label, path, email in PAGES
        ]
        last = measure(PORT, "/", None, str(script))
    finally:
        server.terminate()
        server.wait()
    if DB_1M:
        lac = sign_in(DB_1M, ["lac@apl.example"])["lac@apl.example"]
        server = start_server(DB_1M, PORT_1M)
        try:
            figures = measure(PORT_1M, "/reports/", lac, str(script), max(SECONDS, 20))
            results.append(("LAC dashboard, 1M", figures))
        finally:
            server.terminate()
            server.wait()
    anchor = (first["p95"] + last["p95"]) / 2
    print("load at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(row("landing page (first)", first, None))
    print(row("landing page (last)", last, None))
    print(f"{'anchor: mean landing p95':24} {anchor:25.0f} ms")
    worst = 0.0
    for label, figures in results:
        print(row(label, figures, anchor))
        worst = max(worst, figures["p95"] / anchor)
    print(
        "goal: every staff page within 2x of the landing page: "
        + ("met" if worst <= 2 else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
