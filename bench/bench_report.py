"""Quarterly report benchmark: 1,000,000 enrolments, about 200,000 educators.

Loads both programmes' history (16 quarters, every status, intents) with COPY into a fresh
PostgreSQL database ``apl_bench_report`` when one answers on 127.0.0.1:5432, else into a
temporary SQLite file; then times ``reporting.selectors.quarterly_report`` (the table and
every summary figure) for each programme and prints medians. Goal: under 1 s per report.
``BENCH_REUSE=1`` keeps an already loaded PostgreSQL database. Not part of ``make test``.
"""

import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENROLMENTS = int(os.environ.get("BENCH_ENROLMENTS", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
AS_OF = dt.date(2026, 5, 15)  # Q4/26: 16 quarters from Q1/23
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = "apl_bench_report"
REUSE = os.environ.get("BENCH_REUSE") == "1"


def choose_database() -> tuple[str, bool]:
    """(database URL, whether it must be loaded)."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]
            ).fetchone()
            if not (REUSE and exists):
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {PG_DB}")
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_DB}", not (REUSE and exists)
    except Exception as exc:  # no PostgreSQL here: measure on SQLite instead
        print(f"PostgreSQL unavailable ({type(exc).__name__}); using SQLite")
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", True


DATABASE_URL, MUST_LOAD = choose_database()
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "apl.settings"
os.environ.setdefault("APL_DATA_DIR", tempfile.mkdtemp())
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from apl.quarters import Quarter, quarter_range  # noqa: E402
from catalogue.models import MicroCredential, Programme  # noqa: E402
from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent  # noqa: E402
from reporting.formats import to_csv  # noqa: E402
from reporting.selectors import quarterly_report  # noqa: E402

QUARTERS = quarter_range(Quarter.parse("Q1/23"), Quarter.containing(AS_OF))


def _defaults(model) -> dict:
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        else:  # the model's default, "" for text, None where null is allowed
            values[field.attname] = field.get_default()
    return values


def copy_rows(model, rows, first_id: int = 1) -> int:
    """Write ``rows`` (dicts by attname) into the model's table; returns the count."""
    defaults = _defaults(model)
    columns = ["id", *defaults]
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for count, row in enumerate(rows, start=1):
                    merged = {**defaults, **row}
                    copy.write_row([first_id + count - 1, *(merged[c] for c in defaults)])
        else:
            marks = ", ".join("?" * len(columns))
            batch = []
            for count, row in enumerate(rows, start=1):
                merged = {**defaults, **row}
                batch.append([first_id + count - 1, *(merged[c] for c in defaults)])
                if len(batch) == 20000:
                    cursor.executemany(f'INSERT INTO "{table}" VALUES ({marks})', batch)
                    batch = []
            if batch:
                cursor.executemany(f'INSERT INTO "{table}" VALUES ({marks})', batch)
    return count


def plan_paths(rng: random.Random):
    """Yield (educator number, programme name, [(code, quarter index, status)]) up to 1M rows."""
    programmes = [
        ("APL I-II", ["CE", "AL", "MLSS", "CLRI", "FE"], 0.65),
        ("APL II-III", ["SEL", "NMEA", "RP", "VDC", "ESL", "MCT"], 1.0),
    ]
    total, number = 0, 0
    last = len(QUARTERS) - 1
    while total < ENROLMENTS:
        number += 1
        roll = rng.random()
        name, codes, _ = next(p for p in programmes if roll < p[2])
        wanted = 5 if name == "APL I-II" else 4
        order = codes[:wanted] if name == "APL I-II" else codes[:2] + rng.sample(codes[2:], 2)
        length = wanted if rng.random() < 0.85 else rng.randint(1, wanted - 1)
        quarter = rng.randint(0, max(0, last - length))
        path = []
        position = 0
        while position < length and quarter <= last and total < ENROLMENTS:
            code = order[position]
            if quarter == last:
                status = "enrolled"
            else:
                status = rng.choices(["passed", "not_passed", "withdrawn"], [85, 11, 4])[0]
            path.append((code, quarter, status))
            total += 1
            quarter += 1 + (rng.random() < 0.15)
            if status == "passed":
                position += 1
            elif status == "enrolled" or rng.random() < 0.2:
                break  # gave up, or still in the open quarter
            # otherwise the educator retakes the same micro-credential in a later quarter
        yield number, name, path


def _cohorts(programmes) -> dict[tuple[str, int], int]:
    """One cohort per micro-credential and quarter: id by (code, quarter index)."""
    cohorts = {}
    for mc in MicroCredential.objects.filter(programme__in=programmes):
        for index, quarter in enumerate(QUARTERS):
            cohorts[(mc.code, index)] = Cohort.objects.create(
                micro_credential=mc, quarter=quarter
            ).pk
    return cohorts


def _after_copy() -> None:
    """Sequences past the copied ids (PostgreSQL), and fresh planner statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (User, EducatorProfile, Enrollment, Intent):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        cursor.execute("ANALYZE")


def load():
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(20240515)
    programmes = {p.name: p for p in Programme.objects.all()}
    cohorts = _cohorts(programmes.values())
    paths = list(plan_paths(rng))
    educators = len(paths) + len(paths) // 20  # and a twentieth more with only an intent
    base_user = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    base_profile = (
        EducatorProfile.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ) + 1
    with transaction.atomic():
        copy_rows(
            User,
            (
                {"email": f"bench{n}@example.org", "password": "!", "first_name": f"G{n}"}
                for n in range(educators)
            ),
            base_user,
        )
        copy_rows(
            EducatorProfile,
            ({"user_id": base_user + n, "license_number": f"NM-{n}"} for n in range(educators)),
            base_profile,
        )
        copy_rows(
            Enrollment,
            (
                {
                    "educator_id": base_profile + number - 1,
                    "cohort_id": cohorts[(code, quarter)],
                    "status": status,
                    "score": {"passed": 90, "not_passed": 70}.get(status),
                }
                for number, _name, path in paths
                for code, quarter, status in path
            ),
        )
        names = [name for _n, name, _p in paths]
        copy_rows(
            Intent,
            (
                {
                    "educator_id": base_profile + n,
                    "programme_id": programmes[names[n % len(names)]].pk,
                    "submitted_on": QUARTERS[n % len(QUARTERS)].first_day,
                    "status": "accepted" if n < len(paths) else "pending",
                }
                for n in range(educators)
            ),
        )
    _after_copy()
    print(
        f"loaded {Enrollment.objects.count():,} enrolments, {educators:,} educators, "
        f"{len(QUARTERS)} quarters in {time.perf_counter() - started:.1f} s"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            db = f"SQLite {cursor.fetchone()[0]}"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {db}; load {load}"


def main() -> int:
    if MUST_LOAD:
        load()
    print(f"machine: {machine()}")
    worst = 0.0
    for programme in Programme.objects.all():
        timings = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            report = quarterly_report(programme=programme, as_of=AS_OF)
            to_csv(report)
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)
        worst = max(worst, median)
        figures = report.summary
        print(
            f"{programme.name:10} as of {AS_OF}: median {median * 1000:.0f} ms "
            f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}, n={REPEAT}); "
            f"{sum(c.total_enrollment for c in report.columns):,} enrolments in "
            f"{len(report.columns)} quarters, {figures.enrolled_or_requested:,} enrolled or "
            f"requested, {figures.completed:,} completed, {figures.projected:,} projected"
        )
    print(f"goal < 1000 ms per report: {'met' if worst < 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
