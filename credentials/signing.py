"""The issuer's keys (Ed25519 for Data Integrity proofs, P-256 for the VC-JWT form) and
the VC-JWT itself: ES256 compact JWS through joserfc, a maintained JOSE library.

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
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

JWT_ALG = "ES256"
#: JWS algorithm → the key algorithm that verifies it (EdDSA: VC-JWTs issued before ES256).
ALGORITHMS = {"ES256": "P-256", "EdDSA": "Ed25519"}


class _Registry(jws.JWSRegistry):
    """joserfc's checks, with room for a learner record's payload (it embeds each of its
    credentials): 1 MiB, twice what the verifier page accepts, where joserfc allows 128 kB."""

    max_payload_length = 1024 * 1024


_REGISTRY = _Registry(algorithms=[JWT_ALG])
NOT_A_CREDENTIAL = "This is not a credential file."


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


def new_kid(prefix: str = "key") -> str:
    return f"{prefix}-{timezone.now():%Y%m%d}-{secrets.token_hex(4)}"


def _private_key(signing_key):
    """The decrypted private key (Ed25519 or P-256), in memory only."""
    raw = _fernet().decrypt(bytes(signing_key.private_key_encrypted))
    if getattr(signing_key, "algorithm", "Ed25519") == "P-256":
        return serialization.load_der_private_key(raw, password=None)
    return Ed25519PrivateKey.from_private_bytes(raw)


def ed25519_private_key(signing_key) -> Ed25519PrivateKey:
    """The decrypted Ed25519 private key of ``signing_key``: held in memory only."""
    if signing_key.algorithm != "Ed25519":
        raise ValueError("not an Ed25519 key")
    return _private_key(signing_key)


def public_key_from_x(x: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64url_decode(x))


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- P-256 keys and the VC-JWT (ES256, joserfc) ---------------------------------------------


def generate_p256_keypair() -> tuple[str, str, bytes]:
    """A new P-256 key: (public x, public y, both base64url; encrypted private key)."""
    private = ec.generate_private_key(ec.SECP256R1())
    numbers = private.public_key().public_numbers()
    der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    x = b64url_encode(numbers.x.to_bytes(32, "big"))
    y = b64url_encode(numbers.y.to_bytes(32, "big"))
    return x, y, _fernet().encrypt(der)


def _p256_private(signing_key) -> ECKey:
    return ECKey.import_key(_private_key(signing_key))


def jwt_signer_for(signing_key) -> Callable[[dict], str]:
    """Signs many VC-JWT payloads with one P-256 key (decrypted once, in memory only).

    Header {alg: ES256, kid: did:web:<host>#<key id>, typ: JWT}: ES256 is what 1EdTech's
    validator takes for a VC-JWT, and the kid resolves in the issuer's DID document."""
    from credentials.did import method_id

    if signing_key.algorithm != "P-256":
        raise ValueError("The VC-JWT is signed with a P-256 key.")
    header = {"alg": JWT_ALG, "kid": method_id(signing_key.kid), "typ": "JWT"}
    key = _p256_private(signing_key)

    def signer(payload: dict) -> str:
        return jws.serialize_compact(header, _json_bytes(payload), key, algorithms=[JWT_ALG])

    return signer


def jwt_sign(*, payload: dict, signing_key) -> str:
    return jwt_signer_for(signing_key)(payload)


@dataclass
class JwsCheck:
    """The outcome of checking a compact JWS against the issuer's published keys."""

    signature_valid: bool
    reason: str = ""
    header: dict = field(default_factory=dict)
    payload: dict | None = None
    key: object = None


def _decode_json(segment: bytes) -> dict:
    value = json.loads(segment.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _kid_slug(kid) -> str:
    """The stored key id a header's ``kid`` names: ``did:web:<host>#<id>``, or the key URL
    of credentials signed before the issuer had a DID (``…/public/keys/<id>.json``)."""
    if not isinstance(kid, str):
        return ""
    if "#" in kid:
        return kid.rsplit("#", 1)[-1]
    return kid.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")


def jws_verify(token: str) -> JwsCheck:
    """Check a VC-JWT against the issuer's keys, current or retired, never raising: ES256
    with a P-256 key, or EdDSA with an Ed25519 key for tokens issued before ES256."""
    from credentials.models import SigningKey

    try:
        obj = jws.extract_compact((token or "").strip().encode("ascii"), registry=_REGISTRY)
        header = dict(obj.headers())
    except (JoseError, ValueError, UnicodeError):
        return JwsCheck(False, NOT_A_CREDENTIAL)
    try:
        payload = _decode_json(obj.payload)
    except (ValueError, UnicodeDecodeError):
        payload = None
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        return JwsCheck(
            False, f"It is signed with an algorithm this issuer does not use ({alg}).", header
        )
    key = SigningKey.objects.filter(
        kid=_kid_slug(header.get("kid")), algorithm=ALGORITHMS[alg]
    ).first()
    if key is None:
        return JwsCheck(
            False, "It was not signed with a published key of this issuer.", header, payload
        )
    public = ECKey.import_key(key.public_jwk_bare) if alg == JWT_ALG else None
    try:
        if public is not None:
            valid = jws.validate_compact(obj, public, registry=_REGISTRY)
        else:
            signing_input, _, signature = token.strip().rpartition(".")
            public_key_from_x(key.public_x).verify(
                b64url_decode(signature), signing_input.encode("ascii")
            )
            valid = True
    except (JoseError, InvalidSignature, ValueError):
        valid = False
    if not valid:
        return JwsCheck(
            False, "The signature does not match: the credential was altered.", header, payload, key
        )
    if payload is None:
        return JwsCheck(False, "The payload cannot be decoded.", header, None, key)
    return JwsCheck(True, "", header, payload, key)
