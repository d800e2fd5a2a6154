"""Checking credentials: a stored one on every view of its public page, or whatever a
visitor gives the verifier: the JSON-LD credential (Data Integrity proof), its VC-JWT,
or a Comprehensive Learner Record whose embedded credentials are each checked too.

Nothing here trusts a stored flag: the proof is checked against the issuer's keys each
time (found from the DID and key id the credential names, never from the current
SITE_URL), and the status is read from the status list.

``verify(data)`` is the one entry point. Its result, ``Verification``, keeps these
fields stable (the verifier page, the public page and the certificate read them):

- ``state``: ``valid`` | ``revoked`` | ``expired`` | ``failed`` | ``not_a_credential``;
  ``ok`` is ``state == "valid"``.
- ``message``: one plain sentence saying the state ("This credential is valid.",
  "This is not a credential file.", …); ``problems``: the reasons, in plain words.
- ``form``: ``json-ld`` | ``jwt`` | ``clr`` (empty when not a credential).
- ``signature_valid``: the proof or JWS verified with a key of this issuer. It may be
  true for a revoked or expired credential: show it as success only when ``ok``.
- ``claims``: the credential as signed (without proof); ``key_kid``: the key's id.
- ``status``: what the status list says, ``valid`` | ``revoked`` | ``expired`` |
  ``unknown``; ``revoked_at``, ``revocation_reason``, ``credential`` (the stored row).
- ``schema_problems``: where it breaks the Open Badges 3.0 schema.
- ``parts``: for a CLR, one ``Verification`` per embedded credential.
- read-only helpers: ``subject_name``, ``achievement``, ``domains``, ``issuer_name``,
  ``valid_from``.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

from django.utils import timezone

from credentials import ob3, proofs, statuslist
from credentials.models import Credential
from credentials.signing import NOT_A_CREDENTIAL, jws_verify

STATES = ("valid", "revoked", "expired", "failed", "not_a_credential")
MESSAGES = {
    "valid": "This credential is valid.",
    "revoked": "This credential was revoked by its issuer.",
    "expired": "This credential has expired.",
    "failed": "This credential could not be verified.",
    "not_a_credential": NOT_A_CREDENTIAL,
}
NOT_JSON = "It starts like JSON but is not valid JSON; it may have been cut short when copied."
NOT_JWT = "It is neither a JSON credential nor a signed JWT (a JWT is three parts joined by dots)."
UNREADABLE_JWT = "It looks like a JWT, but its first part is not readable."
JSON_NOT_CREDENTIAL = "It is JSON, but not a credential."
_SEVERITY = {"valid": 0, "expired": 1, "revoked": 2, "failed": 3, "not_a_credential": 4}


@dataclass
class Verification:
    """What a verifier learns about one credential (see the module docstring)."""

    state: str = "failed"
    message: str = ""
    form: str = ""
    signature_valid: bool = False
    problems: list[str] = field(default_factory=list)
    claims: dict | None = None
    key_kid: str = ""
    status: str = "unknown"
    revoked_at: dt.datetime | None = None
    revocation_reason: str = ""
    schema_problems: list[str] = field(default_factory=list)
    credential: Credential | None = None
    parts: list["Verification"] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.state == "valid"

    @property
    def subject_name(self) -> str:
        subject = (self.claims or {}).get("credentialSubject") or {}
        if not isinstance(subject, dict):
            return ""
        for identifier in subject.get("identifier") or []:
            if isinstance(identifier, dict) and identifier.get("identityType") == "name":
                return str(identifier.get("identityHash", ""))
        return ""

    @property
    def achievement(self) -> dict:
        subject = (self.claims or {}).get("credentialSubject") or {}
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        return achievement if isinstance(achievement, dict) else {}

    @property
    def domains(self) -> list[dict]:
        return [
            a
            for a in self.achievement.get("alignment") or []
            if isinstance(a, dict) and a.get("targetFramework") == ob3.ELEVATE_NM
        ]

    @property
    def issuer_name(self) -> str:
        issuer = (self.claims or {}).get("issuer")
        return str(issuer.get("name", "")) if isinstance(issuer, dict) else str(issuer or "")

    @property
    def valid_from(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(str((self.claims or {}).get("validFrom")))
        except ValueError:
            return None


def _not_a_credential(form: str = "", reason: str = NOT_A_CREDENTIAL) -> Verification:
    return Verification(
        state="not_a_credential", message=NOT_A_CREDENTIAL, form=form, problems=[reason]
    )


def _finish(result: Verification) -> Verification:
    """Settle ``state`` and ``message`` from what was found. A credential whose proof
    fails is ``failed`` whatever its status; a revoked one is never ``valid``."""
    if not result.signature_valid or result.problems:
        result.state = "failed"
    elif result.status in ("revoked", "expired"):
        result.state = result.status
    elif result.status == "valid":
        result.state = "valid"
    else:
        result.state = "failed"
    for part in result.parts:
        if _SEVERITY[part.state] > _SEVERITY[result.state]:
            result.state = "failed" if part.state == "not_a_credential" else part.state
    result.message = MESSAGES[result.state]
    if result.parts and result.state != "valid" and result.signature_valid:
        result.message += " One or more of the credentials it holds did not verify."
    return result


def _apply_status(result: Verification, *, required: bool = True) -> None:
    """Read the credential's bit in the status list, then its validity period."""
    claims = result.claims or {}
    if required or "credentialStatus" in claims:
        status, credential, problem = statuslist.entry_bit(claims.get("credentialStatus"))
        if problem:
            result.problems.append(problem)
        if credential is not None and credential.uuid.urn != claims.get("id"):
            credential = None
            result.problems.append("The status entry belongs to another credential.")
        result.status, result.credential = status, credential
        if credential is not None and credential.revoked_at:
            result.revoked_at = credential.revoked_at
            result.revocation_reason = credential.revocation_reason
    else:
        result.status = "valid"
    valid_until = claims.get("validUntil")
    if result.status == "valid" and valid_until:
        try:
            if dt.datetime.fromisoformat(str(valid_until)) <= timezone.now():
                result.status = "expired"
        except ValueError:
            result.problems.append("validUntil is not a date-time.")


def _types(document: dict) -> list:
    types = document.get("type")
    return types if isinstance(types, list) else [types]


def verify_document(document) -> Verification:
    """A JSON-LD credential or CLR with an embedded Data Integrity proof."""
    if (
        not isinstance(document, dict)
        or "@context" not in document
        or "VerifiableCredential" not in _types(document)
    ):
        return _not_a_credential("json-ld", JSON_NOT_CREDENTIAL)
    is_clr = "ClrCredential" in _types(document)
    result = Verification(form="clr" if is_clr else "json-ld")
    result.claims = {k: v for k, v in document.items() if k != "proof"}
    check = proofs.verify_document(document)
    result.signature_valid, result.key_kid = check.ok, check.key_id
    if not check.ok:
        result.problems.append(check.reason)
        return _finish(result)
    if "OpenBadgeCredential" in _types(document):
        result.schema_problems = ob3.schema_errors(result.claims)
    _apply_status(result, required=not is_clr)
    if is_clr:
        subject = document.get("credentialSubject")
        embedded = subject.get("verifiableCredential") if isinstance(subject, dict) else None
        result.parts = [verify_document(c) for c in (embedded or [])]
    return _finish(result)


def verify_jws(token: str) -> Verification:
    """A VC-JWT (ES256; or EdDSA, as issued before ES256)."""
    check = jws_verify(token)
    if not check.header:
        return _not_a_credential("jwt", UNREADABLE_JWT)
    result = Verification(form="jwt", signature_valid=check.signature_valid)
    if check.key is not None:
        result.key_kid = check.key.kid
    if check.payload is not None:
        result.claims = ob3.credential_from_payload(check.payload)
    if not check.signature_valid:
        result.problems.append(check.reason)
        return _finish(result)
    result.problems.extend(ob3.jwt_claims_problems(check.payload))
    result.schema_problems = ob3.schema_errors(result.claims)
    _apply_status(result)
    return _finish(result)


def verify(data) -> Verification:
    """Whatever is given: a JSON-LD credential or CLR (text or dict) or a VC-JWT."""
    if isinstance(data, dict):
        return verify_document(data)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return _not_a_credential(reason=NOT_JWT)
    text = (data or "").strip().lstrip("\ufeff") if isinstance(data, str) else ""
    if text.startswith("{"):
        try:
            return verify_document(json.loads(text))
        except json.JSONDecodeError:
            return _not_a_credential("json-ld", NOT_JSON)
    if text.count(".") == 2:
        return verify_jws(text)
    return _not_a_credential(reason=NOT_JWT)


def verify_submission(text: str) -> Verification:
    """The verifier page's check of what a visitor pasted or uploaded."""
    return verify(text)


def verify_stored(credential: Credential) -> Verification:
    """The public page's check: the stored signed document verified now, its status read
    now (the VC-JWT for a credential issued before documents carried a proof)."""
    if credential.document:
        result = verify_document(credential.document)
    else:
        result = verify_jws(credential.jws)
    if result.claims and result.claims.get("id") != credential.uuid.urn:
        result.signature_valid = False
        result.problems.append("The stored credential does not belong to this link.")
        _finish(result)
    return result
