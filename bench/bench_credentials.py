"""Credential issuing benchmark: the demo's scale, about 6,000 passed enrolments.

Creates a temporary SQLite database (``BENCH_DATABASE_URL`` overrides it), migrates it
(the catalogue and the rubrics are seeded by migrations), loads ``BENCH_EDUCATORS``
educators (default 1,300) who each passed four or five APL I-II micro-credentials (one in
three completes the programme), then times

- the single path, ``credential_issue_for_enrollment``, one enrolment at a time, on the
  first ``BENCH_SINGLE`` passed enrolments (default 300);
- the sweep, ``credentials_issue_missing``, on every other passed enrolment and every
  completed programme;
- the sweep again (nothing left to issue).

``BENCH_PROFILE=1`` prints a cProfile of the sweep. Not part of ``make test``.

Measured (SQLite, 2 shared CPUs, load average ~1.5; the code before batching measured
the same way from its own tree):

    before: sweep 991 credentials in 15.75 s, 15.9 ms each; single path 18.3 ms each
    after:  sweep 5,776 credentials in 4.1-5.5 s, 0.7-1.0 ms each
            sweep 7,516 credentials (6,958 passes, 558 programmes) in 6.5 s, 0.86 ms each
            sweep again: nothing to issue, 0.04 s; single path ~24 ms each
    (under a load average of ~14 the old code took 62-97 ms a credential, the sweep 2.8)

Where the sweep's time went before: an Open Badges schema check of every document, the
rubric, criteria and domains read again for every credential, one commit per credential,
two saves and a locked status-list update per credential, the key decrypted every time.
"""

import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EDUCATORS = int(os.environ.get("BENCH_EDUCATORS", "1300"))
SINGLE = int(os.environ.get("BENCH_SINGLE", "300"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "apl.settings"
os.environ.setdefault("APL_DATA_DIR", tempfile.mkdtemp())
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from apl.quarters import Quarter  # noqa: E402
from catalogue.models import MicroCredential  # noqa: E402
from credentials import services  # noqa: E402
from credentials.models import Credential  # noqa: E402
from enrollment.models import Cohort, EducatorProfile, Enrollment  # noqa: E402

CODES = ["CE", "AL", "MLSS", "CLRI", "FE"]
QUARTERS = ["Q1/24", "Q2/24", "Q3/24", "Q4/24", "Q1/25"]


@transaction.atomic
def load(rng: random.Random) -> int:
    users = User.objects.bulk_create(
        User(
            email=f"teacher{n}@example.org",
            first_name=f"Teacher{n}",
            last_name=rng.choice(["García", "Chavez", "Smith", "Begay", "Nguyen"]),
            password="!",
        )
        for n in range(EDUCATORS)
    )
    profiles = EducatorProfile.objects.bulk_create(EducatorProfile(user=u) for u in users)
    mcs = {mc.code: mc for mc in MicroCredential.objects.filter(code__in=CODES)}
    cohorts = {
        (code, q): Cohort.objects.create(micro_credential=mcs[code], quarter=Quarter.parse(q))
        for code in CODES
        for q in QUARTERS
    }
    rows = []
    for profile in profiles:
        taken = 5 if rng.random() < 1 / 3 else 4
        start = 0 if taken == 5 else rng.randint(0, 1)
        for i, code in enumerate(CODES[:taken]):
            rows.append(
                Enrollment(
                    educator=profile,
                    cohort=cohorts[(code, QUARTERS[start + i])],
                    status=Enrollment.Status.PASSED,
                    score=Decimal(rng.randint(170, 200)) / 2,
                )
            )
    Enrollment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> int:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    passed = load(random.Random(20240515))
    print(f"database {os.environ['DATABASE_URL'].split('://')[0]}: {EDUCATORS} educators, ", end="")
    print(f"{passed} passed enrolments, loaded in {time.perf_counter() - started:.1f} s")

    ids = list(
        Enrollment.objects.filter(status="passed").order_by("pk").values_list("pk", flat=True)
    )[:SINGLE]
    started = time.perf_counter()
    for pk in ids:
        services.credential_issue_for_enrollment(enrollment_id=pk)
    single = time.perf_counter() - started
    single_count = Credential.objects.count()
    print(
        f"single path, {len(ids)} enrolments ({single_count} credentials with programmes): "
        f"{single:.2f} s, {1000 * single / max(single_count, 1):.1f} ms per credential"
    )

    sweep = services.credentials_issue_missing
    profiler = cProfile.Profile() if PROFILE else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    issued = sweep()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    print(
        f"sweep {sweep.__name__}: {issued} credentials in {elapsed:.2f} s, "
        f"{1000 * elapsed / max(issued, 1):.2f} ms per credential"
    )
    started = time.perf_counter()
    again = sweep()
    print(f"sweep again: {again} issued in {time.perf_counter() - started:.2f} s")
    total = Credential.objects.count()
    programmes = Credential.objects.filter(kind="programme").count()
    missing = Enrollment.objects.filter(status="passed", credential__isnull=True).count()
    print(f"credentials {total} ({programmes} programme), passed enrolments without one: {missing}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    return 1 if missing or again else 0


if __name__ == "__main__":
    sys.exit(main())
