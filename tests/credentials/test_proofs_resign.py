"""Credentials issued before Data Integrity proofs are re-signed and then verify."""

import json

import pytest
from django.core.management import call_command

from credentials import signing
from credentials.models import Credential
from credentials.verification import verify, verify_stored

pytestmark = pytest.mark.django_db


def _legacy_eddsa_jws(payload: dict, key) -> str:
    """A VC-JWT as credentials were issued before: EdDSA, kid the key's URL."""
    header = {"alg": "EdDSA", "kid": signing.key_url(key.kid), "typ": "JWT"}
    encode = signing.b64url_encode
    head = encode(json.dumps(header).encode())
    body = encode(json.dumps(payload).encode())
    signature = signing.ed25519_private_key(key).sign(f"{head}.{body}".encode())
    return f"{head}.{body}.{encode(signature)}"


def _make_legacy(credential: Credential, document: dict | None = None) -> None:
    from credentials import ob3

    document = document or credential.document
    claims = {k: v for k, v in document.items() if k != "proof"}
    claims["@context"] = [ob3.VC_V2, ob3.OB_V3]
    claims["issuer"] = {**claims["issuer"], "id": "http://127.0.0.1:8000/public/issuer.json"}
    legacy = _legacy_eddsa_jws(ob3.jwt_payload(claims), credential.signing_key)
    Credential.objects.filter(pk=credential.pk).update(document={}, jws=legacy)
    credential.refresh_from_db()


def test_a_legacy_credential_still_verifies_then_is_re_signed(credential):
    _make_legacy(credential)
    assert verify_stored(credential).state == "valid"  # the EdDSA VC-JWT, checked as before
    call_command("resign_credentials", stdout=open("/dev/null", "w"))  # noqa: SIM115
    credential.refresh_from_db()
    assert credential.document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential.document["issuer"]["id"].startswith("did:web:")
    assert verify_stored(credential).state == "valid"
    assert verify(credential.jws).state == "valid"
    assert signing.jws_verify(credential.jws).header["alg"] == "ES256"
    assert Credential.objects.filter(document={}).count() == 0


def test_re_signing_twice_changes_nothing_and_skips_what_does_not_verify(credential):
    from credentials.services.resign import credentials_resign_unsigned

    original = credential.document
    _make_legacy(credential)
    Credential.objects.filter(pk=credential.pk).update(jws=credential.jws[:-4] + "AAAA")
    assert credentials_resign_unsigned() == 0  # a broken signature is never re-signed
    _make_legacy(credential, original)
    assert credentials_resign_unsigned() == 1
    assert credentials_resign_unsigned() == 0
