"""The programme credential as a Comprehensive Learner Record: a 1EdTech CLR 2.0
``ClrCredential`` that embeds, as issued and signed, the micro-credential credentials the
programme stacks, with the Achievements and how they relate (each micro-credential
``isPartOf`` the programme).

It is issued with the programme credential and stored as a credential of its own (kind
``learner_record``), with its own status-list entry: revoked when its programme credential
or a credential it embeds is revoked (credentials.services.records). A verifier checks its
status and, ours, each embedded credential's too.

Everything here is pure construction from records; signing happens in the services.
"""

import functools
import json
import uuid

from credentials import ob3

# Defines the 1EdTechJsonSchemaValidator2019 term that credentialSchema names.
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_SCHEMA = (
    "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"
)
SCHEMA_FILE = ob3.HERE / "schema" / "clr_v2p0_clrcredential_schema.json"
CLR_TYPES = ("VerifiableCredential", "ClrCredential")


def clr_id(credential) -> str:
    """The learner record's id: derived from the programme credential's, so each programme
    credential has exactly one learner record."""
    return uuid.uuid5(credential.uuid, "clr").urn


def is_clr(document) -> bool:
    types = document.get("type") if isinstance(document, dict) else None
    types = [types] if isinstance(types, str) else types or []
    return "ClrCredential" in types


def _associations(programme_achievement: dict, member_achievements: list[dict]) -> list[dict]:
    return [
        {
            "type": "Association",
            "associationType": "isPartOf",
            "sourceId": member["id"],
            "targetId": programme_achievement["id"],
        }
        for member in member_achievements
    ]


def _achievement_of(document: dict) -> dict:
    subject = document.get("credentialSubject") or {}
    return subject.get("achievement") or {}


def clr_document(*, credential, issuer, programme_achievement: dict, members: list[dict],
                 identifiers: list[dict], status: dict | None = None) -> dict:  # fmt: skip
    """The ClrCredential of a completed programme (``credential``, the programme
    credential). ``members`` are the signed documents of the micro-credential credentials
    it stacks; ``identifiers`` name the learner as the members do (the hashed email and
    the name); ``status``: the record's own BitstringStatusListEntry."""
    programme = credential.programme
    member_achievements = [_achievement_of(member) for member in members]
    names = ", ".join(a.get("name", "") for a in member_achievements)
    document = {
        "@context": [ob3.VC_V2, ob3.CLR_V2, ob3.OB_V3, OB_EXTENSIONS],
        "id": clr_id(credential),
        "type": list(CLR_TYPES),
        "issuer": ob3.issuer_profile(issuer),
        "name": f"{programme.name} Micro-Credentials: Comprehensive Learner Record",
        "description": (
            f"The {programme.name} micro-credentials of New Mexico's Advancement Program Level "
            f"that this educator passed ({names}), each as its own signed credential."
        ),
        "validFrom": ob3.iso(credential.issued_at),
        "awardedDate": ob3.iso(credential.issued_at),
        "credentialSubject": {
            "id": f"urn:uuid:{credential.subject_uuid}",
            "type": ["ClrSubject"],
            "identifier": identifiers,
            "achievement": [programme_achievement, *member_achievements],
            "verifiableCredential": members,
            "association": _associations(programme_achievement, member_achievements),
        },
        "credentialSchema": [{"id": CLR_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if credential.valid_until:
        document["validUntil"] = ob3.iso(credential.valid_until)
    if status:
        document["credentialStatus"] = status
    return document


@functools.cache
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(document: dict) -> list[str]:
    """Every way ``document`` breaks the CLR 2.0 ClrCredential schema."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in _validator().iter_errors(document)
    ]


def embedded_credentials(document: dict) -> list:
    """The credentials a learner record embeds (whatever their shape)."""
    subject = document.get("credentialSubject") if isinstance(document, dict) else None
    found = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    if isinstance(found, dict):
        return [found]
    return list(found) if isinstance(found, list) else []


def stacked_members(credential) -> list:
    """The credentials a programme credential stacks, in catalogue order."""
    return list(
        credential.stacked.select_related("micro_credential").order_by(
            "micro_credential__position", "issued_at", "pk"
        )
    )


def learner_record(credential, *, members=None, issuer=None, status=None) -> dict:
    """The unsigned ClrCredential of a programme credential, from the record as issued:
    the micro-credential credentials it stacked (their signed documents), the programme's
    Achievement and the learner's identifiers as the programme credential states them."""
    from credentials.services import issuer_get

    members = stacked_members(credential) if members is None else members
    subject = (credential.document or {}).get("credentialSubject") or {}
    return clr_document(
        credential=credential,
        issuer=issuer or issuer_get(),
        programme_achievement=subject.get("achievement") or {},
        members=[member.document for member in members],
        identifiers=subject.get("identifier") or [],
        status=status,
    )
