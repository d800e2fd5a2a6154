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
    new_key = SigningKey.objects.get(retired_at__isnull=True)
    assert new_key.kid != old_kid
    assert SigningKey.objects.get(kid=old_kid).retired_at is not None

    newer = issued_credential(educator=educator.educator_profile, code="AL")
    assert newer.signing_key == new_key
    assert verify_stored(credential).ok and verify_stored(newer).ok

    published = json.loads(client.get(reverse("credentials:public-keys")).content)["keys"]
    assert {k["kid"].rsplit("/", 1)[-1] for k in published} == {
        old_kid + ".json",
        new_key.kid + ".json",
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


def test_an_explicit_secret_encrypts_the_keys(settings, credential):
    from cryptography.fernet import Fernet, InvalidToken

    settings.APL_ISSUER_KEY_SECRET = Fernet.generate_key().decode()
    with pytest.raises(InvalidToken):  # the key was sealed with the SECRET_KEY-derived key
        signing._private_key(credential.signing_key)
    public_x, sealed = signing.generate_keypair()
    assert Fernet(settings.APL_ISSUER_KEY_SECRET.encode()).decrypt(sealed)


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
