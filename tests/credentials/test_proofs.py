"""Data Integrity proofs (eddsa-rdfc-2022): the W3C's published vector, then this issuer's
keys, rotation and a moved site."""

import copy
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld as pyld

from credentials import did, jsonld, proofs
from credentials.services import issuer_get, signing_key_active, signing_key_rotate

pytestmark = pytest.mark.django_db  # the package's fixtures clear the database cache

VECTORS = Path(__file__).parent / "vectors" / "eddsa-rdfc-2022"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def _vector(name: str):
    text = (VECTORS / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


def _vector_loader():
    return jsonld.make_loader({EXAMPLES_V2: json.loads(_vector("credentials-examples-v2.jsonld"))})


def _vector_private_key() -> Ed25519PrivateKey:
    seed = did.b58decode(_vector("keyPair.json")["privateKeyMultibase"][1:])
    assert seed[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(seed[2:])


def test_canonical_form_matches_the_published_vector():
    loader = _vector_loader()
    assert jsonld.canonicalize(_vector("unsigned.json"), loader=loader) == _vector(
        "canonDocDataInt.txt"
    )
    config = _vector("proofConfigDataInt.json")
    assert jsonld.canonicalize(config, loader=loader) == _vector("proofCanonDataInt.txt")


def test_signature_matches_the_published_vector():
    config = _vector("proofConfigDataInt.json")
    signed = proofs.sign_with(
        _vector("unsigned.json"),
        private_key=_vector_private_key(),
        verification_method=config["verificationMethod"],
        created=config["created"],
        loader=_vector_loader(),
    )
    published = _vector("signedDataInt.json")["proof"]
    (proof,) = signed["proof"]
    assert proof == published
    signature = did.b58decode(proof["proofValue"][1:])
    assert signature.hex() == _vector("sigHexDataInt.txt").strip()


def test_the_published_signed_vector_verifies_and_a_changed_claim_does_not():
    signed = _vector("signedDataInt.json")
    public = did.ed25519_from_multikey(_vector("keyPair.json")["publicKeyMultibase"])
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(public)
    loader = _vector_loader()
    assert proofs.check_proof(signed, signed["proof"], key, loader=loader)
    altered = copy.deepcopy(signed)
    altered["credentialSubject"]["alumniOf"] = "Another School"
    assert not proofs.check_proof(altered, altered["proof"], key, loader=loader)


def test_the_loader_refuses_any_url_it_does_not_ship():
    document = {"@context": ["https://example.org/ctx.jsonld"], "name": "x"}
    with pytest.raises(pyld.JsonLdError):
        jsonld.canonicalize(document)
    assert not jsonld.available("https://example.org/ctx.jsonld")


def test_every_listed_context_ships_except_those_not_yet_added():
    shipped = [url for url in jsonld.CONTEXT_FILES if jsonld.available(url)]
    for url in (jsonld.VC_V2, jsonld.OB_V3, jsonld.OB_EXTENSIONS, jsonld.DATA_INTEGRITY_V2):
        assert url in shipped
    assert jsonld.MULTIKEY_V1 in shipped and jsonld.DID_V1 in shipped


def _document(**extra) -> dict:
    return {
        "@context": [jsonld.VC_V2, jsonld.OB_V3, jsonld.OB_EXTENSIONS],
        "id": "urn:uuid:8d1a0c9e-1a8e-4b1e-9a57-3f0f1d2c0b11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did.issuer_did(), "type": ["Profile"], "name": "The department"},
        "validFrom": "2026-01-05T10:00:00Z",
        "name": "Classroom Environment micro-credential",
        "credentialSubject": {
            "id": "urn:uuid:2f0c7a57-5d3c-4a7e-8f57-1c0d3e2a9b44",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://apl.example/public/elevate-nm/#achievement-CE",
                "type": ["Achievement"],
                "name": "Classroom Environment",
                "criteria": {"narrative": "Pass the mastery component."},
            },
        },
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
        **extra,
    }


def test_signed_document_carries_a_did_web_data_integrity_proof():
    key = signing_key_active(issuer=issuer_get())
    signed = proofs.sign_document(_document(), key=key)
    (proof,) = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == f"{did.issuer_did()}#{key.kid}"
    assert proof["verificationMethod"].startswith("did:web:127.0.0.1%3A8000#")
    check = proofs.verify_document(signed)
    assert check.ok and check.key_id == key.kid and check.key == key


def test_one_altered_claim_is_refused():
    signed = proofs.sign_document(_document(), key=signing_key_active(issuer=issuer_get()))
    signed["credentialSubject"]["achievement"]["name"] = "Something else"
    check = proofs.verify_document(signed)
    assert not check.ok and "altered" in check.reason


def test_a_proof_removed_or_of_an_unknown_key_is_refused():
    signed = proofs.sign_document(_document(), key=signing_key_active(issuer=issuer_get()))
    assert not proofs.verify_document({k: v for k, v in signed.items() if k != "proof"}).ok
    forged = proofs.sign_with(
        _document(),
        private_key=Ed25519PrivateKey.generate(),
        verification_method=f"{did.issuer_did()}#key-not-ours",
    )
    check = proofs.verify_document(forged)
    assert not check.ok and "published key" in check.reason


def test_a_proof_must_be_made_by_the_documents_issuer():
    key = signing_key_active(issuer=issuer_get())
    document = _document()
    document["issuer"]["id"] = "did:web:someone-else.example"
    check = proofs.verify_document(proofs.sign_document(document, key=key))
    assert not check.ok and "issuer" in check.reason


def test_a_credential_signed_before_a_key_rotation_still_verifies():
    old_key = signing_key_active(issuer=issuer_get())
    before = proofs.sign_document(_document(), key=old_key)
    new_key = signing_key_rotate()
    after = proofs.sign_document(_document(), key=new_key)
    assert new_key.kid != old_key.kid
    assert proofs.verify_document(before).key_id == old_key.kid
    assert proofs.verify_document(before).ok and proofs.verify_document(after).ok


def test_moving_the_site_keeps_old_credentials_verifiable(settings):
    settings.SITE_URL = "https://apl.old-host.example"
    signed = proofs.sign_document(
        _document(issuer={"id": did.issuer_did(), "type": ["Profile"], "name": "Dept"}),
        key=signing_key_active(issuer=issuer_get()),
    )
    assert signed["issuer"]["id"] == "did:web:apl.old-host.example"
    settings.SITE_URL = "https://apl.new-host.example"
    assert proofs.verify_document(signed).ok


def test_a_document_with_an_undefined_term_is_not_signed():
    key = signing_key_active(issuer=issuer_get())
    without_extensions = _document()
    without_extensions["@context"] = [jsonld.VC_V2, jsonld.OB_V3]
    with pytest.raises(proofs.UnsafeDocument, match="1EdTechJsonSchemaValidator2019"):
        proofs.sign_document(without_extensions, key=key)
    with pytest.raises(proofs.UnsafeDocument, match="favouriteColour"):
        proofs.sign_document(_document(favouriteColour="blue"), key=key)


def test_undefined_terms_is_empty_for_a_well_formed_document():
    assert jsonld.undefined_terms(_document()) == []


def test_did_web_encodes_the_port_and_finds_the_document():
    assert did.did_for_site("http://localhost:8104") == "did:web:localhost%3A8104"
    assert did.did_for_site("https://apl.ped.nm.gov") == "did:web:apl.ped.nm.gov"
    assert (
        did.did_to_url("did:web:localhost%3A8104") == "https://localhost:8104/.well-known/did.json"
    )
    raw = bytes(range(32))
    assert did.ed25519_from_multikey(did.multikey_from_ed25519(raw)) == raw
    assert did.multikey_from_ed25519(raw).startswith("z6Mk")
