"""Inserting many new rows together with their django-simple-history records.

On PostgreSQL the rows go in with COPY (ids drawn from the table's sequence first, so
that the history rows can point at them); elsewhere with bulk_create. Either way the
caller's transaction holds it all.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from simple_history.utils import bulk_create_with_history


def insert_with_history(model, rows: list[dict], *, by, reason: str, when: dt.datetime) -> None:
    """Insert ``rows`` (dicts of attname → value) and a '+' history record for each."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_with_history(model, rows, by=by, reason=reason, when=when)
    else:
        bulk_create_with_history(
            [model(**row) for row in rows],
            model,
            batch_size=1000,
            default_user=by,
            default_change_reason=reason,
            default_date=when,
        )


def _defaults(model, given: set[str], when: dt.datetime) -> dict:
    """Values for the columns the caller left out: auto_now(_add) times or field defaults."""
    extra = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            extra[field.attname] = when
        else:
            extra[field.attname] = field.get_db_prep_save(field.get_default(), connection)
    return extra


def _copy_with_history(model, rows: list[dict], *, by, reason: str, when: dt.datetime) -> None:
    table = model._meta.db_table
    pk = model._meta.pk
    defaults = _defaults(model, set(rows[0]), when)
    columns = [pk.attname, *rows[0], *defaults]
    history = model.history.model
    stamp = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(by, "pk", None),
    }
    history_columns = [
        f.attname for f in history._meta.concrete_fields if f.attname in set(columns) | set(stamp)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(rows)],
        )
        ids = [value for (value,) in cursor.fetchall()]
        raw = cursor.cursor
        column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
        history_sql = ", ".join(connection.ops.quote_name(c) for c in history_columns)
        tail = tuple(defaults.values())
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({column_sql}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row((pk_value, *row.values(), *tail))
        history_table = connection.ops.quote_name(history._meta.db_table)
        with raw.copy(f"COPY {history_table} ({history_sql}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                full = {pk.attname: pk_value, **row, **defaults, **stamp}
                copy.write_row(tuple(full[c] for c in history_columns))
