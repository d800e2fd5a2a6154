"""Building Open Badges 3.0 documents: the issuer Profile, Achievements, the
OpenBadgeCredential and the BitstringStatusList credential, plus schema validation.

Everything here is pure construction from model instances; signing and saving happen in
``credentials.services``.
"""

import base64
import datetime as dt
import functools
import gzip
import hashlib
import json
from pathlib import Path

from django.db.models import prefetch_related_objects
from django.urls import reverse

from credentials.signing import absolute
from grading.selectors import mastery_results_for_enrollments, rubrics_for_cohorts

HERE = Path(__file__).resolve().parent
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"  # 1EdTech… types
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SCHEMA_FILE = HERE / "schema" / "ob_v3p0_achievementcredential_schema.json"
ELEVATE_NM = "Elevate NM teacher evaluation framework"
REQUIRED_PERCENT = "85"
JWT_CLAIMS = ("iss", "jti", "nbf", "sub", "exp", "iat")


def load_context(url: str) -> dict:
    """The shipped copy of a JSON-LD context (credentials.jsonld serves them all)."""
    from credentials.jsonld import load_context as shipped

    return shipped(url)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def public_url(name: str, *args) -> str:
    return absolute(reverse(f"credentials:{name}", args=args))


def issuer_id() -> str:
    """The issuer Profile's id: its did:web DID, which resolves to its keys."""
    from credentials.did import issuer_did

    return issuer_did()


def issuer_profile(issuer) -> dict:
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "description": issuer.description,
    }
    if issuer.email:
        profile["email"] = issuer.email
    return profile


def profile_document(issuer) -> dict:
    return {"@context": [VC_V2, OB_V3], **issuer_profile(issuer)}


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash: sha256 over the identifier followed by the salt, in hex."""
    return "sha256$" + hashlib.sha256(f"{email.strip().lower()}{salt}".encode()).hexdigest()


def _alignments(micro_credential) -> list[dict]:
    domains_url = public_url("public-domains")
    programme = micro_credential.programme
    return [
        {
            "type": ["Alignment"],
            "targetName": domain.name,
            "targetCode": domain.code,
            "targetFramework": ELEVATE_NM,
            "targetType": "ext:ElevateNMComponent",
            "targetUrl": f"{domains_url}#domain-{domain.code}",
        }
        for domain in micro_credential.domains.all()
    ] + [
        {
            "type": ["Alignment"],
            "targetName": f"{programme.name} Micro-Credentials",
            "targetCode": programme.name,
            "targetFramework": "New Mexico Advancement Program Level (APL)",
            "targetType": "ceterms:Credential",
            "targetDescription": (
                f"Licensure advancement from Level {programme.from_level} to "
                f"Level {programme.to_level}."
            ),
            "targetUrl": f"{domains_url}#programme-{programme.slug}",
        }
    ]


def rubric_for(enrollment):
    """The rubric the enrolment was scored on (None where there is none)."""
    return rubrics_for_cohorts([enrollment.cohort]).get(enrollment.cohort_id)


def criterion_result_id(achievement_ref: str, version: int, position: int) -> str:
    """A rubric criterion's ResultDescription id: a fragment of the Achievement's page."""
    return f"{achievement_ref}#rubric-v{version}-criterion-{position}"


def level_id(achievement_ref: str, version: int, position: int, rank: int) -> str:
    return f"{criterion_result_id(achievement_ref, version, position)}-level-{rank}"


def percent_result_id(achievement_ref: str) -> str:
    return f"{achievement_ref}#result-percent"


def _percent_description(achievement_ref: str) -> dict:
    return {
        "id": percent_result_id(achievement_ref),
        "type": ["ResultDescription"],
        "name": "Mastery component score",
        "resultType": "Percent",
        "requiredValue": REQUIRED_PERCENT,
        "valueMin": "0",
        "valueMax": "100",
    }


def _result_descriptions(rubric, achievement_ref: str) -> list[dict]:
    """One RubricCriterionLevel entry per criterion of the rubric, with its levels."""
    descriptions = []
    prefetch_related_objects([rubric], "criteria__levels")  # no query when already fetched
    for criterion in rubric.criteria.all():
        descriptions.append(
            {
                "id": criterion_result_id(achievement_ref, rubric.version, criterion.position),
                "type": ["ResultDescription"],
                "name": criterion.name,
                "resultType": "RubricCriterionLevel",
                "rubricCriterionLevel": [
                    {
                        "id": level_id(
                            achievement_ref, rubric.version, criterion.position, level.rank
                        ),
                        "type": ["RubricCriterionLevel"],
                        "name": level.label,
                        "description": level.descriptor,
                        "level": str(level.rank),
                        "points": str(level.points),
                    }
                    for level in criterion.levels.all()
                ],
            }
        )
    return descriptions


def results(*, achievement: dict, mastery, score) -> list[dict]:
    """``credentialSubject.result``: the level achieved on each rubric criterion (when the
    pass was graded here, against the rubric the Achievement describes) and the percent
    (when known). An imported pass has no grade: its percent only, or nothing."""
    ach_ref = achievement["id"]
    described = {d["id"] for d in achievement.get("resultDescription") or []}
    found = []
    if mastery is not None:
        for position, rank in sorted(mastery.levels.items()):
            criterion = criterion_result_id(ach_ref, mastery.rubric_version, position)
            if criterion in described:
                found.append(
                    {
                        "type": ["Result"],
                        "resultDescription": criterion,
                        "achievedLevel": level_id(ach_ref, mastery.rubric_version, position, rank),
                    }
                )
    if score is not None and percent_result_id(ach_ref) in described:
        found.append(
            {
                "type": ["Result"],
                "resultDescription": percent_result_id(ach_ref),
                "value": f"{score.normalize():f}",
                "status": "Completed",
            }
        )
    return found


def mastery_for(enrollment_ids) -> dict:
    """Enrolment id → its passing grade's levels (grading's selector)."""
    return mastery_results_for_enrollments(enrollment_ids)


def achievement_id(code: str) -> str:
    """The Achievement's public URL: it answers with the Achievement as JSON."""
    return public_url("public-achievement", code)


def achievement_image(code: str, name: str) -> dict:
    return {
        "id": public_url("public-achievement-image", code),
        "type": "Image",
        "caption": f"{name} badge",
    }


def micro_credential_achievement(enrollment) -> dict:
    return achievement_for(enrollment.cohort.micro_credential, rubric_for(enrollment))


def achievement_for(mc, rubric) -> dict:
    """The Achievement of a micro-credential, with the rubric's criteria when there is one.
    Every credential of a cohort shares it."""
    programme = mc.programme
    ach_id = achievement_id(mc.code)
    achievement = {
        "id": ach_id,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": mc.name,
        "description": mc.description
        or f"A {programme.name} micro-credential of New Mexico's Advancement Program Level.",
        "criteria": {
            "narrative": (
                f"Complete the {mc.name} micro-credential and its mastery component: "
                "performance tasks scored against the common rubric, passed at 85% or higher."
            )
        },
        "humanCode": mc.code,
        "image": achievement_image(mc.code, mc.name),
        "tag": [programme.name, "APL", "micro-credential"],
        "alignment": _alignments(mc),
    }
    descriptions = _result_descriptions(rubric, ach_id) if rubric is not None else []
    achievement["resultDescription"] = [*descriptions, _percent_description(ach_id)]
    return achievement


def programme_code(programme) -> str:
    return f"programme-{programme.slug}"


def programme_achievement(programme, micro_credentials) -> dict:
    names = ", ".join(mc.name for mc in micro_credentials)
    code = programme_code(programme)
    return {
        "id": achievement_id(code),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": f"{programme.name} Micro-Credentials program",
        "description": (
            f"Completion of the {programme.name} pathway of New Mexico's Advancement Program "
            f"Level: {programme.required_count} micro-credentials toward a Level "
            f"{programme.to_level} license."
        ),
        "criteria": {
            "narrative": (
                f"Pass {programme.required_count} distinct micro-credentials of the "
                f"{programme.name} program. Stacked here: {names}."
            )
        },
        "humanCode": programme.name,
        "image": achievement_image(code, f"{programme.name} program"),
        "tag": [programme.name, "APL", "programme"],
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": mc.name,
                "targetCode": mc.code,
                "targetFramework": f"{programme.name} Micro-Credentials",
                "targetType": "ext:APLMicroCredential",
                "targetUrl": achievement_id(mc.code),
            }
            for mc in micro_credentials
        ],
    }


def subject(*, credential, email: str, name: str, salt: str, achievement: dict) -> dict:
    return {
        "id": f"urn:uuid:{credential.subject_uuid}",
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            },
            {
                "type": "IdentityObject",
                "identityHash": name,
                "identityType": "name",
                "hashed": False,
            },
        ],
        "achievement": achievement,
    }


def status_entry(credential) -> dict:
    list_url = public_url("public-status-list", credential.status_list.slug)
    return {
        "id": f"{list_url}#{credential.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": credential.status_list.purpose,
        "statusListIndex": str(credential.status_index),
        "statusListCredential": list_url,
    }


def credential_document(*, credential, issuer, subject_doc, evidence, name, description) -> dict:
    doc = {
        "@context": [VC_V2, OB_V3, OB_EXTENSIONS],
        "id": f"urn:uuid:{credential.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "description": description,
        "issuer": issuer_profile(issuer),
        "validFrom": iso(credential.issued_at),
        "credentialSubject": subject_doc,
        "evidence": evidence,
        "credentialStatus": status_entry(credential),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if credential.valid_until:
        doc["validUntil"] = iso(credential.valid_until)
    return doc


def jwt_payload(document: dict) -> dict:
    """The VC-JWT payload: the credential plus iss, jti, nbf, sub (and exp) (OB 3.0 §8.2)."""
    payload = dict(document)
    payload["iss"] = document["issuer"]["id"]
    payload["jti"] = document["id"]
    payload["sub"] = document["credentialSubject"]["id"]
    payload["nbf"] = int(dt.datetime.fromisoformat(document["validFrom"]).timestamp())
    if "validUntil" in document:
        payload["exp"] = int(dt.datetime.fromisoformat(document["validUntil"]).timestamp())
    return payload


def credential_from_payload(payload: dict) -> dict:
    """The OpenBadgeCredential inside a VC-JWT payload (without the JWT claims)."""
    if isinstance(payload.get("vc"), dict):  # VC-JWT of VC Data Model 1.1
        return payload["vc"]
    return {k: v for k, v in payload.items() if k not in JWT_CLAIMS}


def jwt_claims_problems(payload: dict) -> list[str]:
    """Where the JWT claims disagree with the credential they wrap (OB 3.0 §8.2.5)."""
    doc = credential_from_payload(payload)
    problems = []
    issuer = doc.get("issuer")
    issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject_doc = doc.get("credentialSubject") or {}
    if payload.get("iss") != issuer_ref:
        problems.append("The iss claim does not match the credential's issuer.")
    if payload.get("jti") != doc.get("id"):
        problems.append("The jti claim does not match the credential's id.")
    if isinstance(subject_doc, dict) and payload.get("sub") != subject_doc.get("id"):
        problems.append("The sub claim does not match the credential's subject.")
    try:
        valid_from = dt.datetime.fromisoformat(str(doc.get("validFrom")))
        if int(valid_from.timestamp()) != payload.get("nbf"):
            problems.append("The nbf claim does not match validFrom.")
    except ValueError:
        problems.append("validFrom is missing or not a date-time.")
    return problems


def encode_bitstring(revoked_indexes, size: int) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring; index 0 is the
    most significant bit of the first byte (BitstringStatusList §4)."""
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bitstring(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u')")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit_is_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_document(*, status_list, revoked_indexes, valid_from: dt.datetime) -> dict:
    url = public_url("public-status-list", status_list.slug)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode_bitstring(revoked_indexes, status_list.size),
        },
    }


def status_list_payload(document: dict) -> dict:
    payload = dict(document)
    payload["iss"] = document["issuer"]
    payload["jti"] = document["id"]
    payload["sub"] = document["credentialSubject"]["id"]
    payload["nbf"] = int(dt.datetime.fromisoformat(document["validFrom"]).timestamp())
    return payload


@functools.cache
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(document: dict) -> list[str]:
    """Every way ``document`` breaks the Open Badges 3.0 AchievementCredential schema."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in _validator().iter_errors(document)
    ]
