"""Mutation testing of the core rule modules, each against its own tests (``make mutate``).

Each module is mutated by mutmut in a scratch copy of the checkout (``.mutate/<name>/``),
so the working tree is never touched, one module at a time (mutation runs are CPU-heavy).
Prints killed / total per module and the surviving mutants; exits non-zero when a module
scores under the goal. Not part of ``make test`` or CI: a full run takes minutes.

    .venv/bin/python bench/mutate.py                 # every module
    .venv/bin/python bench/mutate.py quarters report # some of them
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutate"
GOAL = 90.0


@dataclass(frozen=True)
class Target:
    name: str
    module: str  # the file mutated
    tests: tuple[str, ...]  # its own tests, run on SQLite
    functions: tuple[str, ...] = ()  # only these functions' mutants (default: every one)
    in_default_run: bool = True  # False: run only when named


IMPORT_TESTS = (
    "tests/exchange/test_import_enrollments.py",
    "tests/exchange/test_import_enrollment_rows.py",
)

TARGETS = [
    Target("quarters", "apl/quarters.py", ("tests/apl/test_quarters.py",)),
    Target(
        "report",
        "reporting/selectors.py",
        ("tests/reporting/test_report.py", "tests/reporting/test_summary_masks.py"),
    ),
    # The import's rules (cell checks, the outcome rules, what counts as a change); its
    # plumbing (reading columns, cohorts, facilitators, writing) is left out to keep the
    # run to minutes: 251 of the module's 729 mutants.
    Target(
        "import-enrollments",
        "exchange/importers/enrollments.py",
        IMPORT_TESTS,
        functions=(
            "xǁEnrollmentImporterǁ_cells__mutmut_*",
            "xǁEnrollmentImporterǁ_outcome_errors__mutmut_*",
            "xǁEnrollmentImporterǁ_quarter__mutmut_*",
            "xǁEnrollmentImporterǁ_not_offered__mutmut_*",
            "xǁEnrollmentImporterǁ_plan_row__mutmut_*",
            "x__parse_score__mutmut_*",
            "x__changes__mutmut_*",
            "x__agrees__mutmut_*",
            "x__repeats__mutmut_*",
        ),
    ),
    Target("pass-rule", "enrollment/rules.py", ("tests/enrollment/test_pass_rule.py",)),
    Target("renewal-rule", "renewal/rules.py", ("tests/renewal/test_rule.py",)),
    Target("stack-rule", "catalogue/stacks.py", ("tests/catalogue/test_stack_rules.py",)),
    # The advanced-role routes: license level, years at level, NBCT, master's, and the
    # rules in words and as kept on an application (hold harmless).
    Target(
        "lattice-rule",
        "lattice/rules.py",
        ("tests/lattice/test_prerequisites.py", "tests/lattice/test_route_rules.py"),
    ),
    # The importers beyond the rule functions: the whole enrolment importer, and what
    # every import shares (reading the CSV, the plan, the result). Slow: run them alone
    # (`make mutate ONLY=import-enrollments-all`, `ONLY=import-base`) on a quiet machine.
    Target(
        "import-enrollments-all",
        "exchange/importers/enrollments.py",
        IMPORT_TESTS,
        in_default_run=False,
    ),
    Target(
        "import-base",
        "exchange/importers/base.py",
        (
            "tests/exchange/test_import_enrollments.py",
            "tests/exchange/test_import_people.py",
            "tests/exchange/test_confirm_twice.py",
        ),
        in_default_run=False,
    ),
]


def _copy_checkout(dest: Path) -> None:
    """The tracked and new (not ignored) files of the checkout, as they are now."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    if dest.exists():
        shutil.rmtree(dest)
    for raw in listed:
        if not raw:
            continue
        source = ROOT / raw.decode()
        if source.is_file():
            target = dest / raw.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _mutmut_config(target: Target, dest: Path) -> str:
    package = target.module.split("/")[0]
    others = sorted(
        p.name
        for p in dest.iterdir()
        if p.name != package and p.name not in {"tests", "pyproject.toml"}
    )
    config = {
        "source_paths": [package],
        "only_mutate": [target.module],
        "also_copy": others,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q", "-p", "no:xdist", "--reuse-db"],
        "pytest_add_cli_args_test_selection": list(target.tests),
        "use_git_change_detection": False,
        # mutmut times a mutant out after (its tests' own time + this) x 15 seconds. Those
        # times leave out pytest's and Django's start and the test database, so on a busy
        # machine a whole run of database tests passed the default (1 s) and a surviving
        # mutant counted as killed by timeout.
        "timeout_constant": 10,
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    return "\n".join(lines) + "\n"


def _dotted(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def _statuses(dest: Path) -> dict[str, str]:
    """{mutant name: status} from ``mutmut results --all true``."""
    out = subprocess.run(
        [str(ROOT / ".venv/bin/mutmut"), "results", "--all", "true"],
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    statuses = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            statuses[name] = status.strip()
    return statuses


def _refresh_tests(target: Target, dest: Path) -> None:
    """Copy the target's tests, as they are now, into an earlier run's scratch copy."""
    for test in target.tests:
        for where in (dest, dest / "mutants"):
            shutil.copy2(ROOT / test, where / test)


def run(target: Target, *, survivors_only: bool = False) -> tuple[int, int, list[str]]:
    dest = SCRATCH / target.name
    names: list[str] = []
    if survivors_only and (dest / "mutants").exists():
        # Again, only the mutants that survived last time, against the tests as they are now.
        _refresh_tests(target, dest)
        names = [k for k, v in _statuses(dest).items() if v in {"survived", "no tests"}]
        if not names:
            return run_counts(dest)
    else:
        _copy_checkout(dest)
        with open(dest / "pyproject.toml", "a") as config:
            config.write(_mutmut_config(target, dest))
        names = [f"{_dotted(target.module)}.{pattern}" for pattern in target.functions]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "apl.settings_test",
        # one migrated test database for every mutant's run (--reuse-db)
        "APL_TEST_SQLITE_FILE": str(dest / "mutants" / "test.sqlite3"),
    }
    env.pop("DATABASE_URL", None)  # each module's own tests, on SQLite
    subprocess.run(
        [str(ROOT / ".venv/bin/mutmut"), "run", "--max-children", "1", *names],
        cwd=dest,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return run_counts(dest)


def run_counts(dest: Path) -> tuple[int, int, list[str]]:
    """Killed, counted and the survivors; timeouts count as killed and are listed too."""
    statuses = _statuses(dest)
    counted = {k: v for k, v in statuses.items() if v not in {"skipped", "not checked"}}
    killed = sum(1 for v in counted.values() if v in {"killed", "timeout", "segfault"})
    survivors = sorted(k for k, v in counted.items() if v in {"survived", "no tests"})
    timeouts = sorted(f"{k} (timeout)" for k, v in counted.items() if v == "timeout")
    return killed, len(counted), survivors + timeouts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="targets to run (default: all)")
    parser.add_argument(
        "--survivors", action="store_true", help="re-run only the last run's survivors"
    )
    args = parser.parse_args()
    names = args.names
    chosen = [t for t in TARGETS if t.name in names or (not names and t.in_default_run)]
    failed = False
    for target in chosen:
        killed, total, survivors = run(target, survivors_only=args.survivors)
        score = 100.0 * killed / total if total else 0.0
        failed |= score < GOAL
        print(f"{target.name:20} {target.module:36} {killed:4}/{total:<4} killed  {score:5.1f}%")
        for name in survivors:
            kind = "killed" if name.endswith("(timeout)") else "survived"
            print(f"    {kind}: {name}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
