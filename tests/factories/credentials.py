"""Credentials are issued, never built by hand: these helpers pass an enrolment and issue."""

from decimal import Decimal

from apl.quarters import Quarter
from credentials.models import Credential
from credentials.services import credential_issue_for_enrollment
from enrollment.models import Enrollment
from tests.factories.enrollment import CohortFactory, EnrollmentFactory, micro_credential


def passed_enrollment(*, educator, code: str = "CE", quarter: str = "Q3/24", score="92.5"):
    """A passed enrolment of ``educator`` (an EducatorProfile) in ``code``'s cohort."""
    cohort = CohortFactory(micro_credential=micro_credential(code), quarter=Quarter.parse(quarter))
    return EnrollmentFactory(
        educator=educator, cohort=cohort, status=Enrollment.Status.PASSED, score=Decimal(score)
    )


def issued_credential(*, educator, code: str = "CE", **kwargs) -> Credential:
    enrollment = passed_enrollment(educator=educator, code=code, **kwargs)
    return credential_issue_for_enrollment(enrollment_id=enrollment.pk)
