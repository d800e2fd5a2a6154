import pytest

from accounts.roles import Role
from tests.conftest import staff


@pytest.fixture
def enrollment(world):
    """The educator's CE enrolment, assigned to the facilitator."""
    return world.enrollment


@pytest.fixture
def cohort_lead(world):
    lead = staff(Role.LEAD_FACILITATOR)
    world.cohort.lead_facilitator = lead
    world.cohort.save()
    return lead
