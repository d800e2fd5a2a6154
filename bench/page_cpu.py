"""What one request to each load-tested page costs the worker, in-process.

The load test (``bench_load.py``) gives each staff page's p95 against the landing page's; on
2 shared cores that ratio follows what each request costs. This prints, per page, the
worker's CPU time and the wall time per request (the median of ``BENCH_REPEAT`` requests,
after a warm-up) and the queries it runs, on the load test's database (``BENCH_LOAD_DB``,
``apl_bench_load``; run ``bench_load.py`` once to create it). ``BENCH_PROFILE=<label>``
prints that page's cProfile, by cumulative time. Not part of ``make test``.

    .venv/bin/python bench/page_cpu.py
    BENCH_PROFILE="intake queue" .venv/bin/python bench/page_cpu.py
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import DB, PAGES, server_env  # noqa: E402

os.environ.update(server_env(DB))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apl.settings")
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
PROFILE = os.environ.get("BENCH_PROFILE", "")


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    rows = []
    for label, path, email in [("landing page", "/", None), *PAGES]:
        client = Client(SERVER_NAME="127.0.0.1")
        if email:
            client.force_login(User.objects.get(email=email))
        for _ in range(5):  # warm-up: per-process caches, the connection
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *args, seen=queries: seen.append(sql) or run(sql, *args)
        ):
            client.get(path)
        cpu, wall = [], []
        profile = cProfile.Profile() if label == PROFILE else None
        for _ in range(REPEAT):
            c0, w0 = time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            client.get(path)
            if profile:
                profile.disable()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        rows.append((label, statistics.median(cpu), statistics.median(wall), len(queries)))
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    print(f"{'page':24} {'CPU ms':>7} {'wall ms':>8} {'queries':>8}")
    for label, cpu, wall, count in rows:
        print(f"{label:24} {cpu * 1000:7.1f} {wall * 1000:8.1f} {count:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
