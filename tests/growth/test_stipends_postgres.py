"""Two passes of the same micro-credential recorded at the same moment (PostgreSQL).

SQLite serialises writers, so only PostgreSQL shows whether the unique constraint and the
row lock hold the "once per micro-credential per educator".
"""

import threading

import pytest
from django.db import connections

from growth.models import Goal, Stipend
from growth.stipends import passes_sweep, record_pass
from tests.factories import EducatorFactory
from tests.factories.growth import enrolled, mc_goal, pass_, plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*works):
    barrier = threading.Barrier(len(works), timeout=10)
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait()
            work()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_concurrent_passes_make_one_stipend():
    educator = EducatorFactory()
    mc_goal(plan(educator, year=2025), "CE")
    mc_goal(plan(educator, year=2026), "CE")
    # Two passes of CE (a graded one and an imported one) reach growth at the same moment.
    first = pass_(enrolled(educator, code="CE", quarter="Q1/26"))
    second = pass_(enrolled(educator, code="CE", quarter="Q1/27"))
    errors = _at_once(
        lambda: record_pass(enrollment_id=first.pk),
        lambda: record_pass(enrollment_id=second.pk),
    )
    assert errors == []
    assert Stipend.objects.filter(educator=educator).count() == 1
    assert Goal.objects.filter(met_by_enrollment__isnull=False).count() == 2


def test_the_listener_and_the_sweep_at_once_make_one_stipend():
    educators = [EducatorFactory() for _ in range(5)]
    passes = []
    for educator in educators:
        mc_goal(plan(educator, year=2025), "CE")
        passes.append(pass_(enrolled(educator, code="CE", quarter="Q1/26")))

    def listener():
        for enrollment in passes:
            record_pass(enrollment_id=enrollment.pk)

    errors = _at_once(listener, passes_sweep)
    assert errors == []
    assert Stipend.objects.count() == 5
    assert Goal.objects.filter(met_by_enrollment__isnull=True).count() == 0
