"""Credentials for achievements other than a passed enrolment or a completed programme:
a license-renewal requirement met, an advanced teacher role designation, and the like.

Apps that decide such achievements call ``credential_issue_for_achievement``; the
credential is signed, given a status-list bit, revocable, shown on its public page and
verified exactly like the others. Each (kind, source) is issued once.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from catalogue.models import Programme
from credentials import ob3
from credentials.models import ACHIEVEMENT_KINDS, Credential
from credentials.services._batch import (
    _audit_issued,
    _Issuing,
    _issuing_lock,
    _lock_educators,
    _new_credentials,
    _subject,
)
from enrollment.models import EducatorProfile

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def credential_source_key(source: models.Model | str) -> str:
    """The once-only key of what a credential is issued for: ``app_label.model:pk`` for a
    saved model instance, or the string given."""
    if isinstance(source, models.Model):
        if source.pk is None:
            raise ValidationError("Save the source before issuing a credential for it.")
        return f"{source._meta.label_lower}:{source.pk}"
    return str(source or "").strip()


def _check(*, kind: str, source_key: str, code: str, name: str, criteria: str) -> None:
    errors = {}
    if kind not in ACHIEVEMENT_KINDS:
        errors["kind"] = f"Choose one of {', '.join(ACHIEVEMENT_KINDS)}."
    if not source_key or len(source_key) > 200:
        errors["source"] = "Name what the credential is issued for (at most 200 characters)."
    if not CODE.match(code or ""):
        errors["code"] = "Use lower-case letters, digits and hyphens (at most 80)."
    if not (name or "").strip():
        errors["name"] = "Name the achievement."
    if not (criteria or "").strip():
        errors["criteria"] = "Say what earns the achievement."
    if errors:
        raise ValidationError(errors)


def _achievement(*, code, name, description, criteria, achievement_type, tags) -> dict:
    return {
        "id": ob3.achievement_id(code),
        "type": ["Achievement"],
        "achievementType": achievement_type,
        "name": name,
        "description": description or name,
        "criteria": {"narrative": criteria},
        "humanCode": code,
        "image": ob3.achievement_image(code, name),
        "tag": ["APL", *tags],
    }


def _evidence(items: list[dict] | None) -> list[dict]:
    evidence = []
    for item in items or []:
        entry = {"type": ["Evidence"]}
        for field in ("id", "name", "description", "narrative", "genre"):
            if item.get(field):
                entry[field] = str(item[field])
        evidence.append(entry)
    return evidence


@transaction.atomic
def credential_issue_for_achievement(
    *,
    educator: EducatorProfile,
    kind: str,
    source: models.Model | str,
    code: str,
    name: str,
    description: str,
    criteria: str,
    achievement_type: str = "Achievement",
    programme: Programme | None = None,
    evidence: list[dict] | None = None,
    tags: tuple[str, ...] = (),
    valid_until: dt.datetime | None = None,
) -> Credential:
    """Issue (once) the credential of an achievement that is not an enrolment's pass.

    ``kind`` is ``Credential.Kind.RENEWAL``, ``DESIGNATION`` or ``ACHIEVEMENT``; ``source``
    is the saved object the achievement was decided on (or a string key): a second call
    for the same kind and source returns the credential already issued, and a database
    constraint holds it. ``code`` names the Achievement (its public id ends ``/<code>/``);
    ``achievement_type`` is an Open Badges 3.0 achievementType (``Achievement``,
    ``License``, ``Certification``, ``Award``…, or ``ext:…``). ``evidence`` items may carry
    ``id``, ``name``, ``description``, ``narrative`` and ``genre``. Raises
    ``ValidationError`` for bad input, or when the source already has a credential of
    another educator; writes nothing then.
    """
    source_key = credential_source_key(source)
    _check(kind=kind, source_key=source_key, code=code, name=name, criteria=criteria)
    existing = _existing(kind=kind, source_key=source_key, educator=educator)
    if existing is not None:
        return existing
    issuing = _Issuing()
    (fields,) = _new_credentials(issuing=issuing, count=1)
    credential = Credential(
        kind=kind,
        educator=educator,
        programme=programme,
        achievement_code=code,
        achievement_name=name.strip()[:200],
        source_key=source_key,
        valid_until=valid_until,
        **fields,
    )
    achievement = _achievement(
        code=code,
        name=name.strip(),
        description=(description or "").strip(),
        criteria=criteria.strip(),
        achievement_type=achievement_type,
        tags=tags,
    )
    _sign(issuing, credential, achievement, evidence=evidence)
    return _save_once(credential)


def _sign(issuing, credential: Credential, achievement: dict, *, evidence) -> None:
    """Build the credential's Open Badges document and sign it into the credential."""
    document = ob3.credential_document(
        credential=credential,
        issuer=issuing.issuer,
        subject_doc=_subject(credential, achievement),
        evidence=_evidence(evidence),
        name=achievement["name"],
        description=achievement["description"],
    )
    issuing.sign_and_clean(credential=credential, document=document, shape=object())


def _save_once(credential: Credential) -> Credential:
    """Save and audit the new credential, or return the one another worker saved first."""
    try:
        with transaction.atomic():
            credential.save(force_insert=True)
    except IntegrityError:  # issued meanwhile by another worker
        return Credential.objects.get(kind=credential.kind, source_key=credential.source_key)
    _audit_issued([credential])
    return credential


def _existing(*, kind: str, source_key: str, educator: EducatorProfile) -> Credential | None:
    """The credential already issued for this source, after taking the issuing locks.

    Without one, the issuer row and then the educator's row are locked (in that order).
    """
    _issuing_lock()
    existing = Credential.objects.filter(kind=kind, source_key=source_key).first()
    if existing is not None and existing.educator_id != educator.pk:
        raise ValidationError(
            {"source": "A credential for this achievement was issued to another educator."}
        )
    if existing is None:
        _lock_educators([educator.pk])
    return existing
