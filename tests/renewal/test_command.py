"""renewal_status: one JSON object; unknown email, no license or bad input exit non-zero."""

import datetime as dt

import pytest

from tests.factories import EducatorFactory
from tests.renewal.conftest import imported_pass, licensed, status_error, status_json

pytestmark = pytest.mark.django_db


def test_email_is_matched_whatever_its_case():
    licensed("ana@example.org", start=dt.date(2024, 7, 1))
    assert status_json("ANA@Example.org", "2025-01-01")["email"] == "ana@example.org"


def test_unknown_email_exits_non_zero_with_the_reason():
    message, _ = status_error("nobody@example.org", "--as-of", "2025-01-01", "--format", "json")
    assert "no educator has the email 'nobody@example.org'" in message


def test_educator_without_a_license_exits_non_zero():
    EducatorFactory(user__email="x@example.org")
    message, _ = status_error("x@example.org", "--as-of", "2025-01-01", "--format", "json")
    assert message == "x@example.org has no license on record"


@pytest.mark.parametrize("as_of", ["2025-13-01", "01/02/2025", "2025-1-1", "tomorrow"])
def test_malformed_as_of_exits_non_zero(as_of):
    licensed("a@example.org", start=dt.date(2024, 7, 1))
    message, _ = status_error("a@example.org", "--as-of", as_of, "--format", "json")
    assert "is not a date" in message


def test_unknown_format_exits_non_zero():
    licensed("a@example.org", start=dt.date(2024, 7, 1))
    message, _ = status_error("a@example.org", "--as-of", "2025-01-01", "--format", "csv")
    assert "unknown format" in message


def test_command_line_exit_status_and_stderr(tmp_path):
    """Through a real process: exit status 1 and the reason on stderr, nothing on stdout."""
    import os
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "renewal_status", "nobody@example.org", "--as-of", "x"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3"},
        check=False,
    )
    assert result.returncode != 0
    assert "is not a date" in result.stderr
    assert result.stdout == ""


def test_output_is_one_json_object_and_never_mentions_hours_or_credits():
    profile = licensed("a@example.org", start=dt.date(2024, 7, 1))
    imported_pass(profile, "CE", "Q3/25")
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("renewal_status", "a@example.org", "--as-of", "2025-06-01", stdout=out)
    text = out.getvalue().lower()
    for word in ("hour", "credit", "ceu"):
        assert word not in text
