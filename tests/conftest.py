"""Personas and shared fixtures.

The personas are the nine people every view is tried against: anonymous, an educator,
another educator, the educator's facilitator, a facilitator of another cohort, a reviewer
(APL II-III) with no caseload here, the lead facilitator of the educator's cohort, the
Licensure Advancement Coordinator (LAC), the APL liaison (a read-only role), the
administrator of the educator's district and the administrator of another district
(where the other educator works).
"""

import os
from dataclasses import dataclass

import pytest

from accounts.roles import Role
from apl.quarters import Quarter
from growth.models import ReviewerAssignment
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    IntentFactory,
    UserFactory,
    micro_credential,
    with_totp,
)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("APL_CELERY_WORKER_TESTS") != "1":
        skip = pytest.mark.skip(
            reason="needs Redis and a real worker: set APL_CELERY_WORKER_TESTS=1"
        )
        for item in items:
            if "celery_worker" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _seed_data(request):
    """Put the data migrations' records back when a transactional test flushed them.

    The catalogue, roles, rubrics and survey questions come from data migrations. A
    transactional (live-server, concurrency) test empties every table when it ends, and
    Django's serialized rollback cannot restore them here: once Playwright's event loop
    runs in the test thread, tests get connections without the serialized copy.
    """
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if (
        "live_server" in names
        or "transactional_db" in names
        or (marker is not None and marker.kwargs.get("transaction"))
    ):
        request.getfixturevalue("transactional_db")
        from django.core.cache import cache

        cache.clear()  # the database cache's table is not flushed between such tests
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from tests.seed import reseed_if_flushed

    reseed_if_flushed()


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    """Tests marked ``postgres`` need real concurrent transactions: skip them elsewhere."""
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL (the database is {connection.vendor}); "
            "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
        )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _report_cache():
    """Each test's data is rolled back, and with it the version that keys the reports a
    worker process keeps: start every test with none kept."""
    from reporting.cache import local_clear

    local_clear()


def staff(*roles):
    return with_totp(UserFactory(roles=list(roles)))


@pytest.fixture
def educator(db):
    return EducatorFactory(user__email="educator@example.org").user


@pytest.fixture
def other_educator(db):
    return EducatorFactory(user__email="other.educator@example.org").user


@pytest.fixture
def facilitator(db):
    return staff(Role.FACILITATOR)


@pytest.fixture
def other_facilitator(db):
    return staff(Role.FACILITATOR)


@pytest.fixture
def lead_facilitator(db):
    return staff(Role.LEAD_FACILITATOR)


@pytest.fixture
def reviewer(db):
    return staff(Role.REVIEWER)


@pytest.fixture
def lac(db):
    return staff(Role.LAC)


@pytest.fixture
def liaison(db):
    return staff(Role.LIAISON)


@pytest.fixture
def pgp_reviewer(db):
    """A school leader or coach who reviews the growth plans of the educator (in ``world``)."""
    return staff(Role.PGP_REVIEWER)


@pytest.fixture
def district(db):
    from districts.models import District

    return District.objects.create(code="TST-A", name="Test District A")


@pytest.fixture
def other_district(db):
    from districts.models import District

    return District.objects.create(code="TST-B", name="Test District B", high_need=True)


def _place(user, district):
    profile = user.educator_profile
    profile.district = district
    profile.district_as_written = district.code
    profile.save(update_fields=["district", "district_as_written"])


@pytest.fixture
def district_admin(educator, district):
    """Administers the educator's district."""
    _place(educator, district)
    user = staff(Role.DISTRICT_ADMIN)
    district.administrators.add(user)
    return user


@pytest.fixture
def other_district_admin(other_educator, other_district):
    """Administers another district, the other educator's."""
    _place(other_educator, other_district)
    user = staff(Role.DISTRICT_ADMIN)
    other_district.administrators.add(user)
    return user


@dataclass
class World:
    """The records the personas relate to: the educator is in the facilitator's cohort."""

    educator: object
    other_educator: object
    facilitator: object
    other_facilitator: object
    reviewer: object
    lead_facilitator: object
    lac: object
    liaison: object
    cohort: object
    other_cohort: object
    enrollment: object
    other_enrollment: object
    intent: object
    pgp_reviewer: object = None
    district_admin: object = None
    other_district_admin: object = None


@pytest.fixture
def world(
    educator,
    other_educator,
    facilitator,
    other_facilitator,
    reviewer,
    lead_facilitator,
    lac,
    liaison,
    pgp_reviewer,
    district_admin,
    other_district_admin,
):
    cohort = CohortFactory(
        micro_credential=micro_credential("CE"),
        quarter=Quarter.parse("Q3/24"),
        lead_facilitator=lead_facilitator,
    )
    cohort.facilitators.add(facilitator)
    other_cohort = CohortFactory(
        micro_credential=micro_credential("AL"), quarter=Quarter.parse("Q3/24")
    )
    other_cohort.facilitators.add(other_facilitator)
    enrollment = EnrollmentFactory(
        educator=educator.educator_profile, cohort=cohort, facilitator=facilitator
    )
    other_enrollment = EnrollmentFactory(
        educator=other_educator.educator_profile, cohort=other_cohort, facilitator=other_facilitator
    )
    intent = IntentFactory(educator=educator.educator_profile)
    ReviewerAssignment.objects.create(reviewer=pgp_reviewer, educator=educator.educator_profile)
    return World(
        educator=educator,
        other_educator=other_educator,
        facilitator=facilitator,
        other_facilitator=other_facilitator,
        reviewer=reviewer,
        lead_facilitator=lead_facilitator,
        lac=lac,
        liaison=liaison,
        cohort=cohort,
        other_cohort=other_cohort,
        enrollment=enrollment,
        other_enrollment=other_enrollment,
        intent=intent,
        pgp_reviewer=pgp_reviewer,
        district_admin=district_admin,
        other_district_admin=other_district_admin,
    )
