"""Signing keys: encrypted at rest, never shown, rotated without breaking old credentials."""

import json

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.urls import reverse

from credentials import signing
from credentials.models import SigningKey
from credentials.verification import verify_stored
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db


def test_rotation_keeps_old_credentials_verifiable(client, educator, credential):
    old_kid = credential.signing_key.kid
    call_command("rotate_issuer_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new_key = SigningKey.objects.get(retired_at__isnull=True, algorithm="Ed25519")
    assert new_key.kid != old_kid
    assert SigningKey.objects.get(kid=old_kid).retired_at is not None

    newer = issued_credential(educator=educator.educator_profile, code="AL")
    assert newer.signing_key == new_key
    assert verify_stored(credential).ok and verify_stored(newer).ok

    published = json.loads(client.get(reverse("credentials:public-keys")).content)["keys"]
    assert {k["kid"].rsplit("#", 1)[-1] for k in published if k["crv"] == "Ed25519"} == {
        old_kid,
        new_key.kid,
    }
    old = client.get(reverse("credentials:public-key", args=[old_kid]))
    assert (
        old.status_code == 200 and json.loads(old.content)["x"] == credential.signing_key.public_x
    )


def test_private_keys_are_encrypted_at_rest(credential):
    key = credential.signing_key
    raw = signing._private_key(key).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    stored = bytes(key.private_key_encrypted)
    assert raw not in stored and signing.b64url_encode(raw).encode() not in stored
    assert "private" not in repr(key).lower() and signing.b64url_encode(raw) not in repr(key)


def test_an_explicit_secret_encrypts_new_keys_and_still_opens_old_ones(settings, credential):
    from cryptography.fernet import Fernet

    settings.APL_ISSUER_KEY_SECRET = Fernet.generate_key().decode()
    assert signing._private_key(credential.signing_key)  # sealed before the secret was set
    public_x, sealed = signing.generate_keypair()
    assert Fernet(settings.APL_ISSUER_KEY_SECRET.encode()).decrypt(sealed)


def _status_list_is_signed(client, credential):
    from credentials.proofs import verify_document

    status_url = reverse("credentials:public-status-list", args=[credential.status_list.slug])
    status = client.get(status_url)
    assert status.status_code == 200
    assert verify_document(json.loads(status.content)).ok
    as_jwt = client.get(status_url, HTTP_ACCEPT="application/jwt")
    assert signing.jws_verify(as_jwt.content.decode()).signature_valid


def test_rotating_secret_key_leaves_every_credential_verifiable(
    client, settings, educator, lac, credential
):
    from tests.factories.credentials import issued_credential

    other = issued_credential(educator=educator.educator_profile, code="AL")
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]

    assert verify_stored(credential).ok and verify_stored(other).ok
    _status_list_is_signed(client, credential)
    newer = issued_credential(educator=educator.educator_profile, code="CLRI")
    assert verify_stored(newer).ok
    from credentials.services import credential_revoke

    credential_revoke(credential=other, by=lac, reason="Issued in error")
    assert not verify_stored(other).ok and verify_stored(credential).ok


def test_with_the_key_encryption_secret_secret_key_can_rotate_without_fallbacks(
    settings, educator, credential
):
    from cryptography.fernet import Fernet

    from tests.factories.credentials import issued_credential

    settings.APL_ISSUER_KEY_SECRET = Fernet.generate_key().decode()
    call_command("rotate_issuer_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    newer = issued_credential(educator=educator.educator_profile, code="AL")
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = []  # the old SECRET_KEY is gone for good

    for key in SigningKey.objects.all():  # every key, the retired one included, still opens
        assert signing._private_key(key)
    assert verify_stored(credential).ok and verify_stored(newer).ok
    from credentials.services import credential_revoke, signing_key_active

    issuer = credential.signing_key.issuer
    assert signing.jwt_signer_for(signing_key_active(issuer=issuer, algorithm="P-256"))({"a": 1})
    credential_revoke(credential=newer, by=None, reason="Issued in error")


def test_the_key_encryption_secret_itself_can_rotate(settings, credential):
    from cryptography.fernet import Fernet

    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.APL_ISSUER_KEY_SECRET = first
    call_command("rotate_issuer_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.APL_ISSUER_KEY_SECRET, settings.APL_ISSUER_KEY_SECRET_FALLBACKS = second, [first]
    call_command("rotate_issuer_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.APL_ISSUER_KEY_SECRET_FALLBACKS = []
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "z" * 40
    for key in SigningKey.objects.all():
        assert signing._private_key(key)
    assert verify_stored(credential).ok


def test_the_admin_never_shows_the_private_key(client, credential, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.org", "pw-long-enough-1")
    from tests.factories import with_totp

    with_totp(admin)
    client.force_login(admin)
    response = client.get(
        reverse("admin:credentials_signingkey_change", args=[credential.signing_key.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert credential.signing_key.public_x in html
    assert "private" not in html.lower()


def test_the_admin_action_revokes_with_a_reason(client, lac, credential):
    lac.is_staff = True  # the LAC reaches Django's admin
    lac.save()
    client.force_login(lac)
    url = reverse("admin:credentials_credential_changelist")
    data = {"action": "revoke_credentials", "_selected_action": [credential.pk]}
    ask = client.post(url, data)
    assert ask.status_code == 200 and "Revoke credentials" in ask.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_at is None  # not before a reason is given
    client.post(url, {**data, "apply": "1", "reason": "Duplicate record"})
    credential.refresh_from_db()
    assert credential.revocation_reason == "Duplicate record" and credential.revoked_at
