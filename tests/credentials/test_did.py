"""The issuer's did:web document: every key ever used, open to every origin, never held to
the public pages' per-address budget."""

import json

import pytest
from django.urls import reverse

from credentials import did
from credentials.models import SigningKey
from credentials.services import signing_key_rotate

pytestmark = pytest.mark.django_db

DID_URL = "/.well-known/did.json"


def _did_document(client) -> dict:
    response = client.get(DID_URL)
    assert response.status_code == 200
    return json.loads(response.content)


def test_did_document_lists_every_key_retired_ones_included(client, credential):
    first = credential.signing_key
    signing_key_rotate()
    document = _did_document(client)
    assert document["id"] == "did:web:127.0.0.1%3A8000"
    methods = {m["id"]: m for m in document["verificationMethod"]}
    assert set(methods) == {f"{document['id']}#{k.kid}" for k in SigningKey.objects.all()}
    assert len(methods) == 4  # Ed25519 and P-256, before and after the rotation
    assert document["assertionMethod"] == list(methods)
    old = methods[f"{document['id']}#{first.kid}"]
    assert old["type"] == "Multikey" and old["controller"] == document["id"]
    assert old["publicKeyMultibase"].startswith("z6Mk")
    assert did.ed25519_from_multikey(old["publicKeyMultibase"]) == (
        first.ed25519_public_key().public_bytes_raw()
    )
    jwks = [m for m in methods.values() if m["type"] == "JsonWebKey"]
    assert len(jwks) == 2 and all(m["publicKeyJwk"]["crv"] == "P-256" for m in jwks)
    assert all("d" not in m.get("publicKeyJwk", {}) for m in methods.values())


def test_did_document_is_open_to_every_origin_and_briefly_cacheable(client, credential):
    response = client.get(DID_URL)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"].startswith("application/did+ld+json")


def test_did_document_refuses_post(client, credential):
    assert client.post(DID_URL).status_code == 405


def test_did_document_is_not_rate_limited(client, settings, credential):
    settings.APL_PUBLIC_RATE_LIMIT = 2
    assert all(client.get(DID_URL).status_code == 200 for _ in range(5))
    verifier = [client.get(reverse("credentials:public-verifier")).status_code for _ in range(4)]
    assert 429 in verifier  # the pages keep their budget


def test_the_did_follows_the_site_host_with_its_port_encoded(client, settings, credential):
    settings.SITE_URL = "https://apl.ped.nm.gov"
    assert _did_document(client)["id"] == "did:web:apl.ped.nm.gov"
    profile = json.loads(client.get(reverse("credentials:public-issuer-json")).content)
    assert profile["id"] == "did:web:apl.ped.nm.gov"
    settings.SITE_URL = "http://localhost:8104"
    assert _did_document(client)["id"] == "did:web:localhost%3A8104"


def test_every_public_json_document_is_open_to_every_origin(client, credential):
    urls = [
        DID_URL,
        reverse("credentials:public-issuer-json"),
        reverse("credentials:public-keys"),
        reverse("credentials:public-key", args=[credential.signing_key.kid]),
        reverse("credentials:public-status-list", args=[credential.status_list.slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "max-age=" in response["Cache-Control"], url
