"""The last seat of a cohort, taken by two coordinators at the same moment (PostgreSQL).

SQLite serialises writers and ignores SELECT ... FOR UPDATE, so only PostgreSQL shows
whether the row lock in enrollment_create holds. CI runs this with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/test.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from enrollment.models import Enrollment
from enrollment.services import enrollment_create
from tests.factories import EducatorFactory, EnrollmentFactory
from tests.intake.conftest import cohort

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_two_people_taking_the_last_seat_at_once_fill_it_exactly_once():
    target = cohort("CE", capacity=2)
    EnrollmentFactory(cohort=target)
    first, second = EducatorFactory(), EducatorFactory()
    barrier = threading.Barrier(2, timeout=10)
    results: dict[int, object] = {}

    def take_seat(educator):
        try:
            barrier.wait()
            results[educator.pk] = enrollment_create(educator=educator, cohort=target)
        except ValidationError as exc:
            results[educator.pk] = exc
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=take_seat, args=(e,)) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    outcomes = list(results.values())
    assert len(outcomes) == 2
    won = [o for o in outcomes if isinstance(o, Enrollment)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].code == "full"
    assert "is full" in lost[0].messages[0]
    assert target.enrollments.counted().count() == 2
