import hashlib
from pathlib import Path

import pytest

from audit.models import AuditEvent
from tests.exchange.conftest import csv_file, run_import

pytestmark = pytest.mark.django_db


def test_errors_go_to_stderr_one_per_line_then_a_summary(tmp_path, teacher):
    path = csv_file(
        tmp_path,
        "email,micro_credential,quarter,status\n"
        "ana.baca@example.org,CE,Q9/24,enrolled\n"
        "ana.baca@example.org,XX,Q3/24,enrolled\n",
        "enrollments.csv",
    )
    run = run_import("enrollments", path)
    assert not run.ok
    assert run.err.splitlines() == [
        "row 2: quarter: there is no quarter 9; quarters are Q1 (Jul–Sep) to Q4 (Apr–Jun)",
        "row 3: micro_credential: 'XX' is not a catalog code or name",
    ]
    assert run.message == "enrollments.csv rejected: 2 errors in 2 of 2 rows; nothing was written."
    assert run.out == ""


def test_a_rejected_import_is_audited_with_counts_and_no_content(tmp_path, teacher):
    path = csv_file(tmp_path, "email,program,submitted_on\nsecret@example.org,APL I-II,2024-01-01")
    run_import("intents", path)
    event = AuditEvent.objects.get(action="import.intents")
    assert event.detail["outcome"] == "rejected" and event.detail["errors"] == 1
    assert "secret@example.org" not in str(event.detail)


def test_an_import_is_audited_once_per_file_with_its_hash_and_row_count(tmp_path, teacher):
    content = "email,program,submitted_on\nana.baca@example.org,APL I-II,2024-01-01\n"
    path = csv_file(tmp_path, content)
    assert run_import("intents", path).ok
    event = AuditEvent.objects.get(action="import.intents")
    assert event.detail["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    assert event.detail["rows"] == 1 and event.detail["outcome"] == "imported"


def test_a_dry_run_is_not_audited(tmp_path, teacher):
    path = csv_file(
        tmp_path, "email,program,submitted_on\nana.baca@example.org,APL I-II,2024-01-01"
    )
    assert run_import("intents", path, "--dry-run").ok
    assert not AuditEvent.objects.filter(action__startswith="import.").exists()


def test_a_missing_file_and_an_unknown_kind_fail(tmp_path):
    missing = run_import("educators", str(tmp_path / "nope.csv"))
    assert not missing.ok and "cannot read" in missing.message
    unknown = run_import("grades", str(tmp_path / "nope.csv"))
    assert not unknown.ok and "unknown kind 'grades'" in unknown.message
