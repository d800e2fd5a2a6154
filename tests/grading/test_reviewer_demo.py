"""The demo gives the reviewer (APL II-III) a caseload, as the facilitator has; the demo load
keeps the console quiet (no email bodies, no audit lines) and is safe to run twice."""

import io
import logging

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.accounts import create_demo_accounts
from demo.reviewer import LEVEL_2_TEACHERS, load_reviewer_work
from grading import selectors
from grading.models import Attempt, EvidenceFile, Grade

pytestmark = pytest.mark.django_db


def test_the_reviewer_has_work_waiting_with_a_pdf_and_an_image():
    create_demo_accounts()
    load_reviewer_work(stdout=io.StringIO())
    reviewer = User.objects.get(email="reviewer@apl.example")
    waiting = Attempt.objects.filter(
        submission__enrollment__facilitator=reviewer, submitted_at__isnull=False
    ).exclude(grades__status=Grade.Status.POSTED)
    assert waiting.count() == 2
    assert {e.kind for e in EvidenceFile.objects.all()} == {"pdf", "image"}
    assert Grade.objects.filter(scorer=reviewer, status=Grade.Status.POSTED).count() == 1
    caseload = selectors.caseload_for(user=reviewer)
    assert caseload["counts"]["waiting"] == 2
    names = {str(a.submission.enrollment.educator) for a in caseload["waiting"]}
    assert "Ana Lucero" in " ".join(names)
    assert {a.submission.enrollment.cohort.micro_credential.code for a in caseload["waiting"]} == {
        "SEL"
    }


def test_loading_the_reviewer_work_twice_adds_nothing():
    create_demo_accounts()
    load_reviewer_work(stdout=io.StringIO())
    counts = (Attempt.objects.count(), Grade.objects.count(), EvidenceFile.objects.count())
    load_reviewer_work(stdout=io.StringIO())
    assert (Attempt.objects.count(), Grade.objects.count(), EvidenceFile.objects.count()) == counts
    assert User.objects.filter(email__in=[t[0] for t in LEVEL_2_TEACHERS]).count() == 3


def test_the_demo_load_prints_no_email_bodies_or_audit_lines(monkeypatch, settings, capsys, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    monkeypatch.setattr("demo.history.load_history", lambda *, stdout: None)
    caplog.set_level(logging.INFO)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = capsys.readouterr()
    assert "Subject:" not in printed.out + printed.err + out.getvalue()
    assert not [r for r in caplog.records if r.name == "apl.audit"]
    assert "reviewer's caseload holds 3 educators" in out.getvalue()
    assert settings.EMAIL_BACKEND.endswith("console.EmailBackend")  # run time unchanged
