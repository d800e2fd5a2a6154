"""The issuer's ``did:web`` identifier and its DID document.

The DID is derived from the host of SITE_URL (a port is percent-encoded, as did:web
asks: ``did:web:localhost%3A8000``). The document at ``/.well-known/did.json`` lists
every key the issuer ever used, retired ones included, so that a credential signed
before a rotation still verifies; Ed25519 keys appear as ``Multikey`` (``z6Mk…``), the
P-256 keys of the VC-JWT form as ``JsonWebKey``.
"""

from urllib.parse import quote, unquote, urlsplit

from django.conf import settings

from credentials.jsonld import DID_V1, JWK_V1, MULTIKEY_V1

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, varint-encoded


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = B58_ALPHABET[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = B58_ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58btc")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multikey_from_ed25519(raw_public: bytes) -> str:
    """publicKeyMultibase of an Ed25519 public key: base58btc of 0xed01 + the 32 bytes."""
    return "z" + b58encode(ED25519_PUB_PREFIX + raw_public)


def ed25519_from_multikey(multibase: str) -> bytes:
    if not multibase.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    data = b58decode(multibase[1:])
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return data[2:]


def did_for_site(site_url: str) -> str:
    """did:web of a site's host (its path, if any, as colon-separated segments)."""
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    segments = [quote(s, safe="") for s in parts.path.split("/") if s]
    return ":".join(["did:web", quote(host, safe=""), *segments])


def issuer_did() -> str:
    return did_for_site(settings.SITE_URL)


def did_to_url(did: str) -> str:
    """Where a did:web document lives (https, as the method requires)."""
    if not did.startswith("did:web:"):
        raise ValueError("not a did:web identifier")
    host, *segments = did[len("did:web:") :].split(":")
    path = ".well-known/did.json"
    if segments:
        path = "/".join(unquote(s) for s in segments) + "/did.json"
    return f"https://{unquote(host)}/{path}"


def split_method(verification_method: str) -> tuple[str, str]:
    """(DID, key id) of ``did:web:host#key-id``; ValueError when it is not one."""
    did, sep, fragment = str(verification_method).partition("#")
    if not sep or not fragment or not did.startswith("did:web:"):
        raise ValueError("not a did:web key reference")
    return did, fragment


def method_id(kid: str, did: str | None = None) -> str:
    return f"{did or issuer_did()}#{kid}"


def verification_method(key, did: str) -> dict:
    method = {"id": method_id(key.kid, did), "type": "Multikey", "controller": did}
    if key.algorithm == "P-256":
        method["type"] = "JsonWebKey"
        method["publicKeyJwk"] = key.public_jwk_bare
    else:
        method["publicKeyMultibase"] = key.public_multibase
    return method


def did_document(keys) -> dict:
    """The DID document: every key ever used, in assertionMethod (they sign credentials)."""
    did = issuer_did()
    keys = list(keys)
    methods = [verification_method(key, did) for key in keys]
    return {
        "@context": [DID_V1, MULTIKEY_V1, JWK_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
