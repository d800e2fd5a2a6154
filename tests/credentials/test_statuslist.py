"""The status list: a BitstringStatusListCredential in JSON-LD with its own proof (or a
JWT on request), cacheable with an ETag, not held to the per-address page budget."""

import json

import pytest
from django.urls import reverse

from credentials import ob3
from credentials.proofs import verify_document
from credentials.services import credential_revoke
from credentials.signing import jws_verify
from credentials.verification import verify

pytestmark = pytest.mark.django_db


def _url(credential) -> str:
    return reverse("credentials:public-status-list", args=[credential.status_list.slug])


def test_status_list_is_a_signed_json_ld_credential(client, credential):
    response = client.get(_url(credential))
    document = json.loads(response.content)
    assert response["Content-Type"].startswith("application/ld+json")
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == credential.document["issuer"]["id"]
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert verify_document(document).ok
    assert document["credentialSubject"]["type"] == "BitstringStatusList"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"


def test_the_jwt_form_is_served_on_request(client, credential):
    response = client.get(_url(credential), HTTP_ACCEPT="application/jwt")
    assert response["Content-Type"] == "application/jwt"
    check = jws_verify(response.content.decode())
    assert check.signature_valid and check.header["alg"] == "ES256"
    assert check.payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]


def test_etag_answers_304_until_a_bit_flips(client, lac, credential):
    first = client.get(_url(credential))
    etag = first["ETag"]
    assert etag and client.get(_url(credential))["ETag"] == etag
    again = client.get(_url(credential), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    credential_revoke(credential=credential, by=lac, reason="Issued in error")
    changed = client.get(_url(credential), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    document = json.loads(changed.content)
    bits = ob3.decode_bitstring(document["credentialSubject"]["encodedList"])
    assert ob3.bit_is_set(bits, credential.status_index)
    assert verify_document(document).ok


def test_revocation_flips_the_bit_and_verification_reads_it(lac, credential):
    assert verify(credential.document).state == "valid"
    credential_revoke(credential=credential, by=lac, reason="Issued in error")
    result = verify(credential.document)
    assert result.state == "revoked" and not result.ok
    assert result.signature_valid and result.revocation_reason == "Issued in error"
    assert verify(credential.jws).state == "revoked"


def test_status_list_is_not_rate_limited_and_refuses_post(client, settings, credential):
    settings.APL_PUBLIC_RATE_LIMIT = 2
    assert all(client.get(_url(credential)).status_code == 200 for _ in range(6))
    assert client.post(_url(credential)).status_code == 405
