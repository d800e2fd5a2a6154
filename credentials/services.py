"""Every write of the credentials app: issuing, revoking, sharing, key rotation."""

import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apl.audit import audit_log
from catalogue.models import Programme
from credentials import ob3
from credentials.models import Credential, Issuer, SigningKey, StatusList
from credentials.signing import generate_keypair, jws_sign, new_kid
from enrollment.models import EducatorProfile, Enrollment

logger = logging.getLogger(__name__)

DEFAULT_ISSUER = {
    "name": "New Mexico Public Education Department",
    "url": "https://web.ped.nm.gov/",
    "email": "",
    "description": (
        "The state education department of New Mexico, which runs licensure advancement "
        "for teachers through the Advancement Program Level (APL) micro-credentials."
    ),
}


def issuer_get() -> Issuer:
    issuer, _ = Issuer.objects.get_or_create(pk=1, defaults=DEFAULT_ISSUER)
    return issuer


@transaction.atomic
def signing_key_active(*, issuer: Issuer) -> SigningKey:
    """The issuer's active key, created on first use (under a lock on the issuer row)."""
    key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if key is not None:
        return key
    Issuer.objects.select_for_update().get(pk=issuer.pk)
    key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    return key or _signing_key_create(issuer=issuer)


def _signing_key_create(*, issuer: Issuer) -> SigningKey:
    public_x, encrypted = generate_keypair()
    key = SigningKey(
        issuer=issuer, kid=new_kid(), public_x=public_x, private_key_encrypted=encrypted
    )
    key.full_clean(exclude=["private_key_encrypted"])
    key.save()
    return key


@transaction.atomic
def signing_key_rotate(*, by=None) -> SigningKey:
    """Retire the active key (it stays published) and make a new one for future credentials."""
    issuer = Issuer.objects.select_for_update().get(pk=issuer_get().pk)
    old = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if old is not None:
        old.retired_at = timezone.now()
        old.save(update_fields=["retired_at"])
    key = _signing_key_create(issuer=issuer)
    audit_log(
        action="credentials.key_rotated",
        actor=by,
        target=key,
        actor_label="" if by else "manage.py",
        retired=old.kid if old else "",
    )
    return key


def _status_slot(*, issuer: Issuer) -> tuple[StatusList, int]:
    """The next free bit of the newest status list, a new list when it is full (locked)."""
    status_list = (
        StatusList.objects.select_for_update().filter(issuer=issuer).order_by("-pk").first()
    )
    if status_list is None or status_list.next_index >= status_list.size:
        number = StatusList.objects.filter(issuer=issuer).count() + 1
        status_list = StatusList.objects.create(issuer=issuer, slug=f"revocation-{number}")
        status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
    index = status_list.next_index
    status_list.next_index = index + 1
    status_list.save(update_fields=["next_index"])
    return status_list, index


def _memo(memo: dict, key, build):
    """A value reused across one sweep (issuer, key, a cohort's achievement)."""
    if key not in memo:
        memo[key] = build()
    return memo[key]


def _evidence(credential: Credential, enrollment: Enrollment) -> list[dict]:
    score = f"{enrollment.score.normalize():f}%" if enrollment.score is not None else "passed"
    return [
        {
            "id": ob3.public_url("credential-evidence", credential.pk),
            "type": ["Evidence"],
            "name": "Mastery component",
            "description": f"Performance tasks scored against the common rubric: {score}.",
            "narrative": (
                f"Scored {score} on the mastery component of {enrollment.cohort} "
                "(85% or higher passes). The scored work opens for the educator and APL staff."
            ),
            "genre": "Performance tasks",
        }
    ]


_FOREIGN_KEYS = [
    "educator",
    "enrollment",
    "micro_credential",
    "programme",
    "signing_key",
    "status_list",
]


def _sign_and_save(*, credential: Credential, document: dict, validate: bool = True) -> Credential:
    if validate:
        errors = ob3.schema_errors(document)
        if errors:
            raise ValidationError(f"The credential breaks the Open Badges 3.0 schema: {errors}")
    credential.jws = jws_sign(payload=ob3.jwt_payload(document), signing_key=credential.signing_key)
    # Uniqueness, constraints and foreign keys are held by the database (its IntegrityError
    # is handled by the caller); checking them here too would cost ten queries a credential.
    credential.full_clean(
        exclude=["stacked", *_FOREIGN_KEYS], validate_unique=False, validate_constraints=False
    )
    credential.save()
    return credential


def _new_credential(*, educator: EducatorProfile, memo: dict, **fields) -> Credential:
    issuer = _memo(memo, "issuer", issuer_get)
    status_list, index = _status_slot(issuer=issuer)
    credential = Credential(
        educator=educator,
        issued_at=timezone.now(),
        signing_key=_memo(memo, "key", lambda: signing_key_active(issuer=issuer)),
        status_list=status_list,
        status_index=index,
        **fields,
    )
    credential.save()  # for the pk the evidence link names; signed just below
    return credential


def _subject(credential: Credential, achievement: dict) -> dict:
    user = credential.educator.user
    return ob3.subject(
        credential=credential,
        email=user.email,
        name=user.get_full_name() or user.email,
        salt=secrets.token_hex(16),
        achievement=achievement,
    )


@transaction.atomic
def credential_issue_for_enrollment(
    *, enrollment_id: int, memo: dict | None = None
) -> Credential | None:
    """Issue the credential of a passed enrolment; the existing one if already issued.
    ``memo`` lets a sweep reuse what every credential of a cohort shares."""
    memo = {} if memo is None else memo
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("cohort__micro_credential__programme", "educator__user")
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is None or enrollment.status != Enrollment.Status.PASSED:
        return None
    existing = Credential.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    mc = enrollment.cohort.micro_credential
    try:
        with transaction.atomic():
            credential = _new_credential(
                memo=memo,
                educator=enrollment.educator,
                kind=Credential.Kind.MICRO_CREDENTIAL,
                enrollment=enrollment,
                micro_credential=mc,
                programme=mc.programme,
            )
            cohort_key = ("cohort", enrollment.cohort_id)
            validated = cohort_key in memo  # same shape as a credential already validated
            achievement = _memo(
                memo, cohort_key, lambda: ob3.micro_credential_achievement(enrollment)
            )
            document = ob3.credential_document(
                credential=credential,
                issuer=memo["issuer"],
                subject_doc=_subject(credential, achievement),
                evidence=_evidence(credential, enrollment),
                name=f"{mc.name} micro-credential",
                description=f"Awarded for passing the {mc.name} micro-credential.",
            )
            _sign_and_save(credential=credential, document=document, validate=not validated)
    except IntegrityError:  # issued meanwhile by another worker: one credential per enrolment
        memo.clear()  # what the rolled-back savepoint created is gone
        return Credential.objects.get(enrollment=enrollment)
    audit_log(action="credentials.issued", target=credential, actor_label="system")
    credential_issue_for_programme(
        educator_id=enrollment.educator_id, programme_id=mc.programme_id, memo=memo
    )
    return credential


@transaction.atomic
def credential_issue_for_programme(
    *, educator_id: int, programme_id: int, memo: dict | None = None
) -> Credential | None:
    """Issue the programme credential once the educator holds ``required_count`` distinct
    micro-credential credentials of the programme (not revoked)."""
    memo = {} if memo is None else memo
    programme = Programme.objects.get(pk=programme_id)
    educator = EducatorProfile.objects.select_for_update().get(pk=educator_id)
    existing = Credential.objects.filter(
        educator=educator, programme=programme, kind=Credential.Kind.PROGRAMME
    ).first()
    if existing is not None:
        return existing
    stack, seen = [], set()
    for credential in (
        Credential.objects.filter(
            educator=educator,
            programme=programme,
            kind=Credential.Kind.MICRO_CREDENTIAL,
            revoked_at__isnull=True,
        )
        .select_related("micro_credential")
        .order_by("micro_credential__position", "issued_at")
    ):
        if credential.micro_credential_id not in seen:
            seen.add(credential.micro_credential_id)
            stack.append(credential)
    if len(stack) < programme.required_count:
        return None
    try:
        with transaction.atomic():
            credential = _new_credential(
                memo=memo, educator=educator, kind=Credential.Kind.PROGRAMME, programme=programme
            )
            achievement = ob3.programme_achievement(programme, [c.micro_credential for c in stack])
            evidence = [
                {
                    "id": ob3.public_url("public-credential", c.public_id),
                    "type": ["Evidence"],
                    "name": f"{c.micro_credential.name} micro-credential",
                    "description": f"Issued {c.issued_at:%Y-%m-%d}; verifiable at this address.",
                    "genre": "Stacked micro-credential",
                }
                for c in stack
            ]
            document = ob3.credential_document(
                credential=credential,
                issuer=memo["issuer"],
                subject_doc=_subject(credential, achievement),
                evidence=evidence,
                name=f"{programme.name} Micro-Credentials programme",
                description=f"Awarded for completing the {programme.name} programme.",
            )
            _sign_and_save(credential=credential, document=document)
            credential.stacked.set(stack)
    except IntegrityError:
        memo.clear()
        return Credential.objects.get(
            educator=educator, programme=programme, kind=Credential.Kind.PROGRAMME
        )
    audit_log(action="credentials.issued", target=credential, actor_label="system")
    return credential


def credential_issue_missing() -> int:
    """Issue for every passed enrolment without a credential, then any completed programme."""
    issued, memo = 0, {}
    pending = Enrollment.objects.filter(
        status=Enrollment.Status.PASSED, credential__isnull=True
    ).values_list("pk", flat=True)
    for enrollment_id in list(pending):
        if credential_issue_for_enrollment(enrollment_id=enrollment_id, memo=memo) is not None:
            issued += 1
    pairs = (
        Credential.objects.filter(kind=Credential.Kind.MICRO_CREDENTIAL, revoked_at__isnull=True)
        .values_list("educator_id", "programme_id")
        .distinct()
    )
    done = set(
        Credential.objects.filter(kind=Credential.Kind.PROGRAMME).values_list(
            "educator_id", "programme_id"
        )
    )
    for educator_id, programme_id in set(pairs) - done:
        if credential_issue_for_programme(
            educator_id=educator_id, programme_id=programme_id, memo=memo
        ):
            issued += 1
    return issued


@transaction.atomic
def credential_revoke(*, credential: Credential, by, reason: str, request=None) -> Credential:
    """Revoke with a reason; revoking a revoked credential changes nothing."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        return credential
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for revoking this credential."})
    credential.revoked_at = timezone.now()
    credential.revoked_by = by
    credential.revocation_reason = reason
    credential.full_clean(exclude=["stacked"])
    credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_log(action="credentials.revoked", actor=by, target=credential, request=request)
    return credential


@transaction.atomic
def credential_set_sharing(*, credential: Credential, enabled: bool, by, request=None):
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.sharing_enabled != enabled:
        credential.sharing_enabled = enabled
        credential.save(update_fields=["sharing_enabled"])
        audit_log(
            action="credentials.sharing_changed",
            actor=by,
            target=credential,
            request=request,
            sharing=enabled,
        )
    return credential
