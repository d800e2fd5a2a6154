"""One entry point for whatever a verifier is given, with five plain-worded outcomes."""

import copy
import datetime as dt
import json
import uuid

import pytest

from credentials import jsonld, proofs
from credentials.services import credential_revoke, issuer_get, signing_key_active
from credentials.verification import MESSAGES, verify, verify_stored
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db


def test_a_fresh_credential_is_valid_in_every_form(credential):
    for given in (credential.document, json.dumps(credential.document), credential.jws):
        result = verify(given)
        assert result.state == "valid" and result.ok, result.problems
        assert result.message == "This credential is valid."
    assert verify(credential.document).form == "json-ld" and verify(credential.jws).form == "jwt"
    assert verify(credential.document).key_kid == credential.signing_key.kid


@pytest.mark.parametrize(
    "garbage", ["", "not a credential", "a.b.c", "{]", '{"id": "urn:uuid:x"}', "[1, 2]"]
)
def test_anything_else_is_not_a_credential_file_in_plain_words(db, garbage):
    result = verify(garbage)
    assert result.state in ("not_a_credential", "failed")
    assert "JWS" not in result.message + " ".join(result.problems)
    if garbage in ("", "not a credential", '{"id": "urn:uuid:x"}', "[1, 2]"):
        assert result.message == "This is not a credential file."


def test_a_revoked_credential_is_never_reported_valid(lac, credential):
    credential_revoke(credential=credential, by=lac, reason="Issued in error")
    for given in (credential.document, credential.jws):
        result = verify(given)
        assert result.state == "revoked" and not result.ok
        assert result.message == MESSAGES["revoked"]


def test_an_expired_credential_says_so(credential):
    document = {k: v for k, v in credential.document.items() if k != "proof"}
    document["validUntil"] = "2020-01-01T00:00:00Z"
    signed = proofs.sign_document(document, key=credential.signing_key)
    assert verify(signed).state == "expired"


def test_a_tampered_or_unknown_key_credential_failed(credential):
    altered = copy.deepcopy(credential.document)
    altered["validFrom"] = "2020-01-01T00:00:00Z"
    result = verify(altered)
    assert result.state == "failed" and not result.signature_valid
    assert "altered" in result.problems[0]
    unknown = copy.deepcopy(credential.document)
    unknown["proof"][0]["verificationMethod"] = unknown["issuer"]["id"] + "#key-gone"
    assert verify(unknown).state == "failed"


def test_a_stored_credential_under_another_link_fails(educator, credential):
    other = issued_credential(educator=educator.educator_profile, code="AL")
    other.document = credential.document
    assert verify_stored(other).state == "failed"


def _clr(members: list[dict]) -> dict:
    document = {
        "@context": [jsonld.VC_V2, jsonld.CLR_V2, jsonld.OB_V3, jsonld.OB_EXTENSIONS],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": members[0]["issuer"],
        "name": "Comprehensive Learner Record",
        "validFrom": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": members},
    }
    return proofs.sign_document(document, key=signing_key_active(issuer=issuer_get()))


def test_a_clr_verifies_itself_and_every_credential_it_holds(educator, lac, credential):
    other = issued_credential(educator=educator.educator_profile, code="AL")
    result = verify(_clr([credential.document, other.document]))
    assert result.form == "clr" and result.state == "valid"
    assert [p.state for p in result.parts] == ["valid", "valid"]
    altered = copy.deepcopy(other.document)
    altered["credentialSubject"]["achievement"]["name"] = "Something else"
    bad = verify(_clr([credential.document, altered]))
    assert bad.signature_valid and bad.state == "failed"
    assert [p.state for p in bad.parts] == ["valid", "failed"]
    credential_revoke(credential=other, by=lac, reason="Issued in error")
    assert verify(_clr([credential.document, other.document])).state == "revoked"
