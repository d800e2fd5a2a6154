"""factory_boy factories, one module per app; import them from here."""

from tests.factories.accounts import UserFactory, grant_role, with_totp  # noqa: F401
from tests.factories.enrollment import (  # noqa: F401
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    IntentFactory,
    micro_credential,
    programme,
)
