"""JSON-LD processing offline: every context a document of this issuer names is served
from the repository (credentials/contexts/), and any other URL is refused, so that
canonicalising or expanding a credential never reaches the network.

``undefined_terms`` plays the part of a JSON-LD "safe mode": it names every property or
type that no shipped context defines (a strict processor drops or refuses it, and a
signature over a dropped property would not cover it), and counts what expansion drops.
"""

import copy
import json
from functools import cache
from pathlib import Path

from pyld import jsonld

HERE = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
JWK_V1 = "https://w3id.org/security/jwk/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

#: URL → file in credentials/contexts/ (README.md there names each one's source).
CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    OB_EXTENSIONS: "ob-v3p0-extensions.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    JWK_V1: "jwk-v1.jsonld",
    DID_V1: "did-v1.jsonld",
    CLR_V2: "clr-v2p0-context-2.0.1.json",
}

#: A vocabulary no context uses: expanding with it as ``@vocab`` turns every term that no
#: context defines into an IRI under it (where a strict processor would drop or refuse it).
UNDEFINED = "urn:apl:undefined-term:"


class ContextNotAvailable(Exception):
    """A document names a context this issuer does not ship."""


@cache
def _context_text(url: str) -> str:
    name = CONTEXT_FILES.get(url)
    path = HERE / name if name else None
    if path is None or not path.is_file():
        raise ContextNotAvailable(f"The JSON-LD context {url} is not one this issuer ships.")
    return path.read_text(encoding="utf-8")


def load_context(url: str) -> dict:
    """The shipped copy of a context, as a fresh dict."""
    return json.loads(_context_text(url))


def available(url: str) -> bool:
    try:
        _context_text(url)
    except ContextNotAvailable:
        return False
    return True


def make_loader(extra: dict[str, dict] | None = None):
    """A pyld document loader over the shipped contexts (plus ``extra``, for tests of
    published vectors that name an example context); it refuses every other URL."""
    extra = extra or {}

    def loader(url, options=None):
        if url in extra:
            document = copy.deepcopy(extra[url])
        else:
            try:
                document = load_context(url)
            except ContextNotAvailable as exc:
                raise jsonld.JsonLdError(
                    str(exc), "jsonld.LoadDocumentError", code="loading document failed"
                ) from exc
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return loader


document_loader = make_loader()


def canonicalize(document: dict, *, loader=None) -> str:
    """RDFC-1.0 canonical N-Quads (pyld's URDNA2015, the same algorithm)."""
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": loader or document_loader,
        },
    )


def expand(document: dict, *, loader=None) -> list:
    return jsonld.expand(document, {"documentLoader": loader or document_loader})


def _compact_leaves(node) -> int:
    """Scalar values of a compact document (ids and types included), @context aside."""
    if isinstance(node, dict):
        return sum(_compact_leaves(v) for k, v in node.items() if k != "@context")
    if isinstance(node, list):
        return sum(_compact_leaves(v) for v in node)
    return 0 if node is None else 1


def _expanded_leaves(node, found: list[str]) -> int:
    """Scalar values of an expanded document; collects IRIs of undefined terms."""
    if isinstance(node, list):
        return sum(_expanded_leaves(v, found) for v in node)
    if not isinstance(node, dict):
        return 0
    if "@value" in node:  # a literal: its datatype is not a value of the document
        return 1
    count = 0
    for key, value in node.items():
        if key.startswith(UNDEFINED):
            found.append(key[len(UNDEFINED) :])
        if key == "@type":
            types = value if isinstance(value, list) else [value]
            found.extend(t[len(UNDEFINED) :] for t in types if t.startswith(UNDEFINED))
            count += len(types)
        elif key == "@id":
            count += 1
        else:
            count += _expanded_leaves(value, found)
    return count


def undefined_terms(document: dict, *, loader=None) -> list[str]:
    """Every term of ``document`` that its contexts do not define, and a note for each
    value expansion drops: empty when the document is safe to sign."""
    found: list[str] = []
    contexts = document.get("@context", [])
    contexts = contexts if isinstance(contexts, list) else [contexts]
    probe = {**document, "@context": [{"@vocab": UNDEFINED}, *contexts]}
    try:
        expanded = expand(probe, loader=loader)
    except jsonld.JsonLdError as exc:
        return [f"(the document cannot be expanded: {_cause(exc)})"]
    kept = _expanded_leaves(expanded, found)
    given = _compact_leaves(document)
    if kept != given:
        found.append(f"({given - kept} value(s) dropped by expansion)")
    return sorted(set(found))


def _cause(exc: Exception) -> str:
    while getattr(exc, "cause", None) is not None:
        exc = exc.cause
    return str(exc).splitlines()[0][:200]
