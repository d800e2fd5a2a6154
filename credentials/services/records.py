"""A completed programme's Comprehensive Learner Record, issued and stored as a credential of
its own (kind ``learner_record``): a CLR 2.0 ClrCredential that embeds the programme's
micro-credential credentials as signed, with its own status-list entry.

- It is issued with its programme credential (``issue_learner_records``, from the issuing
  paths), and for any programme credential without one (``learner_records_issue_missing``:
  the sweep, the download and every ``migrate`` run it).
- It is revoked when its programme credential or a credential it embeds is revoked
  (``learner_records_revoke_for``, from ``credential_revoke``): the record as issued no
  longer holds, and a wallet's verifier checks only the record's own status. It is not
  re-issued: whether the programme credential still stands is the coordinator's decision.
"""

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_log
from credentials import clr, ob3
from credentials.models import Credential
from credentials.services._batch import (
    _Issuing,
    _issuing_lock,
    _new_credentials,
    _save_with_members,
)

KIND = Credential.Kind.LEARNER_RECORD
PROGRAMME_REVOKED = "Its program credential was revoked."


def _record(programme_credential: Credential, fields: dict) -> Credential:
    """The learner record's row: its id derives from the programme credential's (one record
    per programme credential), its dates and subject are the programme credential's."""
    return Credential(
        kind=KIND,
        educator=programme_credential.educator,
        programme=programme_credential.programme,
        record_of=programme_credential,
        uuid=uuid.uuid5(programme_credential.uuid, "clr"),
        subject_uuid=programme_credential.subject_uuid,
        valid_until=programme_credential.valid_until,
        **{**fields, "issued_at": programme_credential.issued_at},
    )


def issue_learner_records(*, stacks: list[tuple[Credential, list[Credential]]], issuing: _Issuing):
    """Sign and insert the learner record of each (programme credential, the credentials it
    stacks); the caller holds the issuing lock and has left out those that have one. A
    record whose programme credential or a member is already revoked is revoked at once.
    Skipped while a member is not yet re-signed (no document): issued once it is."""
    stacks = [(pc, members) for pc, members in stacks if pc.document and members]
    stacks = [(pc, members) for pc, members in stacks if all(m.document for m in members)]
    if not stacks:
        return []
    records = []
    for (pc, members), fields in zip(
        stacks, _new_credentials(issuing=issuing, count=len(stacks)), strict=True
    ):
        record = _record(pc, fields)
        document = clr.learner_record(
            pc, members=members, issuer=issuing.issuer, status=ob3.status_entry(record)
        )
        shape = ("learner_record", pc.programme_id, len(members))
        issuing.sign_and_clean(
            credential=record, document=document, shape=shape, schema=clr.schema_errors
        )
        records.append(record)
    _save_with_members(records, [members for _, members in stacks])
    for pc, members in stacks:
        withdrawn = pc if pc.revoked_at else next((m for m in members if m.revoked_at), None)
        if withdrawn is not None:
            learner_records_revoke_for(credential=withdrawn, by=None)
    return records


@transaction.atomic
def _issue_batch(*, ids: list[int], issuing: _Issuing) -> int:
    _issuing_lock()
    programme_credentials = list(
        Credential.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, kind=Credential.Kind.PROGRAMME, learner_record__isnull=True)
        .select_related("educator", "programme")
        .order_by("pk")
    )
    stacks = [(pc, clr.stacked_members(pc)) for pc in programme_credentials]
    return len(issue_learner_records(stacks=stacks, issuing=issuing))


def learner_records_issue_missing(*, ids=None, batch_size: int = 200, stdout=None) -> int:
    """Issue the learner record of every programme credential (of ``ids``, if given) that
    has none; returns how many. Idempotent, and on a database with no programme
    credential it reads one query and writes nothing."""
    pending = Credential.objects.filter(kind=Credential.Kind.PROGRAMME, learner_record__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    pending = list(pending.order_by("pk").values_list("pk", flat=True))
    if not pending:
        return 0
    issuing, issued = _Issuing(), 0
    for start in range(0, len(pending), batch_size):
        issued += _issue_batch(ids=pending[start : start + batch_size], issuing=issuing)
    if stdout is not None and issued:
        stdout.write(f"Learner records issued: {issued}")
    return issued


def learner_record_for(programme_credential: Credential) -> Credential | None:
    """The programme credential's stored learner record, issued now if it has none yet."""
    learner_records_issue_missing(ids=[programme_credential.pk])
    return Credential.objects.filter(record_of=programme_credential).first()


def learner_records_revoke_for(*, credential: Credential, by, request=None) -> list[Credential]:
    """Revoke the learner records that ``credential`` (revoked) is the programme credential
    of, or that embed it; the caller holds the transaction."""
    if credential.kind == KIND:
        return []
    ids = set(
        Credential.objects.filter(kind=KIND, revoked_at__isnull=True)
        .filter(Q(record_of=credential) | Q(stacked=credential))
        .values_list("pk", flat=True)
    )
    records = list(Credential.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if credential.kind == Credential.Kind.PROGRAMME:
        reason = PROGRAMME_REVOKED
    else:
        reason = f"A credential it holds was revoked: {credential.title}."
    for record in records:
        record.revoked_at = timezone.now()
        record.revoked_by = by if getattr(by, "pk", None) else None
        record.revocation_reason = reason
        record.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        audit_log(
            action="credentials.revoked",
            actor=by,
            target=record,
            request=request,
            because_of=credential.pk,
            actor_label="" if by else "system",
        )
    return records
