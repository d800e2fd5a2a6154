"""load_demo gives each demo account something to do today, and is safe to run twice."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from credentials.models import Credential
from demo.accounts import DEMO_ACCOUNTS, create_demo_accounts
from demo.current import load_current
from enrollment.models import Enrollment
from grading.models import Attempt

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC), tick=False)
def test_demo_accounts_have_work_this_quarter_and_a_second_run_adds_nothing():
    create_demo_accounts()
    load_current(stdout=io.StringIO())
    from credentials.services import credentials_issue_missing

    assert credentials_issue_missing() == 1
    counts = (Enrollment.objects.count(), Attempt.objects.count(), Credential.objects.count())

    create_demo_accounts()
    load_current(stdout=io.StringIO())
    assert credentials_issue_missing() == 0
    assert (
        Enrollment.objects.count(),
        Attempt.objects.count(),
        Credential.objects.count(),
    ) == counts

    mine = Enrollment.objects.get(educator__user__email="educator@apl.example")
    assert (mine.cohort.micro_credential.code, mine.cohort.quarter.label) == ("CE", "Q2/27")
    waiting = Attempt.objects.get(
        submission__enrollment__educator__user__email="educator2@apl.example"
    )
    assert waiting.submitted_at is not None
    assert waiting.submission.enrollment.facilitator.email == "facilitator@apl.example"
    passed = Credential.objects.get(educator__user__email="educator2@apl.example")
    assert passed.enrollment.cohort.quarter.label == "Q1/27"


def test_load_demo_prints_every_account_and_the_password(monkeypatch):
    monkeypatch.setattr("demo.history.load_history", lambda *, stdout: None)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "apl-demo-2024!" in text
    for email, *_ in DEMO_ACCOUNTS:
        assert email in text
