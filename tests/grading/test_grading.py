"""Scoring rules: percent, pass at 85, unscored criteria, posting, reopening, windows."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from enrollment.models import Enrollment
from enrollment.rules import points_pass
from grading import services
from grading.models import Attempt, Grade
from tests.conftest import staff
from tests.factories.grading import (
    RANKS_80,
    RANKS_90,
    levels_for,
    post_grade,
    submitted_attempt,
)

DENVER = ZoneInfo("America/Denver")


def at(*args):
    return dt.datetime(*args, tzinfo=DENVER)


@pytest.mark.parametrize(
    ("earned", "possible", "display", "passed"),
    [
        (17, 20, "85.0", True),
        (1699, 2000, "85.0", False),  # 84.95 shows as 85.0 but does not pass
        (1700, 2000, "85.0", True),
        (2, 3, "66.7", False),
        (1, 8, "12.5", False),
        (1, 6, "16.7", False),
    ],
)
def test_percent_rounds_half_up_for_display_and_compares_unrounded(
    earned, possible, display, passed
):
    grade = Grade(points_earned=earned, points_possible=possible)
    assert str(grade.percent_display) == display
    assert points_pass(earned=earned, possible=possible) is passed


@pytest.mark.parametrize(
    ("ranks", "passed", "status"),
    [
        ([4, 4, 3, 3, 3], True, Enrollment.Status.PASSED),  # 17 of 20: exactly 85% passes
        ([4, 3, 3, 3, 3], False, Enrollment.Status.NOT_PASSED),  # 16 of 20: 80%
    ],
)
def test_posting_applies_the_pass_rule_to_the_points_scored(
    enrollment, facilitator, ranks, passed, status
):
    grade = post_grade(submitted_attempt(enrollment), facilitator, ranks)
    assert grade.passed is passed
    assert (grade.resubmit_until is None) is passed
    enrollment.refresh_from_db()
    assert enrollment.status == status


def test_an_unscored_criterion_blocks_posting(enrollment, facilitator):
    attempt = submitted_attempt(enrollment)
    levels = levels_for(attempt, 3)
    first = next(iter(levels))
    levels[first] = None
    with pytest.raises(ValidationError, match="Score every criterion"):
        services.grade_post(attempt=attempt, by=facilitator, levels=levels, feedback={}, overall="")
    assert not Grade.objects.posted().exists()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED


def test_posting_sets_the_outcome_audits_and_emails_after_commit(
    enrollment, facilitator, django_capture_on_commit_callbacks
):
    attempt = submitted_attempt(enrollment)
    with django_capture_on_commit_callbacks(execute=True):
        grade = post_grade(attempt, facilitator, RANKS_80)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_PASSED
    assert str(enrollment.score) == "80.00"
    assert grade.resubmit_until is not None
    assert AuditEvent.objects.filter(action="grade.posted", actor=facilitator).count() == 1
    assert len(mail.outbox) == 1
    assert "80.0%" in mail.outbox[0].body and "resubmit until" in mail.outbox[0].body


def test_no_email_when_posting_rolls_back(
    enrollment, facilitator, django_capture_on_commit_callbacks
):
    attempt = submitted_attempt(enrollment)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        post_grade(attempt, facilitator, RANKS_80)
        transaction.set_rollback(True)
    assert mail.outbox == []


def test_a_passing_grade_passes_the_enrolment(enrollment, facilitator):
    post_grade(submitted_attempt(enrollment), facilitator, RANKS_90)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED
    assert str(enrollment.score) == "90.00"
    assert Grade.objects.get().resubmit_until is None


def test_a_second_posted_grade_for_one_attempt_is_refused_by_the_database(
    enrollment, facilitator, lac
):
    grade = post_grade(submitted_attempt(enrollment), facilitator, RANKS_80)
    with pytest.raises(IntegrityError), transaction.atomic():
        Grade.objects.create(
            attempt=grade.attempt,
            rubric=grade.rubric,
            scorer=lac,
            status=Grade.Status.POSTED,
            posted_at=grade.posted_at,
        )


def test_posting_again_is_a_conflict_page(client, enrollment, facilitator, cohort_lead):
    attempt = submitted_attempt(enrollment)
    post_grade(attempt, cohort_lead, RANKS_80)
    client.force_login(facilitator)
    data = {"action": "post", "score-overall_feedback": "My careful overall note"} | {
        f"score-level_{cid}": lid for cid, lid in levels_for(attempt, 4).items()
    }
    response = client.post(reverse("grading:attempt-score", args=[attempt.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "graded by someone else" in page and "80.0%" in page  # the grade that stands
    assert "My careful overall note" in page and "Exemplary" in page  # nothing lost
    assert Grade.objects.posted().get().scorer == cohort_lead


def _window_case(enrollment, facilitator, posted_at, days):
    enrollment.cohort.resubmission_window_days = days
    enrollment.cohort.save()
    attempt = submitted_attempt(enrollment)
    with time_machine.travel(posted_at, tick=False):
        return post_grade(attempt, facilitator, RANKS_80)


@pytest.mark.parametrize("days", [3, 5])
def test_resubmission_window_edges(enrollment, facilitator, educator, days):
    grade = _window_case(enrollment, facilitator, at(2026, 1, 12, 15, 30), days)
    end = at(2026, 1, 12 + days, 15, 30)
    assert grade.resubmit_until == end
    with time_machine.travel(end - dt.timedelta(seconds=1), tick=False):
        services.resubmission_start(enrollment=enrollment, by=educator)
    Attempt.objects.filter(number=2).delete()
    with time_machine.travel(end, tick=False), pytest.raises(ValidationError, match="closed"):
        services.resubmission_start(enrollment=enrollment, by=educator)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_PASSED


def test_window_keeps_mountain_clock_time_across_fall_back(enrollment, facilitator):
    # DST ends 2026-11-01: 3 days after 10:00 MDT is 10:00 MST, 73 hours later.
    grade = _window_case(enrollment, facilitator, at(2026, 10, 30, 10, 0), 3)
    assert grade.resubmit_until == at(2026, 11, 2, 10, 0)
    assert grade.resubmit_until - grade.posted_at == dt.timedelta(hours=73)
    assert grade.resubmit_until.astimezone(DENVER).tzname() == "MST"


def test_window_keeps_mountain_clock_time_across_spring_forward(enrollment, facilitator):
    # DST starts 2027-03-14: 5 days after 10:00 MST is 10:00 MDT, 119 hours later.
    grade = _window_case(enrollment, facilitator, at(2027, 3, 12, 10, 0), 5)
    assert grade.resubmit_until == at(2027, 3, 17, 10, 0)
    assert grade.resubmit_until - grade.posted_at == dt.timedelta(hours=119)


def test_submitting_a_resubmission_after_the_window_is_refused(enrollment, facilitator, educator):
    grade = _window_case(enrollment, facilitator, at(2026, 2, 2, 9, 0), 3)
    with time_machine.travel(at(2026, 2, 3, 9, 0), tick=False):
        services.resubmission_start(enrollment=enrollment, by=educator)
    with (
        time_machine.travel(grade.resubmit_until, tick=False),
        pytest.raises(ValidationError, match="stays not passed"),
    ):
        services.attempt_submit(enrollment=enrollment, by=educator)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_PASSED


def test_resubmission_keeps_the_first_attempt_and_its_grade(
    client, enrollment, facilitator, educator
):
    first = submitted_attempt(enrollment)
    post_grade(first, facilitator, RANKS_80, feedback="Say more about routines.")
    client.force_login(educator)
    page = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "Resubmit" in page and "Say more about routines." in page
    client.post(reverse("grading:resubmission-start", args=[enrollment.pk]))
    second = Attempt.objects.get(number=2)
    assert second.responses.count() == first.responses.count()
    services.attempt_submit(enrollment=enrollment, by=educator)
    post_grade(second, facilitator, RANKS_90)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED
    page = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "80.0%" in page and "90.0%" in page and "Say more about routines." in page
    assert Grade.objects.posted().count() == 2


def test_lead_facilitator_reopens_with_a_reason_in_the_audit_trail(
    client, enrollment, facilitator, cohort_lead
):
    attempt = submitted_attempt(enrollment)
    grade = post_grade(attempt, facilitator, RANKS_80)
    client.force_login(cohort_lead)
    url = reverse("grading:grade-reopen", args=[grade.pk])
    client.post(url, {"reason": "Scored against the wrong task"})
    grade.refresh_from_db()
    assert grade.status == Grade.Status.REOPENED
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED and enrollment.score is None
    event = AuditEvent.objects.get(action="grade.reopened")
    assert event.actor == cohort_lead and event.detail["reason"] == "Scored against the wrong task"
    post_grade(attempt, facilitator, RANKS_90)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED


def test_reopening_needs_a_reason_and_the_right_person(client, enrollment, facilitator):
    grade = post_grade(submitted_attempt(enrollment), facilitator, RANKS_80)
    client.force_login(facilitator)
    url = reverse("grading:grade-reopen", args=[grade.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    # A lead facilitator of another cohort cannot even see it.
    client.force_login(staff(Role.LEAD_FACILITATOR))
    assert client.post(url, {"reason": "x"}).status_code == 404
    with pytest.raises(ValidationError):
        services.grade_reopen(grade=grade, by=facilitator, reason="  ")
    grade.refresh_from_db()
    assert grade.status == Grade.Status.POSTED


def test_posts_without_a_csrf_token_are_refused(enrollment, facilitator, educator):
    from django.test import Client

    attempt = submitted_attempt(enrollment)
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    data = {"action": "post"} | {f"score-level_{c}": v for c, v in levels_for(attempt, 4).items()}
    assert client.post(reverse("grading:attempt-score", args=[attempt.pk]), data).status_code == 403
    client.force_login(educator)
    assert (
        client.post(reverse("grading:resubmission-start", args=[enrollment.pk])).status_code == 403
    )
    assert not Grade.objects.exists()


def test_a_long_reopen_reason_is_kept_in_full_and_the_form_caps_it(
    client, enrollment, facilitator, cohort_lead
):
    """A reason past the history's 100 characters raised DataError on PostgreSQL."""
    from grading.forms import REOPEN_REASON_MAX

    attempt = submitted_attempt(enrollment)
    grade = post_grade(attempt, facilitator, RANKS_80)
    client.force_login(cohort_lead)
    url = reverse("grading:grade-reopen", args=[grade.pk])
    too_long = client.post(url, {"reason": "x" * (REOPEN_REASON_MAX + 1)}, follow=True)
    assert too_long.status_code == 200
    assert f"Keep the reason to {REOPEN_REASON_MAX:,} characters" in too_long.content.decode()
    grade.refresh_from_db()
    assert grade.status == Grade.Status.POSTED

    reason = "The rubric row for criterion 3 was misread; " * 6  # about 270 characters
    assert client.post(url, {"reason": reason}).status_code == 302
    grade.refresh_from_db()
    assert grade.status == Grade.Status.REOPENED and grade.reopen_reason == reason.strip()
    latest = enrollment.history.latest()
    assert latest.history_change_reason.startswith("Grade reopened: The rubric row")
    assert len(latest.history_change_reason) <= 100
