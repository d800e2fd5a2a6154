"""Two scorers post the same attempt at once: exactly one grade stands (ASVS 11.1.6).

Runs against PostgreSQL with real transactions (a plain TestCase would hide a missing
``atomic`` or lock): DATABASE_URL=postgres://... pytest -m postgres tests/grading
"""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from accounts.roles import Role
from enrollment.models import Enrollment
from grading.models import Grade
from grading.services import GradeConflict
from tests.conftest import staff
from tests.factories.grading import RANKS_80, RANKS_90, levels_for, post_grade, submitted_attempt

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL for real concurrent transactions (set DATABASE_URL)",
    ),
]


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_scorers_posting_at_once_leave_exactly_one_grade(world):
    lead = staff(Role.LEAD_FACILITATOR)
    world.cohort.lead_facilitator = lead
    world.cohort.save()
    attempt = submitted_attempt(world.enrollment)
    results = _race(
        lambda: post_grade(attempt, world.facilitator, RANKS_80),
        lambda: post_grade(attempt, lead, RANKS_90),
    )
    winners = [r for r in results if isinstance(r, Grade)]
    losers = [r for r in results if isinstance(r, GradeConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert Grade.objects.posted().filter(attempt=attempt).count() == 1
    assert losers[0].grade is not None and losers[0].grade.pk == winners[0].pk
    enrollment = Enrollment.objects.get(pk=world.enrollment.pk)
    assert enrollment.score == winners[0].percent_display


def test_the_loser_sees_a_409_page(world):
    from django.test import Client

    lead = staff(Role.LEAD_FACILITATOR)
    world.cohort.lead_facilitator = lead
    world.cohort.save()
    attempt = submitted_attempt(world.enrollment)
    url = reverse("grading:attempt-score", args=[attempt.pk])

    def poster(user, ranks):
        def job():
            client = Client()
            client.force_login(user)
            data = {"action": "post"}
            data |= {f"score-level_{c}": lv for c, lv in levels_for(attempt, ranks).items()}
            return client.post(url, data)

        return job

    responses = _race(poster(world.facilitator, RANKS_80), poster(lead, RANKS_90))
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], responses
    loser = next(r for r in responses if r.status_code == 409)
    assert "graded by someone else" in loser.content.decode()
    assert Grade.objects.posted().filter(attempt=attempt).count() == 1
