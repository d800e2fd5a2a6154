"""The issuer's public JSON documents: its DID document, profile, keys and status lists.

Verifiers and wallets fetch these constantly and from other origins, so each is served
with ``Access-Control-Allow-Origin: *`` and a short ``Cache-Control``, and none is held to
the per-address budget of the public pages (credentials.ratelimit). They only read:
anything but GET or HEAD answers 405.
"""

import functools
import json

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from credentials import ob3, services
from credentials.did import did_document
from credentials.models import SigningKey, StatusList
from credentials.statuslist import Published

JSON_LD = "application/ld+json"
STATUS_MAX_AGE = 60  # seconds: a revocation reaches verifiers within a minute
DOCUMENT_MAX_AGE = 300


def public_json(max_age: int):
    """A public JSON document: GET/HEAD only, CORS open, cacheable for ``max_age``."""

    def decorator(view):
        @functools.wraps(view)
        @require_safe
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Access-Control-Allow-Origin"] = "*"
            response["Cache-Control"] = f"public, max-age={max_age}"
            response["X-Robots-Tag"] = "noindex"
            return response

        return wrapped

    return decorator


def _json(data, content_type: str = JSON_LD) -> HttpResponse:
    return HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type=content_type)


@public_json(DOCUMENT_MAX_AGE)
def did_json(request):
    """did:web document: every key the issuer ever used, retired ones included."""
    keys = SigningKey.objects.order_by("created_at")
    return _json(did_document(keys), "application/did+ld+json")


@public_json(DOCUMENT_MAX_AGE)
def issuer_json(request):
    return _json(ob3.profile_document(services.issuer_get()))


@public_json(DOCUMENT_MAX_AGE)
def keys_json(request):
    """Every key ever used, as a JWK set (the same keys as the DID document)."""
    keys = [key.public_jwk for key in SigningKey.objects.order_by("created_at")]
    return _json({"keys": keys}, "application/jwk-set+json")


@public_json(DOCUMENT_MAX_AGE)
def key_json(request, kid: str):
    key = get_object_or_404(SigningKey, kid=kid)
    return _json(key.public_jwk, "application/jwk+json")


def _wants_jwt(request) -> bool:
    accept = request.headers.get("Accept", "")
    return ("application/jwt" in accept or "application/vc+jwt" in accept) and (
        "json" not in accept
    )


@public_json(STATUS_MAX_AGE)
def status_list(request, slug: str):
    """The BitstringStatusListCredential: JSON-LD with a Data Integrity proof, or, for an
    ``Accept: application/jwt`` request, the same credential as an ES256 VC-JWT. The
    ETag names the list's state, so polling costs a 304 until a bit flips."""
    published = Published(get_object_or_404(StatusList, slug=slug))
    as_jwt = _wants_jwt(request)
    etag = published.etag[:-1] + ('-jwt"' if as_jwt else '"')
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    elif as_jwt:
        response = HttpResponse(published.jwt(), content_type="application/jwt")
    else:
        response = _json(published.json_ld())
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept"])
    return response
