"""What a deploy brings up to date without a manual step: after every ``migrate``
(credentials.apps), credentials issued before they carried a Data Integrity proof are
re-signed (as ``manage.py resign_credentials`` does) and programme credentials issued
before learner records were stored get theirs. Idempotent; on a database with nothing to
do it reads two queries and writes nothing (it creates no issuer and no key)."""

from credentials.services.records import learner_records_issue_missing
from credentials.services.resign import credentials_resign_unsigned


def credentials_upgrade(*, stdout=None) -> dict[str, int]:
    """Re-sign what is unsigned, then issue missing learner records (whose members must be
    signed first); returns how many of each."""
    resigned = credentials_resign_unsigned(stdout=stdout)
    records = learner_records_issue_missing(stdout=stdout)
    return {"resigned": resigned, "learner_records": records}
