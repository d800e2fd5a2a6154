"""Issue → export → verify independently (PyJWT against the key the DID document
publishes for the JWT's kid), tamper → fails, revoke → the public page, the verifier and
the status list say so."""

import base64
import gzip
import json

import jwt as pyjwt
import pytest
from django.urls import reverse

from credentials.proofs import verify_document
from credentials.services import credential_revoke

pytestmark = pytest.mark.django_db


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def independently_verify(token: str, client) -> dict:
    """Check a VC-JWT the way an outside verifier would: header → kid (a did:web key) →
    the DID document at /.well-known/did.json → its JsonWebKey → PyJWT (ES256). Raises
    PyJWT's InvalidSignatureError when it does not check out."""
    header = pyjwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["typ"] == "JWT"
    did, _, fragment = header["kid"].partition("#")
    assert did.startswith("did:web:") and fragment
    document = json.loads(client.get("/.well-known/did.json").content)
    assert document["id"] == did and header["kid"] in document["assertionMethod"]
    (method,) = [m for m in document["verificationMethod"] if m["id"] == header["kid"]]
    assert method["type"] == "JsonWebKey" and "d" not in method["publicKeyJwk"]
    key = pyjwt.PyJWK(method["publicKeyJwk"], algorithm="ES256")
    return pyjwt.decode(token, key=key, algorithms=["ES256"], options={"verify_aud": False})


def _export(client, educator, credential) -> str:
    client.force_login(educator)
    response = client.get(reverse("credentials:credential-download-jwt", args=[credential.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    client.logout()
    return response.content.decode()


def test_exported_badge_verifies_against_the_published_key(client, educator, credential):
    token = _export(client, educator, credential)
    payload = independently_verify(token, client)
    assert payload["jti"] == credential.uuid.urn
    assert payload["iss"] == payload["issuer"]["id"] == "did:web:127.0.0.1%3A8000"


def test_one_tampered_field_fails_the_independent_check_and_the_verifier(
    client, educator, credential
):
    token = _export(client, educator, credential)
    header_b64, payload_b64, signature_b64 = token.split(".")
    payload = json.loads(_unb64(payload_b64))
    payload["credentialSubject"]["achievement"]["name"] = "Assessment Literacy"
    forged = f"{header_b64}.{_b64(json.dumps(payload).encode())}.{signature_b64}"
    with pytest.raises(pyjwt.InvalidSignatureError):
        independently_verify(forged, client)

    page = client.post(reverse("credentials:public-verifier"), {"credential": forged})
    assert page.status_code == 200
    assert "signature NOT verified" in page.content.decode()
    assert "could not be verified" in page.content.decode()


def test_one_flipped_byte_of_the_signature_fails(client, educator, credential):
    token = _export(client, educator, credential)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    page = client.post(reverse("credentials:public-verifier"), {"credential": flipped})
    assert "signature NOT verified" in page.content.decode()


def test_untampered_badge_is_valid_in_the_verifier(client, educator, credential):
    token = _export(client, educator, credential)
    page = client.post(reverse("credentials:public-verifier"), {"credential": token}).content
    html = page.decode()
    assert "Valid credential" in html and "signature verified" in html
    assert "conforms to the Open Badges 3.0 JSON Schema" in html


def _status_bit(client, credential) -> bool:
    list_url = reverse("credentials:public-status-list", args=[credential.status_list.slug])
    payload = json.loads(client.get(list_url).content)
    assert verify_document(payload).ok  # the list itself is signed (Data Integrity)
    token = client.get(list_url, HTTP_ACCEPT="application/jwt").content.decode()
    as_jwt = independently_verify(token, client)
    assert as_jwt["credentialSubject"]["encodedList"] == payload["credentialSubject"]["encodedList"]
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    encoded = payload["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(_unb64(encoded[1:]))
    assert len(bits) * 8 >= 131_072
    index = credential.status_index
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_revoking_shows_at_once_on_the_page_the_verifier_and_the_status_list(
    client, educator, lac, credential
):
    token = _export(client, educator, credential)
    public_url = reverse("credentials:public-credential", args=[credential.public_id])
    assert not _status_bit(client, credential)
    assert "valid (not revoked)" in client.get(public_url).content.decode()

    client.force_login(lac)
    response = client.post(
        reverse("credentials:credential-revoke", args=[credential.pk]),
        {"reason": "Issued in error: score entered for the wrong educator.", "confirm": "yes"},
    )
    assert response.status_code == 302
    client.logout()

    page = client.get(public_url).content.decode()
    assert "Revoked credential" in page
    assert "Issued in error: score entered for the wrong educator." in page
    # Still authentic, but revoked: never "signature verified" in green.
    assert "signature matches the issuer’s key" in page
    assert "signature verified" not in page and "apl-credential-ok" not in page
    verifier = client.post(reverse("credentials:public-verifier"), {"credential": token})
    assert "Revoked credential" in verifier.content.decode()
    assert _status_bit(client, credential)


def test_revoking_twice_is_harmless(lac, credential):
    first = credential_revoke(credential=credential, by=lac, reason="First reason")
    second = credential_revoke(credential=credential, by=lac, reason="Second reason")
    assert second.revoked_at == first.revoked_at
    assert second.revocation_reason == "First reason"


def test_json_export_is_recognised_and_a_changed_json_is_not(client, educator, credential):
    client.force_login(educator)
    exported = client.get(reverse("credentials:credential-download-json", args=[credential.pk]))
    client.logout()
    document = json.loads(exported.content)
    ok = client.post(reverse("credentials:public-verifier"), {"credential": json.dumps(document)})
    assert "Valid credential" in ok.content.decode()

    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    document["validFrom"] = "2020-01-01T00:00:00Z"
    bad = client.post(reverse("credentials:public-verifier"), {"credential": json.dumps(document)})
    html = bad.content.decode()
    assert "signature NOT verified" in html and "was altered" in html


def test_verifier_accepts_an_uploaded_file(client, educator, credential):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = _export(client, educator, credential)
    upload = SimpleUploadedFile("badge.jwt", token.encode(), content_type="application/jwt")
    page = client.post(reverse("credentials:public-verifier"), {"file": upload})
    assert "Valid credential" in page.content.decode()


@pytest.mark.parametrize(
    "garbage,heading",
    [
        ("not a credential", "This is not a credential file"),
        ("a.b.c", "This is not a credential file"),
        ("{]", "This is not a credential file"),
        ('{"id": "urn:uuid:x"}', "This is not a credential file"),
    ],
)
def test_verifier_reports_garbage_without_error(client, db, garbage, heading):
    page = client.post(reverse("credentials:public-verifier"), {"credential": garbage})
    assert page.status_code == 200
    assert heading in page.content.decode()
