"""Issuing in batches (``credentials_issue_missing``): the same documents as one at a time,
once only, programme credentials for completers, and a fixed number of queries a batch."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from credentials import ob3, services
from credentials.models import Credential, StatusList
from credentials.services import credentials_issue_missing
from credentials.services._batch import _Issuing
from credentials.services.issue import _issue_enrollment_batch
from credentials.signing import b64url_decode
from credentials.verification import verify_stored
from enrollment.models import Enrollment
from tests.factories import EducatorFactory
from tests.factories.credentials import issued_credential, passed_enrollment

pytestmark = pytest.mark.django_db

APL_I_II = ["CE", "AL", "MLSS", "CLRI", "FE"]


def _document(credential: Credential) -> dict:
    return ob3.credential_from_payload(json.loads(b64url_decode(credential.jws.split(".")[1])))


def _shape(value):
    """The document's structure: keys and list lengths, not the generated values."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _verdict(credential: Credential) -> tuple:
    v = verify_stored(credential)
    return (v.signature_valid, v.problems, v.status, v.schema_problems, v.ok)


def _completer(**kwargs):
    """An educator with every APL I-II micro-credential passed and no credential yet."""
    profile = EducatorFactory(**kwargs)
    for code in APL_I_II:
        passed_enrollment(educator=profile, code=code)
    return profile


def test_a_batch_issues_the_same_document_as_a_single_issue(educator, other_educator):
    single = issued_credential(educator=educator.educator_profile, code="CE")
    passed_enrollment(educator=other_educator.educator_profile, code="CE")  # same cohort
    assert credentials_issue_missing() == 1
    bulk = Credential.objects.get(educator=other_educator.educator_profile)

    assert _verdict(bulk) == _verdict(single) == (True, [], "valid", [], True)
    one, other = _document(single), _document(bulk)
    assert _shape(one) == _shape(other)
    subject_one, subject_other = one.pop("credentialSubject"), other.pop("credentialSubject")
    assert subject_one["achievement"] == subject_other["achievement"]
    assert subject_other["identifier"][1]["identityHash"] == other_educator.get_full_name()
    assert subject_other["identifier"][0]["identityHash"] == ob3.identity_hash(
        other_educator.email, subject_other["identifier"][0]["salt"]
    )
    for key in ("@context", "type", "name", "description", "issuer", "credentialSchema"):
        assert one[key] == other[key]
    assert other["id"] == bulk.uuid.urn
    assert other["evidence"][0]["id"].endswith(f"/credentials/{bulk.pk}/evidence/")
    assert other["credentialStatus"]["statusListIndex"] == str(bulk.status_index)
    assert bulk.status_index == single.status_index + 1
    assert bulk.signing_key == single.signing_key


def test_programme_credentials_are_issued_for_completers_only(educator):
    issued_credential(educator=educator.educator_profile, code="CE")
    for code in APL_I_II[1:]:  # one at a time: the last pass issues the programme credential
        issued_credential(educator=educator.educator_profile, code=code)
    single = Credential.objects.get(kind="programme", educator=educator.educator_profile)
    completer = _completer()
    partial = EducatorFactory()
    for code in APL_I_II[:3]:
        passed_enrollment(educator=partial, code=code)

    assert credentials_issue_missing() == 5 + 1 + 3
    bulk = Credential.objects.get(kind="programme", educator=completer)
    assert not Credential.objects.filter(kind="programme", educator=partial).exists()
    assert list(bulk.stacked.order_by("micro_credential__position")) == list(
        Credential.objects.filter(educator=completer, kind="micro_credential").order_by(
            "micro_credential__position"
        )
    )
    assert _verdict(bulk) == _verdict(single) == (True, [], "valid", [], True)
    one, other = _document(single), _document(bulk)
    assert _shape(one) == _shape(other)
    achievement = other["credentialSubject"]["achievement"]
    assert achievement == one["credentialSubject"]["achievement"]
    assert [a["targetCode"] for a in achievement["alignment"]] == APL_I_II
    stack_urls = {ob3.public_url("public-credential", c.public_id) for c in bulk.stacked.all()}
    assert {e["id"] for e in other["evidence"]} == stack_urls


def test_running_twice_issues_nothing_the_second_time(educator, other_educator):
    issued_credential(educator=educator.educator_profile, code="CE")  # already issued
    passed_enrollment(educator=educator.educator_profile, code="AL")
    _completer()
    first = credentials_issue_missing(batch_size=2)
    count, audits = Credential.objects.count(), AuditEvent.objects.count()
    assert first == 1 + 5 + 1
    assert credentials_issue_missing(batch_size=2) == 0
    assert (Credential.objects.count(), AuditEvent.objects.count()) == (count, audits)
    assert not Enrollment.objects.filter(status="passed", credential__isnull=True).exists()
    indexes = list(Credential.objects.order_by("status_index").values_list("status_index"))
    assert [i for (i,) in indexes] == list(range(count))
    issued_events = AuditEvent.objects.filter(action="credentials.issued")
    assert sorted(int(e.target_id) for e in issued_events) == sorted(
        Credential.objects.values_list("pk", flat=True)
    )
    assert {e.actor_label for e in issued_events} == {"system"}


def test_batches_report_their_progress(educator):
    for code in APL_I_II[:4]:
        passed_enrollment(educator=educator.educator_profile, code=code)
    out = io.StringIO()
    assert credentials_issue_missing(batch_size=3, stdout=out) == 4
    assert "Credentials issued: 3 of 4" in out.getvalue()
    assert "Credentials issued: 4 of 4" in out.getvalue()


def test_a_batch_skips_an_enrolment_issued_meanwhile(educator, other_educator):
    mine = passed_enrollment(educator=educator.educator_profile, code="CE")
    theirs = passed_enrollment(educator=other_educator.educator_profile, code="CE")
    services.credential_issue_for_enrollment(enrollment_id=theirs.pk)  # by the pass task
    issued = _issue_enrollment_batch(ids=[mine.pk, theirs.pk], issuing=_Issuing())
    assert issued == 1
    assert Credential.objects.filter(enrollment=theirs).count() == 1


def test_a_full_status_list_continues_in_a_new_one(educator):
    issued_credential(educator=educator.educator_profile, code="CE")
    StatusList.objects.update(size=8, next_index=6)  # two bits left in the first list
    for code in APL_I_II[1:]:
        passed_enrollment(educator=educator.educator_profile, code=code)
    assert credentials_issue_missing() == 4 + 1  # and the programme's learner record
    slots = list(Credential.objects.order_by("pk").values_list("status_list__slug", "status_index"))
    assert slots == [
        ("revocation-1", 0),
        ("revocation-1", 6),
        ("revocation-1", 7),
        ("revocation-2", 0),
        ("revocation-2", 1),
        ("revocation-2", 2),
        ("revocation-2", 3),
    ]
    assert Credential.objects.order_by("pk").last().kind == "learner_record"
    assert all(_verdict(c)[4] for c in Credential.objects.all())


def test_a_document_that_breaks_the_schema_issues_nothing(educator, monkeypatch):
    passed_enrollment(educator=educator.educator_profile, code="CE")
    monkeypatch.setattr(ob3, "schema_errors", lambda document: ["(root): broken"])
    with pytest.raises(ValidationError):
        credentials_issue_missing()
    assert not Credential.objects.exists()
    assert not AuditEvent.objects.filter(action="credentials.issued").exists()


def _passes(count: int, completers: int) -> None:
    for _ in range(count):
        passed_enrollment(educator=EducatorFactory(), code="CE")
    for _ in range(completers):
        _completer()


def test_the_queries_of_a_batch_do_not_grow_with_its_size(django_assert_max_num_queries):
    """Reads, locks and updates are the same for 10 and 50 passes. Rows go in multi-row
    INSERTs, which SQLite splits at 999 parameters (52 credentials a statement): a batch of
    500 takes ten for the credentials and four for their audit events."""
    issued_credential(educator=EducatorFactory(), code="AL")  # issuer, key and list exist
    runs = []
    for size in (10, 50):
        _passes(size, completers=size // 10)
        with (
            # 42 and 43 on SQLite (savepoints, issuing lock), and the learner records: their
            # status bits, ids and inserts, and the check for any missing (47 and 48).
            django_assert_max_num_queries(50),
            CaptureQueriesContext(connection) as queries,
        ):
            issued = credentials_issue_missing()
        assert issued == size + (size // 10) * 6
        runs.append([q["sql"] for q in queries])
    small, large = ([sql for sql in run if not sql.startswith("INSERT")] for run in runs)
    assert len(small) == len(large)
    assert [sql.split()[0] for sql in small] == [sql.split()[0] for sql in large]
    inserts = [sum(sql.startswith("INSERT") for sql in run) for run in runs]
    assert inserts[1] - inserts[0] <= 1  # 75 credentials: one more statement than 15
    assert not Enrollment.objects.filter(status="passed", credential__isnull=True).exists()
