"""Intake fixtures: a frozen day in Q3/24 (January 2024), cohorts and an educator factory."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apl.quarters import Quarter
from enrollment.models import Enrollment
from tests.factories import CohortFactory, EducatorFactory, EnrollmentFactory, micro_credential

Q3_24 = Quarter.parse("Q3/24")
Q4_24 = Quarter.parse("Q4/24")


@pytest.fixture(autouse=True)
def in_q3_24():
    """Today is 2024-01-10 (Q3/24); the planning quarters run Q2/24 to Q3/25."""
    with time_machine.travel(dt.datetime(2024, 1, 10, 10, tzinfo=ZoneInfo("America/Denver"))):
        yield


@pytest.fixture
def signed_in_lac(client, lac):
    client.force_login(lac)
    return client


def cohort(code: str, quarter: Quarter = Q4_24, **kwargs):
    return CohortFactory(micro_credential=micro_credential(code), quarter=quarter, **kwargs)


def passed(educator, code: str, quarter: Quarter = Q3_24):
    return EnrollmentFactory(
        educator=educator,
        cohort=cohort(code, quarter),
        status=Enrollment.Status.PASSED,
        score=90,
    )


def educators(n: int, **kwargs):
    return [EducatorFactory(**kwargs) for _ in range(n)]
