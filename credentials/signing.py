"""Ed25519 keys and compact JWS (alg EdDSA), with nothing but ``cryptography``.

Private keys are stored encrypted with Fernet under a key-encryption secret of their own,
APL_ISSUER_KEY_SECRET (production must set it: a deploy check says so), so rotating
SECRET_KEY never touches them; unset, a key derived from SECRET_KEY is used. The raw
private key never reaches the database, the admin or a log line.
"""

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

ALG = "EdDSA"


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(c in text for c in "+/= \n"):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def key_url(kid: str) -> str:
    """The URL a JWS header's ``kid`` names; it serves the public JWK."""
    return absolute(reverse("credentials:public-key", args=[kid]))


def _fernet_for(secret: str, *, derived: bool) -> Fernet:
    """A Fernet key as given, or any other secret hashed into one."""
    if not derived:
        try:
            return Fernet(secret.encode())
        except (ValueError, binascii.Error):
            pass
    material = f"apl-issuer-signing-keys:{secret}" if derived else secret
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(material.encode()).digest()))


def _fernet() -> MultiFernet:
    """Seals with the key-encryption secret, opens with it or any earlier secret.

    APL_ISSUER_KEY_SECRET (then its fallbacks) comes first; keys derived from SECRET_KEY and
    each of SECRET_KEY_FALLBACKS follow, so keys sealed before the separate secret was set,
    or under a SECRET_KEY since rotated, still open. Every encryption and decryption of a
    private key goes through here.
    """
    own = [getattr(settings, "APL_ISSUER_KEY_SECRET", "") or ""]
    own += list(getattr(settings, "APL_ISSUER_KEY_SECRET_FALLBACKS", []))
    fernets = [_fernet_for(secret, derived=False) for secret in own if secret]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        fernets.append(_fernet_for(secret, derived=True))
    return MultiFernet(fernets)


def reseal(sealed: bytes) -> bytes:
    """The same private key sealed with the current key-encryption secret."""
    return _fernet().rotate(sealed)


def generate_keypair() -> tuple[str, bytes]:
    """A new key: (public x base64url, encrypted private key)."""
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return b64url_encode(raw_public), _fernet().encrypt(raw_private)


def new_kid() -> str:
    return f"key-{timezone.now():%Y%m%d}-{secrets.token_hex(4)}"


def _private_key(signing_key) -> Ed25519PrivateKey:
    raw = _fernet().decrypt(bytes(signing_key.private_key_encrypted))
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_from_x(x: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64url_decode(x))


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def jws_sign(*, payload: dict, signing_key) -> str:
    """Compact JWS: header {alg: EdDSA, kid: key URL, typ: JWT}, as OB 3.0 §8.2 asks."""
    return signer_for(signing_key)(payload)


def signer_for(signing_key) -> Callable[[dict], str]:
    """``jws_sign`` for many payloads with one key: the private key is decrypted and the
    header encoded once. The signer lives in memory only and is never stored or logged."""
    header = {"alg": ALG, "kid": key_url(signing_key.kid), "typ": "JWT"}
    header_b64 = b64url_encode(_json_bytes(header))
    sign = _private_key(signing_key).sign

    def signer(payload: dict) -> str:
        signing_input = f"{header_b64}.{b64url_encode(_json_bytes(payload))}"
        return f"{signing_input}.{b64url_encode(sign(signing_input.encode('ascii')))}"

    return signer


@dataclass
class JwsCheck:
    """The outcome of checking a compact JWS against the issuer's published keys."""

    signature_valid: bool
    reason: str = ""
    header: dict = field(default_factory=dict)
    payload: dict | None = None
    key: object = None


def _decode_json(segment: str) -> dict:
    value = json.loads(b64url_decode(segment).decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def jws_verify(token: str) -> JwsCheck:
    """Check a compact JWS against the issuer's keys (active or retired), never raising."""
    from credentials.models import SigningKey

    parts = (token or "").strip().split(".")
    if len(parts) != 3:
        return JwsCheck(False, "This is not a compact JWS (three dot-separated parts).")
    try:
        header = _decode_json(parts[0])
    except (ValueError, UnicodeDecodeError):
        return JwsCheck(False, "The header cannot be decoded.")
    try:
        payload = _decode_json(parts[1])
    except (ValueError, UnicodeDecodeError):
        payload = None
    if header.get("alg") != ALG:
        return JwsCheck(False, f"Unsupported algorithm {header.get('alg')!r}.", header, payload)
    kid = header.get("kid")
    key = None
    if isinstance(kid, str):
        slug = kid.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
        key = SigningKey.objects.filter(kid=slug).first()
        if key is not None and kid not in (key_url(key.kid), key.kid):
            key = None  # a look-alike URL on another host is not our key
    if key is None:
        return JwsCheck(
            False, "It was not signed with a published key of this issuer.", header, payload
        )
    try:
        signature = b64url_decode(parts[2])
        public_key_from_x(key.public_x).verify(signature, f"{parts[0]}.{parts[1]}".encode())
    except (InvalidSignature, ValueError):
        return JwsCheck(
            False, "The signature does not match: the credential was altered.", header, payload, key
        )
    if payload is None:
        return JwsCheck(False, "The payload cannot be decoded.", header, None, key)
    return JwsCheck(True, "", header, payload, key)
