"""Growth plans built through growth's services, as the app builds them."""

import datetime as dt
from decimal import Decimal

from accounts.roles import Role
from apl.quarters import Quarter
from enrollment.models import Enrollment
from enrollment.services import enrollment_set_outcome
from growth import services
from growth.models import Goal, GrowthPlan
from growth.years import SchoolYear
from tests.factories.accounts import UserFactory, with_totp
from tests.factories.enrollment import CohortFactory, EnrollmentFactory, micro_credential


def pgp_reviewer(**kwargs):
    return with_totp(UserFactory(roles=[Role.PGP_REVIEWER], **kwargs))


def plan(educator, *, year: int = 2024, submitted: bool = False) -> GrowthPlan:
    """A plan for ``educator`` (an EducatorProfile) with one consultation."""
    made = services.plan_start(educator=educator, year=SchoolYear(year))
    services.consultation_add(plan=made, name="Ana Ruiz", role="coach")
    if submitted:
        services.goal_add(plan=made, statement="Use restorative circles weekly.", route="other")
        services.plan_submit(plan=made, by=educator.user)
    return made


def mc_goal(plan: GrowthPlan, code: str = "CE") -> Goal:
    return services.goal_add(
        plan=plan,
        statement=f"Earn {code} to strengthen my practice.",
        route=Goal.Route.MICRO_CREDENTIAL,
        micro_credential=micro_credential(code),
    )


def enrolled(educator, *, code: str = "CE", quarter: str = "Q3/25") -> Enrollment:
    cohort = CohortFactory(micro_credential=micro_credential(code), quarter=Quarter.parse(quarter))
    return EnrollmentFactory(educator=educator, cohort=cohort)


def pass_(enrollment: Enrollment, score: int = 92) -> Enrollment:
    return enrollment_set_outcome(enrollment=enrollment, status="passed", score=Decimal(score))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
