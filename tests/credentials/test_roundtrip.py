"""Issue → export → verify independently (plain base64 + cryptography against the published
JWK), tamper → fails, revoke → the public page, the verifier and the status list say so."""

import base64
import gzip
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.urls import reverse

from credentials.services import credential_revoke

pytestmark = pytest.mark.django_db


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def independently_verify(token: str, client) -> dict:
    """Check a compact JWS the way an outside verifier would: header → kid → published JWK →
    Ed25519 over the signing input. Raises InvalidSignature when it does not check out."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_unb64(header_b64))
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    jwk_path = header["kid"].split("://", 1)[1].split("/", 1)[1]
    jwk = json.loads(client.get("/" + jwk_path).content)
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    public_key = Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"]))
    public_key.verify(_unb64(signature_b64), f"{header_b64}.{payload_b64}".encode("ascii"))
    return json.loads(_unb64(payload_b64))


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
    keys = json.loads(client.get(reverse("credentials:public-keys")).content)["keys"]
    assert credential.signing_key.public_x in [k["x"] for k in keys]


def test_one_tampered_field_fails_the_independent_check_and_the_verifier(
    client, educator, credential
):
    token = _export(client, educator, credential)
    header_b64, payload_b64, signature_b64 = token.split(".")
    payload = json.loads(_unb64(payload_b64))
    payload["credentialSubject"]["achievement"]["name"] = "Assessment Literacy"
    forged = f"{header_b64}.{_b64(json.dumps(payload).encode())}.{signature_b64}"
    with pytest.raises(InvalidSignature):
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
    token = client.get(list_url).content.decode()
    payload = independently_verify(token, client)  # the list itself is signed
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

    document["validFrom"] = "2020-01-01T00:00:00Z"
    bad = client.post(reverse("credentials:public-verifier"), {"credential": json.dumps(document)})
    html = bad.content.decode()
    assert "signature NOT verified" in html and "/validFrom" in html


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
        ('{"id": "urn:uuid:x"}', "could not be verified"),
    ],
)
def test_verifier_reports_garbage_without_error(client, db, garbage, heading):
    page = client.post(reverse("credentials:public-verifier"), {"credential": garbage})
    assert page.status_code == 200
    assert heading in page.content.decode()
