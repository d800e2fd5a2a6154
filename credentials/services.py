"""Every write of the credentials app: issuing, revoking, sharing, key rotation."""

import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, prefetch_related_objects
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_log
from audit.services import logger as audit_logger
from catalogue.models import Programme
from credentials import ob3
from credentials.models import Credential, Issuer, SigningKey, StatusList
from credentials.signing import generate_keypair, new_kid, signer_for
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


def _status_slots(*, issuer: Issuer, count: int) -> list[tuple[StatusList, int]]:
    """``count`` free bits of the newest status list, going on in a new list when it is
    full; the list row stays locked until the transaction ends (two queries a list)."""
    slots: list[tuple[StatusList, int]] = []
    newest = StatusList.objects.select_for_update().filter(issuer=issuer).order_by("-pk")
    while len(slots) < count:
        status_list = newest.first()
        if status_list is None or status_list.next_index >= status_list.size:
            Issuer.objects.select_for_update().get(pk=issuer.pk)  # one new list at a time
            status_list = newest.first()
        if status_list is None or status_list.next_index >= status_list.size:
            number = StatusList.objects.filter(issuer=issuer).count() + 1
            status_list = StatusList.objects.create(issuer=issuer, slug=f"revocation-{number}")
        start = status_list.next_index
        taken = min(count - len(slots), status_list.size - start)
        slots.extend((status_list, index) for index in range(start, start + taken))
        status_list.next_index = start + taken
        status_list.save(update_fields=["next_index"])
    return slots


def _credential_ids(count: int) -> list[int]:
    """Primary keys for ``count`` new credentials, drawn before they are built because each
    credential names its own evidence URL. PostgreSQL: from the id sequence. SQLite: past
    the highest id ever used; the caller has already written (the status list), so it
    holds the database's write lock and nobody else can insert meanwhile."""
    table = Credential._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT MAX(id) FROM "{table}"')  # noqa: S608 (the model's own table)
        tops = [cursor.fetchone()[0] or 0]
        if connection.vendor == "sqlite":  # AUTOINCREMENT: never reuse a deleted row's id
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            tops += [row[0] or 0 for row in cursor.fetchall()]
        top = max(tops)
    return list(range(top + 1, top + 1 + count))


class _Issuing:
    """What every credential of one run shares: the issuer, its active key (decrypted
    once), each cohort's Achievement, and which document shapes were already checked
    against the Open Badges schema."""

    def __init__(self):
        self.issuer = issuer_get()
        self.key = signing_key_active(issuer=self.issuer)
        self.sign = signer_for(self.key)
        self.achievements: dict[int, dict] = {}  # cohort id → Achievement
        self._built: dict[tuple, dict] = {}  # (micro-credential id, rubric id) → Achievement
        self._checked: set = set()

    def achievement(self, cohort) -> dict:
        return self.achievements[cohort.pk]

    def load_achievements(self, cohorts) -> None:
        """The Achievements of cohorts not seen yet: a fixed number of queries."""
        new = {c.pk: c for c in cohorts if c.pk not in self.achievements}
        if not new:
            return
        rubrics = ob3.rubrics_for_cohorts(new.values())
        micro_credentials = {c.micro_credential_id: c.micro_credential for c in new.values()}
        prefetch_related_objects(list(micro_credentials.values()), "domains")
        for cohort_id, cohort in new.items():
            rubric = rubrics.get(cohort_id)
            key = (cohort.micro_credential_id, rubric.pk if rubric else None)
            if key not in self._built:
                mc = micro_credentials[cohort.micro_credential_id]
                self._built[key] = ob3.achievement_for(mc, rubric)
            self.achievements[cohort_id] = self._built[key]

    def sign_and_clean(self, *, credential: Credential, document: dict, shape) -> None:
        """Sign ``document`` into ``credential.jws`` and validate the row's own fields.

        The document is checked against the Open Badges 3.0 schema once per shape and run:
        documents of one shape come from the same builders and the same Achievement and
        differ only in generated values (ids, dates, salts, hashes), while a schema check
        costs more than everything else together."""
        if shape not in self._checked:
            errors = ob3.schema_errors(document)
            if errors:
                raise ValidationError(f"The credential breaks the Open Badges 3.0 schema: {errors}")
            self._checked.add(shape)
        credential.jws = self.sign(ob3.jwt_payload(document))
        # Uniqueness, constraints and foreign keys are held by the database.
        credential.full_clean(
            exclude=["stacked", *_FOREIGN_KEYS], validate_unique=False, validate_constraints=False
        )


_FOREIGN_KEYS = [
    "educator",
    "enrollment",
    "micro_credential",
    "programme",
    "signing_key",
    "status_list",
]


def _new_credentials(*, issuing: _Issuing, count: int) -> list[dict]:
    """Fields every new credential of a batch gets: id, key, status bit, issue time."""
    slots = _status_slots(issuer=issuing.issuer, count=count)
    ids = _credential_ids(count)  # after the status list write: see _credential_ids
    now = timezone.now()
    return [
        {
            "pk": pk,
            "issued_at": now,
            "signing_key": issuing.key,
            "status_list": status_list,
            "status_index": index,
        }
        for pk, (status_list, index) in zip(ids, slots, strict=True)
    ]


def _subject(credential: Credential, achievement: dict) -> dict:
    user = credential.educator.user
    return ob3.subject(
        credential=credential,
        email=user.email,
        name=user.get_full_name() or user.email,
        salt=secrets.token_hex(16),
        achievement=achievement,
    )


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


def micro_credential_document(*, credential: Credential, issuing: _Issuing) -> dict:
    """The OpenBadgeCredential of a passed enrolment."""
    enrollment = credential.enrollment
    mc = enrollment.cohort.micro_credential
    return ob3.credential_document(
        credential=credential,
        issuer=issuing.issuer,
        subject_doc=_subject(credential, issuing.achievement(enrollment.cohort)),
        evidence=_evidence(credential, enrollment),
        name=f"{mc.name} micro-credential",
        description=f"Awarded for passing the {mc.name} micro-credential.",
    )


def programme_document(*, credential: Credential, stack: list, issuing: _Issuing) -> dict:
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
        name=f"{programme.name} Micro-Credentials programme",
        description=f"Awarded for completing the {programme.name} programme.",
    )


def _audit_issued(credentials: list[Credential]) -> None:
    """One ``credentials.issued`` audit event per credential (what ``audit_log`` records
    for the system), written together."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="credentials.issued",
            actor_label="system",
            target_type=Credential._meta.label_lower,
            target_id=str(c.pk),
            detail={},
        )
        for c in credentials
    )
    audit_logger.info(
        "audit action=credentials.issued actor=system target=%s:%s ip=-",
        Credential._meta.label_lower,
        ",".join(str(c.pk) for c in credentials[:20]) + ("…" if len(credentials) > 20 else ""),
    )


def _issue_for_enrollments(*, enrollments: list[Enrollment], issuing: _Issuing) -> list:
    """Sign and insert the credentials of passed enrolments that have none (the caller
    holds their rows locked and has filtered out those that already have one)."""
    if not enrollments:
        return []
    issuing.load_achievements([e.cohort for e in enrollments])
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
        document = micro_credential_document(credential=credential, issuing=issuing)
        shape = ("micro_credential", id(issuing.achievement(enrollment.cohort)))
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
    """Issue the programme credential of each (educator id, programme id) whose educator
    holds ``required_count`` distinct micro-credentials of it and has none yet. The caller
    holds the educators' rows locked."""
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
    complete = [
        (pair, stack)
        for pair, stack in sorted(_stacks(pairs - done).items())
        if len(stack) >= programmes[pair[1]].required_count
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
        document = programme_document(credential=credential, stack=stack, issuing=issuing)
        shape = ("programme", programme_id, len(stack))
        issuing.sign_and_clean(credential=credential, document=document, shape=shape)
        credentials.append(credential)
    Credential.objects.bulk_create(credentials)
    Stacked = Credential.stacked.through  # noqa: N806
    Stacked.objects.bulk_create(
        Stacked(from_credential_id=credential.pk, to_credential_id=member.pk)
        for credential, (_, stack) in zip(credentials, complete, strict=True)
        for member in stack
    )
    _audit_issued(credentials)
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
    """Issue the programme credential once the educator holds ``required_count`` distinct
    micro-credential credentials of the programme (not revoked); the existing one if any."""
    _issuing_lock()
    return _programme_for(educator_id=educator_id, programme_id=programme_id, issuing=None)


def _issuing_lock() -> None:
    """Every issuing transaction takes the issuer row first, so issuing is serialised.

    Without it a pass issued during a sweep can deadlock with it: inserting a credential
    takes key-share locks on the enrolment and educator rows it points at, in an order
    the two paths do not share. Issuing a batch takes milliseconds, so waiting is cheap.
    """
    Issuer.objects.select_for_update().filter(pk=issuer_get().pk).exists()


def _lock_educators(ids) -> None:
    list(
        EducatorProfile.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


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
    """(educator id, programme id) pairs that hold enough distinct micro-credentials and
    no programme credential yet: two grouped queries."""
    required = dict(Programme.objects.values_list("pk", "required_count"))
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
        if row["distinct"] >= required[row["programme_id"]]
        and (row["educator_id"], row["programme_id"]) not in done
    )


def credentials_issue_missing(*, batch_size: int = 500, stdout=None) -> int:
    """Issue for every passed enrolment without a credential, then for every completed
    programme without one; returns how many were issued. Idempotent (a second run issues
    nothing) and safe alongside the per-pass task: each batch locks its enrolments (or
    educators) and skips what was issued meanwhile; the database holds one credential per
    enrolment and per completed programme. Each batch of ``batch_size`` is one transaction,
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
        _say(stdout, f"Credentials issued: {issued} of {len(pending)} passed enrolments")
    pairs = _completed_programmes_without_credential()
    if pairs:
        issuing = issuing or _Issuing()
        programmes = 0
        for chunk in _batches(pairs, batch_size):
            programmes += _issue_programme_batch(pairs=chunk, issuing=issuing)
        _say(stdout, f"Programme credentials issued: {programmes}")
        issued += programmes
    if issued:
        logger.info("issued %s credentials", issued)
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
