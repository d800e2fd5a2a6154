"""The programme credential as a Comprehensive Learner Record: a CLR 2.0 ClrCredential that
embeds each stacked micro-credential credential as signed, with the Achievements and their
associations; valid against 1EdTech's CLR 2.0 schema; signed and downloadable."""

import json

import pytest
from django.urls import reverse

from credentials import clr, ob3
from credentials.models import Credential
from credentials.wallet import signed_document
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db
APL_I_II = ("CE", "AL", "MLSS", "CLRI", "FE")


@pytest.fixture
def programme_credential(educator):
    profile = educator.educator_profile
    for code in APL_I_II:
        issued_credential(educator=profile, code=code)
    return Credential.objects.get(educator=profile, kind="programme")


def test_the_learner_record_is_valid_against_the_clr_schema(programme_credential):
    document = clr.learner_record(programme_credential)
    assert clr.schema_errors(document) == []
    assert document["type"] == ["VerifiableCredential", "ClrCredential"]
    assert document["@context"] == [ob3.VC_V2, ob3.CLR_V2, ob3.OB_V3, clr.OB_EXTENSIONS]
    assert document["credentialSchema"][0]["id"] == clr.CLR_SCHEMA
    assert document["id"] == clr.clr_id(programme_credential)


def test_the_schema_check_has_teeth(programme_credential):
    document = clr.learner_record(programme_credential)
    del document["credentialSubject"]["verifiableCredential"]
    assert any("verifiableCredential" in e for e in clr.schema_errors(document))
    document = clr.learner_record(programme_credential)
    document["credentialSubject"]["association"][0]["associationType"] = "isCousinOf"
    assert clr.schema_errors(document)


def test_it_embeds_each_stacked_credential_as_signed_in_catalogue_order(programme_credential):
    document = clr.learner_record(programme_credential)
    members = list(programme_credential.stacked.order_by("micro_credential__position", "issued_at"))
    embedded = document["credentialSubject"]["verifiableCredential"]
    assert [m["id"] for m in embedded] == [c.uuid.urn for c in members]
    assert embedded == [signed_document(c) for c in members]
    assert [m["credentialSubject"]["achievement"]["humanCode"] for m in embedded] == list(APL_I_II)
    for member in embedded:
        assert ob3.schema_errors({k: v for k, v in member.items() if k != "proof"}) == []


def test_achievements_and_associations_tie_each_micro_credential_to_the_programme(
    programme_credential,
):
    subject = clr.learner_record(programme_credential)["credentialSubject"]
    programme, *parts = subject["achievement"]
    assert programme["achievementType"] == "Certificate"
    assert programme["id"].endswith("/public/achievements/programme-apl-i-ii/")
    assert [a["humanCode"] for a in parts] == list(APL_I_II)
    assert subject["association"] == [
        {
            "type": "Association",
            "associationType": "isPartOf",
            "sourceId": part["id"],
            "targetId": programme["id"],
        }
        for part in parts
    ]
    assert subject["type"] == ["ClrSubject"]
    assert {i["identityType"] for i in subject["identifier"]} == {"emailAddress", "name"}


def test_the_educator_downloads_it_signed(client, educator, programme_credential):
    client.force_login(educator)
    url = reverse("credentials:credential-learner-record", args=[programme_credential.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="apl-')
    document = json.loads(response.content)
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert clr.schema_errors({k: v for k, v in document.items() if k != "proof"}) == []
    assert document == programme_credential.learner_record.document  # the stored record
    assert client.get(url).content == response.content


def test_only_a_programme_credential_has_a_learner_record(client, educator, programme_credential):
    client.force_login(educator)
    micro = programme_credential.stacked.first()
    url = reverse("credentials:credential-learner-record", args=[micro.pk])
    assert client.get(url).status_code == 404
    detail = client.get(reverse("credentials:credential-detail", args=[programme_credential.pk]))
    assert 'data-testid="learner-record"' in detail.content.decode()


def test_the_verifier_lists_each_embedded_credentials_own_result(
    client, educator, lac, programme_credential
):
    from credentials.services import credential_revoke

    revoked = programme_credential.stacked.get(micro_credential__code="AL")
    credential_revoke(credential=revoked, by=lac, reason="Issued in error")
    text = json.dumps(programme_credential.learner_record.document)
    response = client.post(reverse("credentials:public-verifier"), {"credential": text})
    html = response.content.decode()
    listed = html[html.index('data-testid="embedded"') :]
    states = [chunk.split('"', 1)[0] for chunk in listed.split('data-state="')[1:]]
    assert states == ["valid", "revoked", "valid", "valid", "valid"]
    assert "Credentials in this learner record" in html
    assert "Comprehensive Learner Record 2.0 schema" in html
