"""Checking credentials: a stored one on every view of its public page, or one a visitor
pastes into the verifier. Nothing here trusts a stored flag: the signature is checked
against the published key each time, and the status comes from the status list."""

import datetime as dt
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from credentials import ob3
from credentials.models import Credential, StatusList
from credentials.signing import jws_verify


@dataclass
class Verification:
    """What a verifier learns about one credential."""

    signature_valid: bool = False
    problems: list[str] = field(default_factory=list)
    claims: dict | None = None  # the OpenBadgeCredential, as signed
    key_kid: str = ""
    status: str = "unknown"  # valid | revoked | expired | unknown
    revoked_at: dt.datetime | None = None
    revocation_reason: str = ""
    schema_problems: list[str] = field(default_factory=list)
    credential: Credential | None = None
    form: str = ""  # "jwt" or "json"

    @property
    def ok(self) -> bool:
        return self.signature_valid and not self.problems and self.status == "valid"

    @property
    def subject_name(self) -> str:
        subject = (self.claims or {}).get("credentialSubject") or {}
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


def revoked_indexes(status_list: StatusList) -> list[int]:
    return list(
        Credential.objects.filter(status_list=status_list, revoked_at__isnull=False).values_list(
            "status_index", flat=True
        )
    )


def _status_from_list(claims: dict) -> tuple[str, Credential | None, str]:
    """Read the credential's bit in our status list: (status, credential, problem)."""
    entry = claims.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return "unknown", None, "The credential names no status list."
    url = str(entry.get("statusListCredential", ""))
    try:
        if not url.startswith(settings.SITE_URL + "/"):
            raise Resolver404
        match = resolve(url[len(settings.SITE_URL) :])
        if match.view_name != "credentials:public-status-list":
            raise Resolver404
        slug = match.kwargs["slug"]
        index = int(entry.get("statusListIndex"))
    except (Resolver404, KeyError, TypeError, ValueError):
        return "unknown", None, "The status list is not one this issuer publishes."
    status_list = StatusList.objects.filter(slug=slug).first()
    if status_list is None or not 0 <= index < status_list.size:
        return "unknown", None, "The status list entry does not exist."
    encoded = ob3.encode_bitstring(revoked_indexes(status_list), status_list.size)
    revoked = ob3.bit_is_set(ob3.decode_bitstring(encoded), index)
    credential = Credential.objects.filter(status_list=status_list, status_index=index).first()
    return ("revoked" if revoked else "valid"), credential, ""


def _apply_status(result: Verification) -> None:
    status, credential, problem = _status_from_list(result.claims or {})
    if problem:
        result.problems.append(problem)
    if credential is not None and result.claims and credential.uuid.urn != result.claims.get("id"):
        credential = None
        result.problems.append("The status entry belongs to another credential.")
    result.status = status
    result.credential = credential
    if credential is not None and credential.revoked_at:
        result.revoked_at = credential.revoked_at
        result.revocation_reason = credential.revocation_reason
    valid_until = (result.claims or {}).get("validUntil")
    if status == "valid" and valid_until:
        try:
            if dt.datetime.fromisoformat(str(valid_until)) <= timezone.now():
                result.status = "expired"
        except ValueError:
            result.problems.append("validUntil is not a date-time.")


def verify_jws(token: str) -> Verification:
    check = jws_verify(token)
    result = Verification(signature_valid=check.signature_valid, form="jwt")
    if check.key is not None:
        result.key_kid = check.key.kid
    if not check.signature_valid:
        result.problems.append(check.reason)
    if check.payload is not None:
        result.claims = ob3.credential_from_payload(check.payload)
        if check.signature_valid:
            result.problems.extend(ob3.jwt_claims_problems(check.payload))
            result.schema_problems = ob3.schema_errors(result.claims)
            _apply_status(result)
    return result


def verify_stored(credential: Credential) -> Verification:
    """The public page's check: the stored JWS verified now, and its status read now."""
    result = verify_jws(credential.jws)
    if result.claims and result.claims.get("id") != credential.uuid.urn:
        result.signature_valid = False
        result.problems.append("The stored credential does not belong to this link.")
    return result


def _differences(submitted, signed, path="") -> list[str]:
    if isinstance(submitted, dict) and isinstance(signed, dict):
        found = []
        for key in sorted(set(submitted) | set(signed)):
            found.extend(_differences(submitted.get(key), signed.get(key), f"{path}/{key}"))
        return found
    if isinstance(submitted, list) and isinstance(signed, list) and len(submitted) == len(signed):
        found = []
        for i, (a, b) in enumerate(zip(submitted, signed, strict=True)):
            found.extend(_differences(a, b, f"{path}/{i}"))
        return found
    return [] if submitted == signed else [path or "/"]


def verify_json(document) -> Verification:
    """A credential pasted as JSON carries no proof of its own (its proof is the VC-JWT), so
    it is checked against the credential this issuer signed under the same id."""
    if not isinstance(document, dict):
        return Verification(problems=["This JSON is not a credential object."], form="json")
    if isinstance(document.get("vc"), dict) or "jti" in document:
        document = ob3.credential_from_payload(document)
    credential_id = str(document.get("id", ""))
    credential = None
    if credential_id.startswith("urn:uuid:"):
        try:
            credential = Credential.objects.filter(uuid=credential_id[9:]).first()
        except Exception:  # a malformed uuid is simply unknown
            credential = None
    if credential is None:
        return Verification(
            claims=document,
            problems=["This issuer never signed a credential with this id."],
            schema_problems=ob3.schema_errors(document),
            form="json",
        )
    result = verify_stored(credential)
    result.form = "json"
    changed = _differences(document, result.claims or {})
    if changed:
        result.signature_valid = False
        result.problems.insert(
            0, "It differs from the credential the issuer signed at: " + ", ".join(changed[:10])
        )
        result.claims = document
        result.schema_problems = ob3.schema_errors(document)
    return result


def verify_submission(text: str) -> Verification:
    """Whatever a visitor pasted or uploaded: a compact JWS or a JSON credential."""
    text = (text or "").strip().lstrip("\ufeff")
    if text.startswith("{"):
        try:
            return verify_json(json.loads(text))
        except json.JSONDecodeError:
            return Verification(problems=["This is not valid JSON."], form="json")
    return verify_jws(text)
