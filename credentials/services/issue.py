"""Issuing the credentials of passed enrolments and completed programmes: one at a time
after a pass, or in batches by the sweep that catches any missed."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Count

from catalogue.models import Programme
from catalogue.stacks import stack_progress
from credentials import ob3
from credentials.models import Credential
from credentials.services._batch import (
    _audit_issued,
    _Issuing,
    _issuing_lock,
    _lock_educators,
    _new_credentials,
    _save_with_members,
    _subject,
)
from credentials.services.records import issue_learner_records, learner_records_issue_missing
from enrollment.models import EducatorProfile, Enrollment
from enrollment.stacks import programme_definitions

logger = logging.getLogger(__name__)


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


def _micro_credential_document(*, credential: Credential, issuing: _Issuing, mastery) -> dict:
    """The OpenBadgeCredential of a passed enrolment, with its results (``mastery``: the
    passing grade's levels, None for an imported pass)."""
    enrollment = credential.enrollment
    mc = enrollment.cohort.micro_credential
    achievement = issuing.achievement(enrollment.cohort)
    subject_doc = _subject(credential, achievement)
    found = ob3.results(achievement=achievement, mastery=mastery, score=enrollment.score)
    if found:
        subject_doc["result"] = found
    return ob3.credential_document(
        credential=credential,
        issuer=issuing.issuer,
        subject_doc=subject_doc,
        evidence=_evidence(credential, enrollment),
        name=f"{mc.name} micro-credential",
        description=f"Awarded for passing the {mc.name} micro-credential.",
    )


def _programme_document(*, credential: Credential, stack: list, issuing: _Issuing) -> dict:
    """The OpenBadgeCredential of a completed programme, stacking its micro-credentials."""
    programme = credential.programme
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
    return ob3.credential_document(
        credential=credential,
        issuer=issuing.issuer,
        subject_doc=_subject(credential, achievement),
        evidence=evidence,
        name=f"{programme.name} Micro-Credentials program",
        description=f"Awarded for completing the {programme.name} program.",
    )


def _issue_for_enrollments(*, enrollments: list[Enrollment], issuing: _Issuing) -> list:
    """Sign and insert the credentials of passed enrolments that have none (the caller
    holds their rows locked and has filtered out those that already have one)."""
    if not enrollments:
        return []
    issuing.load_achievements([e.cohort for e in enrollments])
    mastery = ob3.mastery_for([e.pk for e in enrollments])
    credentials = []
    for enrollment, fields in zip(
        enrollments, _new_credentials(issuing=issuing, count=len(enrollments)), strict=True
    ):
        mc = enrollment.cohort.micro_credential
        credential = Credential(
            kind=Credential.Kind.MICRO_CREDENTIAL,
            educator=enrollment.educator,
            enrollment=enrollment,
            micro_credential=mc,
            programme=mc.programme,
            **fields,
        )
        document = _micro_credential_document(
            credential=credential, issuing=issuing, mastery=mastery.get(enrollment.pk)
        )
        results = document["credentialSubject"].get("result", [])
        shape = ("micro_credential", id(issuing.achievement(enrollment.cohort)), len(results))
        issuing.sign_and_clean(credential=credential, document=document, shape=shape)
        credentials.append(credential)
    Credential.objects.bulk_create(credentials)
    _audit_issued(credentials)
    return credentials


def _stacks(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], list[Credential]]:
    """(educator id, programme id) → the distinct micro-credentials' credentials (not
    revoked) in catalogue order, the earliest of each: one query."""
    stacks: dict[tuple[int, int], list[Credential]] = {pair: [] for pair in pairs}
    seen: set[tuple[int, int, int]] = set()
    for credential in (
        Credential.objects.filter(
            educator_id__in={e for e, _ in pairs},
            programme_id__in={p for _, p in pairs},
            kind=Credential.Kind.MICRO_CREDENTIAL,
            revoked_at__isnull=True,
        )
        .select_related("micro_credential")
        .order_by("micro_credential__position", "issued_at", "pk")
    ):
        pair = (credential.educator_id, credential.programme_id)
        if pair in stacks and (*pair, credential.micro_credential_id) not in seen:
            seen.add((*pair, credential.micro_credential_id))
            stacks[pair].append(credential)
    return stacks


def _issue_for_programmes(*, pairs: set[tuple[int, int]], issuing: _Issuing) -> list:
    """Issue the programme credential of each (educator id, programme id) whose educator's
    micro-credential credentials complete the programme's stack (its rule: electives in
    their slots, not a count) and who has none yet. The caller holds the educators' rows
    locked."""
    if not pairs:
        return []
    done = set(
        Credential.objects.filter(
            kind=Credential.Kind.PROGRAMME,
            educator_id__in={e for e, _ in pairs},
            programme_id__in={p for _, p in pairs},
        ).values_list("educator_id", "programme_id")
    )
    programmes = Programme.objects.in_bulk({p for _, p in pairs})
    educators = EducatorProfile.objects.select_related("user").in_bulk({e for e, _ in pairs})
    definitions = programme_definitions()
    complete = [
        (pair, stack)
        for pair, stack in sorted(_stacks(pairs - done).items())
        if stack_progress(definitions[pair[1]], {c.micro_credential.code for c in stack}).complete
    ]
    if not complete:
        return []
    credentials = []
    for ((educator_id, programme_id), stack), fields in zip(
        complete, _new_credentials(issuing=issuing, count=len(complete)), strict=True
    ):
        credential = Credential(
            kind=Credential.Kind.PROGRAMME,
            educator=educators[educator_id],
            programme=programmes[programme_id],
            **fields,
        )
        document = _programme_document(credential=credential, stack=stack, issuing=issuing)
        shape = ("programme", programme_id, len(stack))
        issuing.sign_and_clean(credential=credential, document=document, shape=shape)
        credentials.append(credential)
    _save_with_members(credentials, [stack for _, stack in complete])
    issue_learner_records(
        stacks=[(c, stack) for c, (_, stack) in zip(credentials, complete, strict=True)],
        issuing=issuing,
    )
    return credentials


@transaction.atomic
def credential_issue_for_enrollment(*, enrollment_id: int) -> Credential | None:
    """Issue the credential of a passed enrolment (and its programme's, once complete);
    the existing one if already issued."""
    _issuing_lock()
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("cohort__micro_credential__programme", "educator__user")
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is None or enrollment.status != Enrollment.Status.PASSED:
        return None
    existing = Credential.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    # Locks in the sweep's order (enrolment or educator, then the status list last), so
    # that a pass issued during a sweep cannot deadlock with it.
    _lock_educators([enrollment.educator_id])
    issuing = _Issuing()
    try:
        with transaction.atomic():
            (credential,) = _issue_for_enrollments(enrollments=[enrollment], issuing=issuing)
    except IntegrityError:  # issued meanwhile by another worker: one credential per enrolment
        return Credential.objects.get(enrollment=enrollment)
    _programme_for(
        educator_id=enrollment.educator_id, programme_id=credential.programme_id, issuing=issuing
    )
    return credential


@transaction.atomic
def credential_issue_for_programme(*, educator_id: int, programme_id: int) -> Credential | None:
    """Issue the programme credential once the educator's micro-credential credentials of
    the programme (not revoked) complete its stack; the existing one if any."""
    _issuing_lock()
    return _programme_for(educator_id=educator_id, programme_id=programme_id, issuing=None)


def _programme_for(*, educator_id: int, programme_id: int, issuing) -> Credential | None:
    _lock_educators([educator_id])
    lookup = {"educator_id": educator_id, "programme_id": programme_id, "kind": "programme"}
    existing = Credential.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            issued = _issue_for_programmes(
                pairs={(educator_id, programme_id)}, issuing=issuing or _Issuing()
            )
    except IntegrityError:  # issued meanwhile by another worker
        return Credential.objects.get(**lookup)
    return issued[0] if issued else None


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def _issue_enrollment_batch(*, ids: list[int], issuing: _Issuing) -> int:
    _issuing_lock()
    enrollments = list(
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("cohort__micro_credential__programme", "educator__user")
        .filter(pk__in=ids, status=Enrollment.Status.PASSED)
        .order_by("pk")
    )
    # Rows now locked: whatever another worker issued for them is committed and visible.
    issued = set(
        Credential.objects.filter(enrollment_id__in=ids).values_list("enrollment_id", flat=True)
    )
    fresh = [e for e in enrollments if e.pk not in issued]
    return len(_issue_for_enrollments(enrollments=fresh, issuing=issuing))


@transaction.atomic
def _issue_programme_batch(*, pairs: list[tuple[int, int]], issuing: _Issuing) -> int:
    _lock_educators({e for e, _ in pairs})
    return len(_issue_for_programmes(pairs=set(pairs), issuing=issuing))


def _completed_programmes_without_credential() -> list[tuple[int, int]]:
    """(educator id, programme id) pairs that hold at least as many distinct
    micro-credentials as the programme requires and no programme credential yet: two
    grouped queries and the stacks'. A count is only a first sieve (the stack's target);
    issuing checks the stack's rule."""
    required = {pk: d.target for pk, d in programme_definitions().items()}
    held = (
        Credential.objects.filter(kind=Credential.Kind.MICRO_CREDENTIAL, revoked_at__isnull=True)
        .values("educator_id", "programme_id")
        .annotate(distinct=Count("micro_credential_id", distinct=True))
        .order_by()
    )
    done = set(
        Credential.objects.filter(kind=Credential.Kind.PROGRAMME).values_list(
            "educator_id", "programme_id"
        )
    )
    return sorted(
        (row["educator_id"], row["programme_id"])
        for row in held
        if row["programme_id"] in required
        and row["distinct"] >= required[row["programme_id"]]
        and (row["educator_id"], row["programme_id"]) not in done
    )


def credentials_issue_missing(*, batch_size: int = 500, stdout=None) -> int:
    """Issue for every passed enrolment without a credential, then for every completed
    programme without one; returns how many were issued. Idempotent (a second run issues
    nothing) and safe alongside the per-pass task: each batch locks its enrolments (or
    educators) and skips what was issued meanwhile; the database holds one credential per
    enrolment and per completed programme. Learner records missing are issued too (not
    counted). Each batch of ``batch_size`` is one transaction,
    with a fixed number of queries whatever its size."""
    pending = list(
        Enrollment.objects.filter(status=Enrollment.Status.PASSED, credential__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    issued = 0
    issuing = _Issuing() if pending else None
    for ids in _batches(pending, batch_size):
        issued += _issue_enrollment_batch(ids=ids, issuing=issuing)
        _say(stdout, f"Credentials issued: {issued} of {len(pending)} passed enrollments")
    pairs = _completed_programmes_without_credential()
    if pairs:
        issuing = issuing or _Issuing()
        programmes = 0
        for chunk in _batches(pairs, batch_size):
            programmes += _issue_programme_batch(pairs=chunk, issuing=issuing)
        _say(stdout, f"Program credentials issued: {programmes}")
        issued += programmes
    learner_records_issue_missing(stdout=stdout)  # programme credentials issued before them
    if issued:
        logger.info("issued %s credentials", issued)
    return issued
