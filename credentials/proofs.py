"""Data Integrity proofs, cryptosuite ``eddsa-rdfc-2022`` (W3C vc-di-eddsa §3.3).

``sign_document`` adds a ``DataIntegrityProof`` (``proofPurpose: assertionMethod``,
``proof`` as an array) whose ``verificationMethod`` is ``did:web:<host>#<key id>``.
``verify_document`` finds the key from that DID and key id among the issuer's stored
keys, current and retired, so a credential still verifies after a key rotation or a
change of SITE_URL. Both canonicalise with RDFC-1.0 over the shipped contexts only
(credentials.jsonld) and refuse a document with an undefined term.

The algorithm: hash the canonical proof options (the proof without ``proofValue``, with
the document's ``@context``) and the canonical document (without ``proof``) with
SHA-256 each; sign proofHash + documentHash with Ed25519; ``proofValue`` is base58btc
multibase (``z…``) of the 64-byte signature.
"""

import copy
import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials import did as did_web
from credentials import jsonld

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"
PURPOSE = "assertionMethod"


class UnsafeDocument(ValueError):
    """The document has a term no shipped context defines: it cannot be signed safely."""


@dataclass
class ProofCheck:
    """The outcome of checking a document's Data Integrity proof.

    ``ok``: a proof of this issuer verifies over the document as it is. ``reason``: in
    plain words, why not. ``key_id``: the key id (the fragment of the verification
    method); ``key``: the stored SigningKey when it was found.
    """

    ok: bool
    reason: str = ""
    key_id: str = ""
    verification_method: str = ""
    key: object = None


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(document: dict, options: dict, *, loader=None) -> bytes:
    """proofHash + documentHash over the canonical forms (vc-di-eddsa §3.3.4)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in options.items() if k != "proofValue"}
    config["@context"] = document.get("@context")
    proof_hash = hashlib.sha256(jsonld.canonicalize(config, loader=loader).encode()).digest()
    doc_hash = hashlib.sha256(jsonld.canonicalize(unsigned, loader=loader).encode()).digest()
    return proof_hash + doc_hash


def sign_with(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: dt.datetime | str | None = None,
    loader=None,
    check_terms: bool = True,
) -> dict:
    """``document`` with one more eddsa-rdfc-2022 proof, signed by ``private_key``.

    ``check_terms=False`` skips the undefined-term check, for a batch whose documents
    share one shape already checked."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    problems = jsonld.undefined_terms(unsigned, loader=loader) if check_terms else []
    if problems:
        raise UnsafeDocument("Undefined JSON-LD terms: " + ", ".join(problems))
    if created is None:
        created = dt.datetime.now(dt.UTC)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created if isinstance(created, str) else _iso(created),
        "verificationMethod": verification_method,
        "proofPurpose": PURPOSE,
    }
    signature = private_key.sign(_hash_data(unsigned, options, loader=loader))
    proof = {**options, "proofValue": "z" + did_web.b58encode(signature)}
    signed = copy.deepcopy(document)
    existing = signed.get("proof")
    existing = [] if existing is None else existing if isinstance(existing, list) else [existing]
    signed["proof"] = [*existing, proof]
    return signed


def sign_document(document: dict, *, key, created: dt.datetime | None = None) -> dict:
    """Add this issuer's DataIntegrityProof made with the Ed25519 SigningKey ``key``."""
    from credentials.signing import ed25519_private_key

    if key.algorithm != "Ed25519":
        raise ValueError("Data Integrity proofs are signed with an Ed25519 key.")
    return sign_with(
        document,
        private_key=ed25519_private_key(key),
        verification_method=did_web.method_id(key.kid),
        created=created,
    )


def proofs_of(document: dict) -> list[dict]:
    proof = document.get("proof")
    if isinstance(proof, dict):
        return [proof]
    return [p for p in proof if isinstance(p, dict)] if isinstance(proof, list) else []


def check_proof(document: dict, proof: dict, public_key: Ed25519PublicKey, *, loader=None) -> bool:
    """Whether ``proof`` (one of ``document``'s) verifies with ``public_key``."""
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        signature = did_web.b58decode(value[1:])
        public_key.verify(signature, _hash_data(document, proof, loader=loader))
    except (InvalidSignature, ValueError):
        return False
    return True


def _issuer_ref(document: dict) -> str:
    issuer = document.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def _ours(proof: dict) -> bool:
    return (
        proof.get("type") == PROOF_TYPE
        and proof.get("cryptosuite") == CRYPTOSUITE
        and proof.get("proofPurpose") == PURPOSE
    )


def verify_document(document: dict) -> ProofCheck:
    """Check ``document``'s eddsa-rdfc-2022 proof against the issuer's stored keys.

    The key is the one the proof names (``did:web:<host>#<key id>``), looked up by key id
    among every key the issuer ever had; the DID must be the document's issuer. The
    current SITE_URL plays no part, so moving the site keeps old credentials verifiable.
    """
    from credentials.models import SigningKey

    if not isinstance(document, dict):
        return ProofCheck(False, "This is not a credential file.")
    candidates = [p for p in proofs_of(document) if _ours(p)]
    if not candidates:
        return ProofCheck(False, "It carries no Data Integrity proof (eddsa-rdfc-2022).")
    last = ProofCheck(False, "It was not signed with a published key of this issuer.")
    for proof in candidates:
        method = str(proof.get("verificationMethod", ""))
        try:
            did, kid = did_web.split_method(method)
        except ValueError:
            continue
        if did != _issuer_ref(document):
            last = ProofCheck(False, "The signing key does not belong to the credential's issuer.")
            continue
        key = SigningKey.objects.filter(kid=kid, algorithm="Ed25519").first()
        if key is None:
            continue
        try:
            ok = check_proof(document, proof, key.ed25519_public_key())
        except jsonld.jsonld.JsonLdError:
            return ProofCheck(False, "It names a JSON-LD context this issuer does not use.", kid)
        if ok:
            return ProofCheck(True, "", kid, method, key)
        last = ProofCheck(
            False, "The signature does not match: the credential was altered.", kid, method, key
        )
    return last
