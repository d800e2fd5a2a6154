"""A passed micro-credential is not taken again: refused with a clear reason."""

import pytest
from django.core.exceptions import ValidationError

from enrollment.models import Enrollment
from enrollment.services import enrollment_create
from tests.factories import EducatorFactory
from tests.reporting.conftest import enrol

pytestmark = pytest.mark.django_db


def test_enrolling_again_after_a_pass_is_refused():
    educator = EducatorFactory()
    enrol(educator, "CE", "Q1/24", "passed")
    later = enrol(EducatorFactory(), "CE", "Q4/24").cohort
    with pytest.raises(ValidationError) as refused:
        enrollment_create(educator=educator, cohort=later)
    assert "passed Classroom Environment in Q1/24" in str(refused.value)
    assert not Enrollment.objects.filter(educator=educator, cohort=later).exists()


def test_enrolling_again_after_a_fail_is_allowed():
    educator = EducatorFactory()
    enrol(educator, "CE", "Q1/24", "not_passed")
    later = enrol(EducatorFactory(), "CE", "Q4/24").cohort
    assert enrollment_create(educator=educator, cohort=later).cohort == later
