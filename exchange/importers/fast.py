"""The imports' bulk reads and writes, on any database.

Each function has a portable path (the ORM, bulk_create) and, on PostgreSQL, a faster
one in ``exchange/importers/postgres.py`` (COPY, staged temporary tables, array
parameters). Either way the caller's transaction holds it all. Rows are dicts of
attname → value; columns they leave out get the field's default (or ``when`` for
auto_now fields).
"""

from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apl.db import is_postgresql
from enrollment.models import EducatorProfile, Enrollment
from exchange.importers import postgres
from exchange.importers.base import NO_SCORE, chunks


def insert_rows(model, rows: list[dict], *, when: dt.datetime) -> list[int]:
    """Insert ``rows`` into ``model``'s table; return their new primary keys in order."""
    if not rows:
        return []
    if is_postgresql():
        return postgres.insert_rows(model, rows, when=when)
    objs = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
    return [obj.pk for obj in objs]


def insert_with_history(model, rows: list[dict], *, by, reason: str, when: dt.datetime) -> None:
    """Insert ``rows`` and a '+' history record for each."""
    if not rows:
        return
    if is_postgresql():
        postgres.insert_with_history(model, rows, by=by, reason=reason, when=when)
        return
    bulk_create_with_history(
        [model(**row) for row in rows],
        model,
        batch_size=1000,
        default_user=by,
        default_change_reason=reason,
        default_date=when,
    )


def profiles_by_email(emails: list[str]) -> dict[str, int]:
    """Educator profile ids by lowercased email, for the emails given."""
    wanted = sorted(set(emails))
    if not wanted:
        return {}
    if is_postgresql():
        return postgres.profiles_by_email(wanted)
    found: dict[str, int] = {}
    for chunk in chunks(wanted):
        found.update(
            EducatorProfile.objects.filter(user__email__in=chunk).values_list("user__email", "id")
        )
    return found


def existing_enrollments(cohort_ids: list[int]) -> dict[tuple[int, int], tuple]:
    """(id, status, score, facilitator id) by (educator id, cohort id) in those cohorts."""
    if not cohort_ids:
        return {}
    if is_postgresql():
        return postgres.existing_enrollments(cohort_ids)
    found = {}
    for chunk in chunks(cohort_ids):
        for pk, educator_id, cohort_id, status, score, facilitator_id in Enrollment.objects.filter(
            cohort_id__in=chunk
        ).values_list("id", "educator_id", "cohort_id", "status", "score", "facilitator_id"):
            found[(educator_id, cohort_id)] = (pk, status, score, facilitator_id)
    return found


def insert_enrollments(rows: list, cohorts: dict, *, by, reason: str, now: dt.datetime) -> None:
    """New enrolments, unpaid, with their history; ``rows`` name their cohort by its key."""
    if is_postgresql():
        postgres.insert_enrollments(rows, cohorts, by=by, reason=reason, now=now)
        return
    values = [
        {
            "educator_id": row.educator_id,
            "cohort_id": cohorts[row.cohort_key],
            "status": row.status,
            "score": None if row.score is NO_SCORE else row.score,
            "facilitator_id": row.facilitator_id,
            "payment_state": Enrollment.Payment.UNPAID.value,
            "enrolled_at": now,
            "updated_at": now,
        }
        for row in rows
    ]
    insert_with_history(Enrollment, values, by=by, reason=reason, when=now)


def update_enrollments(updates: list, *, by, reason: str, now: dt.datetime) -> None:
    """Stored enrolments take a row's status, score and facilitator, with their history.

    ``updates`` are (enrolment id, row) pairs. A row without a score (``NO_SCORE``) or
    without a facilitator keeps what is stored.
    """
    if not updates:
        return
    if is_postgresql():
        postgres.update_enrollments(updates, by=by, reason=reason, now=now)
        return
    wanted = dict(updates)
    enrollments = []
    for chunk in chunks(list(wanted)):
        enrollments += Enrollment.objects.filter(pk__in=chunk)
    for enrollment in enrollments:
        row = wanted[enrollment.pk]
        enrollment.status = row.status
        if row.score is not NO_SCORE:
            enrollment.score = row.score
        if row.facilitator_id:
            enrollment.facilitator_id = row.facilitator_id
        enrollment.updated_at = now
    bulk_update_with_history(
        enrollments,
        Enrollment,
        ["status", "score", "facilitator", "updated_at"],
        batch_size=1000,
        default_user=by,
        default_change_reason=reason,
        default_date=now,
    )
