"""What every issuing path shares (private to the services package): the run's issuer and
key, status-list bits, primary keys drawn ahead, the audit record and the issuing locks."""

import secrets

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone

from apl.db import reserve_ids
from apl.locks import lock_objects
from audit.models import AuditEvent
from audit.services import logger as audit_logger
from credentials import ob3, proofs
from credentials.did import method_id
from credentials.models import Credential, Issuer, SigningKey, StatusList
from credentials.services.keys import issuer_get, signing_key_active
from credentials.signing import ed25519_private_key, jwt_signer_for
from enrollment.models import EducatorProfile


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
    return reserve_ids(Credential, count)


class _Issuing:
    """What every credential of one run shares: the issuer, its active keys (decrypted
    once: Ed25519 for the Data Integrity proof, P-256 for the VC-JWT), each cohort's
    Achievement, and which document shapes were already checked against the Open Badges
    schema and for undefined JSON-LD terms."""

    def __init__(self):
        self.issuer = issuer_get()
        active = {  # both keys in one query; each created on first use
            key.algorithm: key
            for key in SigningKey.objects.filter(issuer=self.issuer, retired_at__isnull=True)
        }
        p256 = SigningKey.Algorithm.P256
        self.key = active.get("Ed25519") or signing_key_active(issuer=self.issuer)
        jwt_key = active.get(p256) or signing_key_active(issuer=self.issuer, algorithm=p256)
        self.private_key = ed25519_private_key(self.key)
        self.method = method_id(self.key.kid)
        self.sign_jwt = jwt_signer_for(jwt_key)
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

    def sign_and_clean(self, *, credential: Credential, document: dict, shape, schema=None) -> None:
        """Sign ``document`` into ``credential.document`` (Data Integrity proof, the main
        form) and ``credential.jws`` (VC-JWT), and validate the row's own fields.

        The document is checked against the Open Badges 3.0 schema and for undefined
        JSON-LD terms once per shape and run: documents of one shape come from the same
        builders and the same Achievement and differ only in generated values (ids,
        dates, salts, hashes), while those checks cost more than everything else.
        ``schema``: the check of the document's own schema (Open Badges 3.0 unless said)."""
        first = shape not in self._checked
        if first:
            errors = (schema or ob3.schema_errors)(document)
            if errors:
                raise ValidationError(f"The credential breaks its JSON schema: {errors}")
        try:
            credential.document = proofs.sign_with(
                document,
                private_key=self.private_key,
                verification_method=self.method,
                created=credential.issued_at,
                check_terms=first,
            )
        except proofs.UnsafeDocument as exc:
            raise ValidationError(str(exc)) from exc
        self._checked.add(shape)
        credential.jws = self.sign_jwt(ob3.jwt_payload(document))
        # Uniqueness, constraints and foreign keys are held by the database.
        credential.full_clean(
            exclude=["stacked", *_FOREIGN_KEYS], validate_unique=False, validate_constraints=False
        )


_FOREIGN_KEYS = [
    "educator",
    "enrollment",
    "micro_credential",
    "programme",
    "record_of",
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


def _save_with_members(credentials: list[Credential], members: list[list[Credential]]) -> None:
    """Save new credentials that stack others (``members[i]`` are ``credentials[i]``'s),
    link them, and audit the issue: three statements for any number."""
    Credential.objects.bulk_create(credentials)
    Stacked = Credential.stacked.through  # noqa: N806
    Stacked.objects.bulk_create(
        Stacked(from_credential_id=credential.pk, to_credential_id=member.pk)
        for credential, its_members in zip(credentials, members, strict=True)
        for member in its_members
    )
    _audit_issued(credentials)


def _issuing_lock() -> None:
    """Every issuing transaction takes the issuer row first, so issuing is serialised.

    Without it a pass issued during a sweep can deadlock with it: inserting a credential
    takes key-share locks on the enrolment and educator rows it points at, in an order
    the two paths do not share. Issuing a batch takes milliseconds, so waiting is cheap.
    """
    Issuer.objects.select_for_update().filter(pk=issuer_get().pk).exists()


def _lock_educators(ids) -> None:
    lock_objects(EducatorProfile.objects.only("pk"), ids)
