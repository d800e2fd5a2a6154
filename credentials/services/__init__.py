"""Every write of the credentials app, by topic:

- ``keys``: the issuing department and its signing keys (``issuer_get``,
  ``signing_key_active``, ``signing_key_rotate``);
- ``issue``: credentials of passed enrolments and completed programmes
  (``credential_issue_for_enrollment``, ``credential_issue_for_programme``,
  ``credentials_issue_missing``);
- ``achievements``: credentials of other achievements, such as a renewal requirement met
  or a role designation (``credential_issue_for_achievement``);
- ``records``: a completed programme's learner record (CLR 2.0), a credential of its own
  (``learner_record_for``, ``learner_records_issue_missing``);
- ``upgrade``: what every ``migrate`` brings up to date (``credentials_upgrade``);
- ``revocation``: revoking and sharing (``credential_revoke``, ``credential_set_sharing``).

Import from ``credentials.services``; the topic modules are its layout, not its interface.
"""

from credentials.services.achievements import (
    credential_issue_for_achievement,
    credential_source_key,
)
from credentials.services.issue import (
    credential_issue_for_enrollment,
    credential_issue_for_programme,
    credentials_issue_missing,
)
from credentials.services.keys import (
    DEFAULT_ISSUER,
    issuer_get,
    signing_key_active,
    signing_key_rotate,
)
from credentials.services.records import learner_record_for, learner_records_issue_missing
from credentials.services.revocation import credential_revoke, credential_set_sharing

__all__ = [
    "DEFAULT_ISSUER",
    "credential_issue_for_achievement",
    "credential_issue_for_enrollment",
    "credential_issue_for_programme",
    "credential_revoke",
    "credential_set_sharing",
    "credential_source_key",
    "credentials_issue_missing",
    "issuer_get",
    "learner_record_for",
    "learner_records_issue_missing",
    "signing_key_active",
    "signing_key_rotate",
]
