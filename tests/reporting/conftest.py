import datetime as dt

import pytest

from apl.celery import app
from apl.quarters import Quarter
from enrollment.models import Enrollment
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential

AS_OF = dt.date(2024, 5, 15)  # Q4/24


def enrol(educator, code: str, quarter: str, status: str = "enrolled"):
    """One enrolment of ``educator`` in the ``code`` cohort of ``quarter``."""
    cohort = CohortFactory(micro_credential=micro_credential(code), quarter=Quarter.parse(quarter))
    score = {"passed": 90, "not_passed": 70}.get(status)
    return EnrollmentFactory(educator=educator, cohort=cohort, status=status, score=score)


@pytest.fixture
def small_history(db):
    """APL I-II: CE Q1/24 (2 passed of 3), an empty CE cohort in Q2/24, AL Q2/24 (1 passed of
    3), CE Q4/24 (2 enrolled, the open quarter) and a CLRI cohort after the as-of quarter."""
    for status in ("passed", "passed", "not_passed"):
        enrol(EducatorFactory(), "CE", "Q1/24", status)
    CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q2/24"))
    for status in ("passed", "withdrawn", "not_passed"):
        enrol(EducatorFactory(), "AL", "Q2/24", status)
    for _ in range(2):
        enrol(EducatorFactory(), "CE", "Q4/24")
    enrol(EducatorFactory(), "CLRI", "Q1/25")
    return Enrollment.objects.all()


@pytest.fixture
def broker_down():
    """Celery publishes for real, to a broker address where nothing listens."""
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = None
        app.amqp._producer_pool = None
