"""The sweep and the per-pass task issuing for the same enrolments at once (PostgreSQL).

SQLite serialises writers and ignores SELECT ... FOR UPDATE, so only PostgreSQL shows
whether the row locks and the re-check after them hold. CI runs this with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/test.
"""

import threading

import pytest
from django.db import connections

from credentials.models import Credential
from credentials.services import credential_issue_for_enrollment, credentials_issue_missing
from enrollment.models import Enrollment
from tests.factories import EducatorFactory
from tests.factories.credentials import passed_enrollment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_the_sweep_and_the_pass_task_at_once_issue_each_credential_once():
    educators = [EducatorFactory() for _ in range(6)]
    for educator in educators:
        for code in ["CE", "AL", "MLSS", "CLRI", "FE"]:
            passed_enrollment(educator=educator, code=code)
    ids = list(Enrollment.objects.order_by("-pk").values_list("pk", flat=True))
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait()
            work()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread has its own connection

    def one_at_a_time():
        for pk in ids:
            credential_issue_for_enrollment(enrollment_id=pk)

    threads = [
        threading.Thread(target=run, args=(lambda: credentials_issue_missing(batch_size=4),)),
        threading.Thread(target=run, args=(one_at_a_time,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Credential.objects.filter(kind="micro_credential").count() == 30
    assert Credential.objects.filter(kind="programme").count() == 6
    assert Credential.objects.filter(kind="learner_record").count() == 6
    slots = list(Credential.objects.values_list("status_list_id", "status_index"))
    assert len(set(slots)) == len(slots) == 42
    assert credentials_issue_missing() == 0
