"""Issuing: after a pass (through the signal and a task), once only, by sweep, and for a
completed programme; the document is an Open Badges 3.0 credential."""

import json
from decimal import Decimal

import pytest

from credentials import ob3, tasks
from credentials.models import Credential
from credentials.services import credentials_issue_missing
from credentials.signing import b64url_decode
from enrollment.models import Enrollment
from enrollment.services import enrollment_set_outcome
from tests.factories import CohortFactory, EnrollmentFactory, micro_credential
from tests.factories.credentials import issued_credential, passed_enrollment

pytestmark = pytest.mark.django_db


def _payload(credential):
    return json.loads(b64url_decode(credential.jws.split(".")[1]))


def test_passing_an_enrolment_issues_its_credential_after_commit(
    educator, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(educator=educator.educator_profile)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_set_outcome(
            enrollment=enrollment, status=Enrollment.Status.PASSED, score=Decimal("91")
        )
    credential = Credential.objects.get(enrollment=enrollment)
    assert credential.kind == Credential.Kind.MICRO_CREDENTIAL
    assert _payload(credential)["credentialSubject"]["achievement"]["name"] == (
        enrollment.cohort.micro_credential.name
    )


def test_a_broker_outage_does_not_fail_the_pass(
    educator, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.issue_for_enrollment, "delay", broker_down)
    enrollment = EnrollmentFactory(educator=educator.educator_profile)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_set_outcome(
            enrollment=enrollment, status=Enrollment.Status.PASSED, score=Decimal("90")
        )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED
    assert not Credential.objects.filter(enrollment=enrollment).exists()
    assert tasks.issue_missing() == 1  # the sweep catches it
    assert Credential.objects.filter(enrollment=enrollment).count() == 1


def test_running_the_task_twice_issues_one_credential(educator):
    enrollment = passed_enrollment(educator=educator.educator_profile)
    first = tasks.issue_for_enrollment(enrollment.pk)
    second = tasks.issue_for_enrollment(enrollment.pk)
    assert first == second
    assert Credential.objects.filter(enrollment=enrollment).count() == 1


def test_the_database_holds_one_credential_per_enrolment(credential):
    from django.db import IntegrityError, transaction

    duplicate = Credential(
        kind=credential.kind,
        educator=credential.educator,
        enrollment=credential.enrollment,
        micro_credential=credential.micro_credential,
        programme=credential.programme,
        issued_at=credential.issued_at,
        signing_key=credential.signing_key,
        jws=credential.jws,
        status_list=credential.status_list,
        status_index=credential.status_index + 1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_no_credential_for_an_enrolment_that_did_not_pass(educator):
    enrollment = EnrollmentFactory(educator=educator.educator_profile)
    assert tasks.issue_for_enrollment(enrollment.pk) is None
    assert not Credential.objects.exists()


def test_sweep_issues_for_every_passed_enrolment_without_one_and_is_idempotent(
    educator, other_educator
):
    passed_enrollment(educator=educator.educator_profile, code="CE")
    passed_enrollment(educator=other_educator.educator_profile, code="AL")
    EnrollmentFactory(  # still enrolled: nothing
        educator=educator.educator_profile,
        cohort=CohortFactory(micro_credential=micro_credential("MLSS")),
    )
    assert credentials_issue_missing() == 2
    assert credentials_issue_missing() == 0
    assert Credential.objects.count() == 2


def test_completing_the_programme_issues_a_credential_that_lists_its_stack(educator):
    profile = educator.educator_profile
    codes = ["CE", "AL", "MLSS", "CLRI", "FE"]
    for code in codes[:4]:
        issued_credential(educator=profile, code=code)
    assert not Credential.objects.filter(kind=Credential.Kind.PROGRAMME).exists()
    issued_credential(educator=profile, code="FE")
    programme_credential = Credential.objects.get(kind=Credential.Kind.PROGRAMME)
    assert programme_credential.stacked.count() == 5
    achievement = _payload(programme_credential)["credentialSubject"]["achievement"]
    assert [a["targetCode"] for a in achievement["alignment"]] == codes
    assert len(_payload(programme_credential)["evidence"]) == 5
    assert ob3.schema_errors(ob3.credential_from_payload(_payload(programme_credential))) == []
    assert credentials_issue_missing() == 0  # no second programme credential


def test_the_credential_conforms_to_the_open_badges_3_schema(credential):
    document = ob3.credential_from_payload(_payload(credential))
    assert ob3.schema_errors(document) == []
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    broken = dict(document, type=["VerifiableCredential"])
    assert ob3.schema_errors(broken)  # the schema really checks


def test_every_context_the_credential_names_is_shipped_in_the_repository(credential):
    document = ob3.credential_from_payload(_payload(credential))
    for url in document["@context"]:
        assert "@context" in ob3.load_context(url)


def test_the_credential_carries_what_a_verifier_needs(credential, educator):
    payload = _payload(credential)
    document = ob3.credential_from_payload(payload)
    subject = document["credentialSubject"]
    email_id, name_id = subject["identifier"]
    assert email_id["hashed"] is True
    assert email_id["identityHash"] == ob3.identity_hash(educator.email, email_id["salt"])
    assert educator.email not in credential.jws and educator.email not in json.dumps(payload)
    assert name_id == {
        "type": "IdentityObject",
        "identityHash": educator.get_full_name(),
        "identityType": "name",
        "hashed": False,
    }
    achievement = subject["achievement"]
    codes = {a.get("targetCode") for a in achievement["alignment"]}
    assert {"1B", "1E", "2C", "APL I-II"} <= codes
    assert achievement["criteria"]["narrative"]
    assert document["evidence"][0]["id"].endswith(f"/credentials/{credential.pk}/evidence/")
    assert "92.5%" in document["evidence"][0]["narrative"]
    status = document["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListIndex"] == str(credential.status_index)
    # VC-JWT claims mirror the credential (OB 3.0 §8.2).
    assert payload["iss"] == document["issuer"]["id"]
    assert payload["jti"] == document["id"] == credential.uuid.urn
    assert payload["sub"] == subject["id"]
    assert payload["nbf"] == int(credential.issued_at.timestamp())


def test_rubric_criteria_appear_when_grading_provides_a_rubric(credential):
    rubric = ob3.rubric_for(credential.enrollment)
    achievement = _payload(credential)["credentialSubject"]["achievement"]
    names = [d["name"] for d in achievement["resultDescription"]]
    criteria = list(rubric.criteria.values_list("name", flat=True)) if rubric else []
    assert names == [*criteria, "Mastery component score"]


def test_four_apl_ii_iii_credentials_without_a_required_one_do_not_complete_it(educator):
    """APL II-III is SEL and NMEA plus two electives: four credentials are not enough when
    NMEA is missing (the programme's stack decides, not a count)."""
    profile = educator.educator_profile
    for code in ["SEL", "RP", "VDC", "ESL"]:
        issued_credential(educator=profile, code=code)
    assert not Credential.objects.filter(kind=Credential.Kind.PROGRAMME).exists()
    assert credentials_issue_missing() == 0
    issued_credential(educator=profile, code="NMEA")
    programme_credential = Credential.objects.get(kind=Credential.Kind.PROGRAMME)
    assert programme_credential.programme.name == "APL II-III"
