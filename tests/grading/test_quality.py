"""Lead facilitators: second-scoring samples, agreement, turnaround, reassignment."""

import datetime as dt
import random
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from grading import oversight, selectors
from grading.models import CohortScoringSettings, Grade
from tests.conftest import staff
from tests.factories import EnrollmentFactory
from tests.factories.grading import RANKS_80, levels_for, post_grade, submitted_attempt

DENVER = ZoneInfo("America/Denver")


@pytest.fixture
def second_facilitator(world):
    user = staff(Role.FACILITATOR)
    world.cohort.facilitators.add(user)
    return user


def _graded(world, count, scorer):
    grades = []
    for _ in range(count):
        enrollment = EnrollmentFactory(cohort=world.cohort, facilitator=scorer)
        grades.append(post_grade(submitted_attempt(enrollment), scorer, RANKS_80))
    return grades


def test_sample_draw_takes_the_cohorts_share_for_another_facilitator(
    world, facilitator, second_facilitator, cohort_lead
):
    CohortScoringSettings.objects.create(cohort=world.cohort, second_score_percent=25)
    _graded(world, 8, facilitator)
    drawn = oversight.second_score_sample_draw(
        cohort=world.cohort, by=cohort_lead, rng=random.Random(4)
    )
    assert len(drawn) == 2
    assert all(g.kind == "second" and g.scorer == second_facilitator for g in drawn)
    # Drawing again tops up to the share only.
    assert oversight.second_score_sample_draw(cohort=world.cohort, by=cohort_lead) == []


def test_second_score_is_blind_and_feeds_agreement(
    client, world, facilitator, second_facilitator, cohort_lead
):
    CohortScoringSettings.objects.create(
        cohort=world.cohort, second_score_percent=100, agreement_threshold="0.95"
    )
    (grade,) = _graded(world, 1, facilitator)
    (second,) = oversight.second_score_sample_draw(cohort=world.cohort, by=cohort_lead)
    client.force_login(second_facilitator)
    assert "Blind second scores" in client.get(reverse("grading:caseload")).content.decode()
    url = reverse("grading:second-score", args=[second.pk])
    page = client.get(url).content.decode()
    assert "80.0%" not in page and "Feedback." not in page
    data = {f"score-level_{c}": lv for c, lv in levels_for(grade.attempt, [4, 4, 3, 3, 1]).items()}
    assert client.post(url, data).status_code == 302
    second.refresh_from_db()
    assert second.status == Grade.Status.POSTED
    # The educator's outcome is untouched by a second score.
    world.enrollment.refresh_from_db()
    report = selectors.agreement_report(cohorts=[world.cohort])
    (row,) = report["facilitators"]
    # First: 4 3 3 3 3; second: 4 4 3 3 1 -> exact 3/5, adjacent 4/5.
    assert row.exact == Fraction(3, 5) and row.adjacent == Fraction(4, 5)
    assert row.flagged
    assert len(report["criteria"]) == 5
    client.force_login(cohort_lead)
    page = client.get(reverse("grading:quality")).content.decode()
    assert "Below threshold" in page and "60%" in page


def test_turnaround_and_long_waits(world, facilitator):
    CohortScoringSettings.objects.create(cohort=world.cohort, waiting_alert_days=3)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=DENVER), tick=False):
        attempt = submitted_attempt(world.enrollment)
        old = submitted_attempt(EnrollmentFactory(cohort=world.cohort, facilitator=facilitator))
    with time_machine.travel(dt.datetime(2026, 11, 4, 9, tzinfo=DENVER), tick=False):
        post_grade(attempt, facilitator, RANKS_80)
    report = selectors.turnaround_report(
        cohorts=[world.cohort], now=dt.datetime(2026, 11, 6, 9, tzinfo=DENVER)
    )
    (row,) = report["facilitators"]
    assert row["count"] == 1 and row["mean_days"] == pytest.approx(2.0)
    assert [a.pk for a in report["overdue"]] == [old.pk]


def test_reassign_one_submission_and_a_whole_caseload(
    client, world, facilitator, second_facilitator, cohort_lead
):
    extra = EnrollmentFactory(cohort=world.cohort, facilitator=facilitator)
    client.force_login(cohort_lead)
    url = reverse("grading:reassign", args=[world.cohort.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"to": second_facilitator.pk, "enrollments": [extra.pk]})
    extra.refresh_from_db()
    assert extra.facilitator == second_facilitator
    client.post(url, {"to": second_facilitator.pk, "from_facilitator": facilitator.pk})
    world.enrollment.refresh_from_db()
    assert world.enrollment.facilitator == second_facilitator


def test_reassign_refuses_a_facilitator_outside_the_cohort(world, other_facilitator, lac):
    with pytest.raises(ValidationError):
        oversight.caseload_reassign(enrollments=[world.enrollment], to=other_facilitator, by=lac)


def test_lead_of_another_cohort_gets_404(client, world):
    client.force_login(staff(Role.LEAD_FACILITATOR))
    assert client.get(reverse("grading:reassign", args=[world.cohort.pk])).status_code == 404
    url = reverse("grading:sample-draw", args=[world.cohort.pk])
    assert client.post(url).status_code == 404


def test_quality_page_query_count_is_bounded(
    client,
    world,
    facilitator,
    second_facilitator,
    lac,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    CohortScoringSettings.objects.create(cohort=world.cohort, second_score_percent=100)
    _graded(world, 2, facilitator)
    client.force_login(lac)
    with django_assert_num_queries(13) as few:
        client.get(reverse("grading:quality"))
    _graded(world, 6, facilitator)
    oversight.second_score_sample_draw(cohort=world.cohort, by=lac)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        assert client.get(reverse("grading:quality")).status_code == 200


def test_sample_draws_and_reassignments_are_audited_like_grades(
    client, world, facilitator, second_facilitator, cohort_lead
):
    from audit.models import AuditEvent

    CohortScoringSettings.objects.create(cohort=world.cohort, second_score_percent=100)
    (grade,) = _graded(world, 1, facilitator)
    client.force_login(cohort_lead)
    client.post(reverse("grading:sample-draw", args=[world.cohort.pk]), REMOTE_ADDR="10.1.2.3")
    drawn = AuditEvent.objects.get(action="grading.sample_drawn")
    assert drawn.actor == cohort_lead and drawn.ip_address == "10.1.2.3"
    assert drawn.target_id == str(world.cohort.pk)
    assert drawn.detail["drawn"] == [
        {"attempt": grade.attempt_id, "second_scorer": second_facilitator.pk}
    ]

    url = reverse("grading:reassign", args=[world.cohort.pk])
    client.post(url, {"to": second_facilitator.pk, "enrollments": [world.enrollment.pk]})
    moved = AuditEvent.objects.get(action="grading.caseload_reassigned")
    assert moved.actor == cohort_lead and moved.target_id == str(world.enrollment.pk)
    assert moved.detail == {
        "from_facilitator": facilitator.pk,
        "to_facilitator": second_facilitator.pk,
    }


def test_the_read_only_liaison_can_neither_draw_nor_reassign(
    client, world, facilitator, second_facilitator, liaison
):
    from audit.models import AuditEvent

    CohortScoringSettings.objects.create(cohort=world.cohort, second_score_percent=100)
    _graded(world, 2, facilitator)
    client.force_login(liaison)
    draw = client.post(reverse("grading:sample-draw", args=[world.cohort.pk]))
    reassign = client.post(
        reverse("grading:reassign", args=[world.cohort.pk]),
        {"to": second_facilitator.pk, "enrollments": [world.enrollment.pk]},
    )
    assert draw.status_code == 403 and reassign.status_code == 403
    assert not Grade.objects.filter(kind=Grade.Kind.SECOND).exists()
    world.enrollment.refresh_from_db()
    assert world.enrollment.facilitator == facilitator
    assert not liaison.has_perm("grading.manage_scoring")
    assert AuditEvent.objects.filter(action="access.denied", actor=liaison).count() == 2
