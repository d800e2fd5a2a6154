"""The VC-JWT form: ES256 through joserfc, its kid a did:web key; checked here with an
independent JOSE library (PyJWT) against the key the DID document publishes."""

import json

import jwt as pyjwt
import pytest

from credentials import signing
from credentials.services import signing_key_rotate
from credentials.verification import verify
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db


def _pyjwt_decode(token: str, client) -> dict:
    kid = pyjwt.get_unverified_header(token)["kid"]
    document = json.loads(client.get("/.well-known/did.json").content)
    assert kid in document["assertionMethod"]
    (method,) = [m for m in document["verificationMethod"] if m["id"] == kid]
    key = pyjwt.PyJWK(method["publicKeyJwk"], algorithm="ES256")
    return pyjwt.decode(token, key=key, algorithms=["ES256"], options={"verify_aud": False})


def test_the_jwt_is_es256_with_a_did_web_kid(credential):
    header = pyjwt.get_unverified_header(credential.jws)
    assert header["alg"] == "ES256" and header["typ"] == "JWT"
    assert header["kid"].startswith("did:web:127.0.0.1%3A8000#jwt-")


def test_pyjwt_verifies_the_jwt_and_its_claims_match_the_credential(client, credential):
    claims = _pyjwt_decode(credential.jws, client)
    assert claims["jti"] == credential.document["id"]
    assert claims["iss"] == credential.document["issuer"]["id"]
    assert claims["sub"] == credential.document["credentialSubject"]["id"]
    assert "proof" not in claims


def test_a_jwt_signed_before_a_rotation_still_verifies(client, educator, credential):
    signing_key_rotate()
    newer = issued_credential(educator=educator.educator_profile, code="AL")
    assert (
        pyjwt.get_unverified_header(newer.jws)["kid"]
        != (pyjwt.get_unverified_header(credential.jws)["kid"])
    )
    assert _pyjwt_decode(credential.jws, client) and _pyjwt_decode(newer.jws, client)
    assert verify(credential.jws).state == "valid" and verify(newer.jws).state == "valid"


def test_a_changed_claim_fails_in_pyjwt_and_in_our_verifier(client, credential):
    head, body, signature = credential.jws.split(".")
    payload = json.loads(signing.b64url_decode(body))
    payload["credentialSubject"]["achievement"]["name"] = "Something else"
    forged = f"{head}.{signing.b64url_encode(json.dumps(payload).encode())}.{signature}"
    with pytest.raises(pyjwt.InvalidSignatureError):
        _pyjwt_decode(forged, client)
    result = verify(forged)
    assert result.state == "failed" and "altered" in " ".join(result.problems)


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_a_jwt_with_another_algorithm_is_refused(credential, alg):
    head, body, _ = credential.jws.split(".")
    header = json.loads(signing.b64url_decode(head)) | {"alg": alg}
    token = f"{signing.b64url_encode(json.dumps(header).encode())}.{body}.c2ln"
    result = verify(token)
    assert result.state == "failed" and not result.signature_valid
