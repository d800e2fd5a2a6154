"""A completed programme's learner record (CLR 2.0) is a stored, issued credential of its
own: issued with the programme credential, on its own status-list bit, revoked with its
programme credential or any credential it embeds, and served as stored."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from credentials import clr, signing
from credentials.models import Credential
from credentials.services import credential_revoke, learner_records_issue_missing
from credentials.services.records import PROGRAMME_REVOKED
from credentials.verification import verify, verify_stored
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db
APL_I_II = ("CE", "AL", "MLSS", "CLRI", "FE")


@pytest.fixture
def programme(educator):
    profile = educator.educator_profile
    for code in APL_I_II:
        issued_credential(educator=profile, code=code)
    return Credential.objects.get(educator=profile, kind="programme")


def test_it_is_issued_with_the_programme_credential_on_its_own_status_bit(programme):
    record = programme.learner_record
    assert record.kind == "learner_record"
    assert record.document["id"] == record.uuid.urn == clr.clr_id(programme)
    assert set(record.stacked.all()) == set(programme.stacked.all())
    status = record.document["credentialStatus"]
    assert status["statusListIndex"] == str(record.status_index)
    assert (record.status_list, record.status_index) != (
        programme.status_list,
        programme.status_index,
    )
    assert record.issued_at == programme.issued_at
    assert clr.schema_errors({k: v for k, v in record.document.items() if k != "proof"}) == []
    result = verify_stored(record)
    assert (result.state, result.form, [p.state for p in result.parts]) == (
        "valid",
        "clr",
        ["valid"] * 5,
    )
    assert signing.jws_verify(record.jws).header["alg"] == "ES256"
    assert verify(record.jws).state == "valid"


def test_it_is_not_listed_beside_the_credentials(client, educator, programme):
    client.force_login(educator)
    html = client.get(reverse("credentials:my-credentials")).content.decode()
    assert "learner record" not in html.lower().replace("comprehensive learner record", "")
    assert Credential.objects.listed().filter(kind="learner_record").count() == 0


def test_revoking_a_member_revokes_the_record_and_leaves_the_programme(programme, lac):
    record = programme.learner_record
    member = programme.stacked.get(micro_credential__code="AL")
    credential_revoke(credential=member, by=lac, reason="Issued in error")
    record.refresh_from_db()
    programme.refresh_from_db()
    assert record.is_revoked and not programme.is_revoked
    assert record.revocation_reason == f"A credential it holds was revoked: {member.title}."
    assert record.revoked_by == lac
    assert verify_stored(record).state == "revoked"
    assert AuditEvent.objects.filter(
        action="credentials.revoked", target_id=str(record.pk), detail__because_of=member.pk
    ).exists()


def test_revoking_the_programme_credential_revokes_its_record(programme, lac):
    credential_revoke(credential=programme, by=lac, reason="Issued in error")
    record = Credential.objects.get(record_of=programme)
    assert record.revocation_reason == PROGRAMME_REVOKED
    assert verify(record.document).state == "revoked"


def test_revoking_the_record_alone_leaves_the_rest_valid(programme, lac):
    credential_revoke(credential=programme.learner_record, by=lac, reason="Replaced")
    assert verify_stored(programme).state == "valid"
    assert all(verify_stored(m).state == "valid" for m in programme.stacked.all())
    assert verify_stored(programme.learner_record).state == "revoked"


def test_one_issued_before_records_gets_its_record_once(client, educator, programme, lac):
    Credential.objects.filter(record_of=programme).delete()
    assert learner_records_issue_missing() == 1
    assert learner_records_issue_missing() == 0
    record = Credential.objects.get(record_of=programme)
    assert verify_stored(record).state == "valid"
    record.delete()  # and the download issues it when nothing else has yet
    client.force_login(educator)
    url = reverse("credentials:credential-learner-record", args=[programme.pk])
    assert client.get(url).json() == Credential.objects.get(record_of=programme).document


def test_a_record_issued_late_for_a_revoked_member_is_revoked_at_once(programme, lac):
    Credential.objects.filter(record_of=programme).delete()
    member = programme.stacked.get(micro_credential__code="CE")
    credential_revoke(credential=member, by=lac, reason="Issued in error")
    assert learner_records_issue_missing() == 1
    record = Credential.objects.get(record_of=programme)
    assert record.is_revoked and record.revoked_by is None
    assert verify_stored(record).state == "revoked"


def test_the_coordinator_opens_the_records_own_page_from_the_programmes(client, lac, programme):
    client.force_login(lac)
    html = client.get(reverse("credentials:credential-detail", args=[programme.pk])).content
    record_url = reverse("credentials:credential-detail", args=[programme.learner_record.pk])
    assert f'href="{record_url}" data-testid="learner-record-page"'.encode() in html
    page = client.get(record_url).content.decode()
    assert "its Comprehensive Learner Record" in page
    assert 'data-state="valid"' in page or "This credential is valid." in page
