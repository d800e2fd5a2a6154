"""Import benchmark: 100,000 enrolment rows with full validation.

Prints, for the same enrollments.csv:
  * PostgreSQL COPY of the rows into a bare table (the floor the goal is set against);
  * PostgreSQL COPY of the same enrolments, already resolved to ids, straight into the
    enrolment table and its history table with every index, key and constraint (the
    floor for writing these rows at all);
  * exchange's import (validation against the database, cohorts, history, one transaction);
  * the same file imported again (all rows unchanged);
  * an invalid copy of the file (five bad rows), which must be rejected with nothing written;
  * django-import-export's default row-by-row import, measured on a 2,000-row sample of
    the same file and scaled to 100,000 rows.
Runs against PostgreSQL (database apl_bench, created afresh) when one answers on
127.0.0.1:5432, else against a temporary SQLite file. Not part of ``make test``.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
EDUCATORS = ROWS // 4
SAMPLE = int(os.environ.get("BENCH_BASELINE_SAMPLE", "2000"))
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = os.environ.get("BENCH_IMPORT_DB", "apl_bench")


def choose_database() -> str:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_DB}"
    except Exception as exc:  # no PostgreSQL here: measure on SQLite instead
        print(f"PostgreSQL unavailable ({type(exc).__name__}); using SQLite")
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"


os.environ["DATABASE_URL"] = choose_database()
os.environ["DJANGO_SETTINGS_MODULE"] = "apl.settings"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

CODES = ["CE", "AL", "MLSS", "CLRI", "FE"]
QUARTERS = ["Q2/23", "Q3/23", "Q4/23", "Q1/24", "Q2/24", "Q3/24", "Q4/24"]
HEADER = "email,micro_credential,quarter,status,score,facilitator_email"


def educators_csv() -> bytes:
    lines = ["email,first_name,last_name,license_number,license_level,district,school"]
    for i in range(EDUCATORS):
        lines.append(f"Teacher{i}@Example.org,Given{i},Family{i},NM-{i},1,District {i % 89},S{i}")
    return ("\r\n".join(lines) + "\r\n").encode()


def enrollment_lines(rng: random.Random) -> list[str]:
    lines = []
    for i in range(ROWS):
        educator, k = i % EDUCATORS, i // EDUCATORS
        status = rng.choice(["passed", "passed", "passed", "not_passed", "enrolled", "withdrawn"])
        score = {"passed": rng.randint(85, 100), "not_passed": rng.randint(40, 84)}.get(status, "")
        lines.append(
            f"teacher{educator}@example.org,{CODES[k]},{QUARTERS[(educator + k) % 7]},"
            f"{status},{score},fac{educator % 40}@example.org"
        )
    return lines


def as_file(lines: list[str]) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode()


def timed(fn, repeat=1):
    best, value = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, value


def clear_enrollments():
    from enrollment.models import Cohort, Enrollment

    if connection.vendor == "postgresql":
        tables = [
            Enrollment._meta.db_table,
            Enrollment.history.model._meta.db_table,
            Cohort._meta.db_table,
            Cohort.history.model._meta.db_table,
            Cohort.facilitators.through._meta.db_table,
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            cursor.execute("ANALYZE")
    else:
        Enrollment.history.all().delete()
        Enrollment.objects.all().delete()
        Cohort.history.all().delete()
        Cohort.objects.all().delete()


def copy_baseline(data: bytes) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_copy (email text, micro_credential text, "
            "quarter text, status text, score numeric(5, 2), facilitator_email text)"
        )

    def once():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE bench_copy")
            with cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER)") as c:
                c.write(data)

    seconds, _ = timed(once, repeat=3)
    return seconds


def resolved_rows() -> list[tuple]:
    """The imported enrolments, ids resolved: read while the import's rows are stored."""
    from enrollment.models import Enrollment

    return list(
        Enrollment.objects.order_by("id").values_list(
            "educator_id", "cohort_id", "status", "score", "facilitator_id"
        )
    )


def copy_into_real_tables(rows: list[tuple], *, with_history: bool = True) -> float:
    """COPY ``rows`` (from ``resolved_rows``) into the real tables; best of 3.

    What any import must at least pay on this schema: the unique and foreign-key
    indexes, the foreign-key checks at commit, and one history row per enrolment.
    The rows are passed in: by the time the floors are printed, other steps have
    emptied the tables (an empty COPY would be a blank id).
    """
    from django.db import transaction
    from django.utils import timezone

    from enrollment.models import Enrollment

    assert rows, "no rows to copy: read them with resolved_rows() after an import"
    enrolment = Enrollment._meta.db_table
    history = Enrollment.history.model._meta.db_table
    columns = "id, educator_id, cohort_id, status, score, facilitator_id, payment_state, "
    columns += "enrolled_at, updated_at"

    def once():
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {enrolment}, {history} CASCADE")
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{enrolment}', 'id')) "
                "FROM generate_series(1, %s)",
                [len(rows)],
            )
            ids = [i for (i,) in cursor.fetchall()]
            now, null = timezone.now().isoformat(), "\\N"
            lines = [
                f"{i}\t{e}\t{c}\t{s}\t{null if sc is None else sc}\t{f or null}"
                f"\tunpaid\t{now}\t{now}"
                for i, (e, c, s, sc, f) in zip(ids, rows, strict=True)
            ]
            with cursor.cursor.copy(f"COPY {enrolment} ({columns}) FROM STDIN") as copy:
                copy.write("\n".join(lines) + "\n")
            tail = f"\t{now}\timport\t+\t\\N"
            with cursor.cursor.copy(
                f"COPY {history} ({columns}, history_date, history_change_reason, "
                "history_type, history_user_id) FROM STDIN"
            ) as copy:
                if with_history:
                    copy.write("".join(line + tail + "\n" for line in lines))
        return time.perf_counter() - start

    return min(once() for _ in range(3))


def rejected_file_seconds(lines: list[str]) -> float:
    """The same file with five bad rows: rejected, every bad row named, nothing written."""
    from enrollment.models import Enrollment
    from exchange.services import records_import

    bad = list(lines)
    for i, line in zip(
        (10, 20_000, 50_000, 70_000, ROWS - 1),
        (
            "x,CE,Q3/24,enrolled,,",
            "a,ZZ,Q3/24,enrolled,,",
            "a,CE,Q7/24,enrolled,,",
            "a,CE,Q3/24,passed,60,",
            "a,CE,Q3/24,passed,101,",
        ),
        strict=True,
    ):
        bad[i % ROWS] = line.replace("a,", f"teacher{i % EDUCATORS}@example.org,", 1)
    clear_enrollments()
    invalid_s, rejected = timed(
        lambda: records_import(kind="enrollments", data=as_file(bad), filename="bad.csv")
    )
    assert not rejected.ok and rejected.bad_rows == 5, rejected.summary
    assert Enrollment.objects.count() == 0, "a rejected file wrote rows"
    return invalid_s


def baseline_seconds(lines: list[str]) -> float | None:
    """django-import-export's row-by-row import of the first SAMPLE rows (None: it failed)."""
    from tablib import Dataset

    from bench.resources import EnrollmentResource
    from enrollment.models import Enrollment

    clear_enrollments()
    sample = Dataset().load(as_file(lines[:SAMPLE]).decode(), format="csv")
    resource = EnrollmentResource()
    start = time.perf_counter()
    outcome = resource.import_data(sample, dry_run=False, use_transactions=True)
    elapsed = time.perf_counter() - start
    if outcome.has_errors() or outcome.has_validation_errors():
        for line in outcome.invalid_rows[:3] + [r for r in outcome.rows if r.errors][:3]:
            print("baseline row failed:", getattr(line, "error_dict", None) or line.errors)
        return None
    assert Enrollment.objects.count() == SAMPLE
    return elapsed


def prepare_schema() -> None:
    """Migrate; with BENCH_COVERED_INDEXES=1, put back the indexes the composites cover."""
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_COVERED_INDEXES") == "1":  # the schema before they were dropped
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX bench_e_cohort ON enrollment_enrollment (cohort_id)")
            cursor.execute("CREATE INDEX bench_e_educator ON enrollment_enrollment (educator_id)")
        print("with the single-column cohort_id and educator_id indexes")


def main() -> int:
    from accounts.roles import Role
    from enrollment.models import Enrollment
    from exchange.services import records_import
    from tests.factories.accounts import UserFactory

    prepare_schema()
    print(
        f"database: {connection.vendor}, {ROWS:,} enrolment rows, {EDUCATORS:,} educators, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for n in range(40):
        UserFactory(email=f"fac{n}@example.org", roles=[Role.FACILITATOR])

    seconds, result = timed(
        lambda: records_import(kind="educators", data=educators_csv(), filename="educators.csv")
    )
    assert result.ok, result.errors[:5]
    print(f"educators.csv, {EDUCATORS:,} new educators (users, roles, profiles): {seconds:.2f} s")

    lines = enrollment_lines(random.Random(7))
    data = as_file(lines)

    def ours():
        clear_enrollments()
        start = time.perf_counter()
        result = records_import(kind="enrollments", data=data, filename="enrollments.csv")
        elapsed = time.perf_counter() - start
        assert result.ok and result.created == ROWS, (result.summary, result.errors[:5])
        return elapsed

    ours_s = min(ours() for _ in range(3))
    assert Enrollment.objects.count() == ROWS and Enrollment.history.count() == ROWS
    floors = copy_floors(resolved_rows()) if connection.vendor == "postgresql" else None
    again_s, again = timed(
        lambda: records_import(kind="enrollments", data=data, filename="enrollments.csv")
    )
    assert again.ok and again.unchanged == ROWS, again.summary

    invalid_s = rejected_file_seconds(lines)
    if os.environ.get("BENCH_QUICK") == "1":  # no django-import-export sample
        print_figures(ours_s=ours_s, again_s=again_s, invalid_s=invalid_s)
        if connection.vendor == "postgresql":
            print_copy_floors(data, floors, ours_s=ours_s)
        return 0
    baseline_sample_s = baseline_seconds(lines)
    if baseline_sample_s is None:
        return 1
    baseline_s = baseline_sample_s * ROWS / SAMPLE

    print_figures(ours_s=ours_s, again_s=again_s, invalid_s=invalid_s)
    print(
        f"django-import-export row by row, {SAMPLE:,} rows:      {baseline_sample_s:8.2f} s"
        f"  → scaled to {ROWS:,}: {baseline_s:8.1f} s"
    )
    print(f"speed-up over django-import-export: {baseline_s / ours_s:6.1f}×  (goal ≥ 10×)")
    if connection.vendor == "postgresql":
        print_copy_floors(data, floors, ours_s=ours_s)
    return 0


def print_figures(*, ours_s: float, again_s: float, invalid_s: float) -> None:
    print(f"exchange import, {ROWS:,} new rows, best of 3:      {ours_s:8.2f} s")
    print(f"same file again, all unchanged:                    {again_s:8.2f} s")
    print(f"invalid file (5 bad rows), rejected, 0 written:     {invalid_s:8.2f} s")


def copy_floors(resolved: list[tuple]) -> tuple[float, float]:
    """Both COPY floors (with and without history rows), taken back to back right after
    the import, while its cohorts exist: later steps empty the enrolment and cohort
    tables (a COPY then is a blank id or a missing cohort)."""
    return copy_into_real_tables(resolved), copy_into_real_tables(resolved, with_history=False)


def print_copy_floors(data: bytes, floors: tuple[float, float], *, ours_s: float):
    floor_s, bare_s = floors
    copy_s = copy_baseline(data)
    print(f"PostgreSQL COPY into a bare table, best of 3:       {copy_s:8.2f} s")
    print(f"exchange import / COPY: {ours_s / copy_s:6.1f}×  (goal ≤ 5×)")
    print(f"COPY into the enrolment and history tables, best of 3: {floor_s:8.2f} s")
    print(f"exchange import / that COPY: {ours_s / floor_s:6.1f}×")
    print(f"COPY into the enrolment table alone, no history rows: {bare_s:8.2f} s")
    print(f"the history rows' share of that COPY: {floor_s - bare_s:8.2f} s")
    print(f"load average: {os.getloadavg()[0]:.1f}, {os.getloadavg()[1]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
