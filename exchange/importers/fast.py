"""Inserting many new rows, with their django-simple-history records where kept.

On PostgreSQL the rows go in with COPY (ids drawn from the table's sequence first, so
that history rows and dependent rows can point at them); elsewhere with bulk_create.
Either way the caller's transaction holds it all. Rows are dicts of attname → value;
columns they leave out get the field's default (or ``when`` for auto_now fields).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from simple_history.utils import bulk_create_with_history


def insert_rows(model, rows: list[dict], *, when: dt.datetime) -> list[int]:
    """Insert ``rows`` into ``model``'s table; return their new primary keys in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
        return [obj.pk for obj in objs]
    defaults = _defaults(model, set(rows[0]), when)
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(rows)],
        )
        ids = [value for (value,) in cursor.fetchall()]
    columns = [pk.column, *(_column(model, name) for name in rows[0]), *defaults]
    tail = tuple(defaults.values())
    values = ((i, *row.values(), *tail) for i, row in zip(ids, rows, strict=True))
    _copy(model._meta.db_table, columns, values)
    for row, i in zip(rows, ids, strict=True):
        row[pk.attname] = i
        row.update(defaults)
    return ids


def insert_with_history(model, rows: list[dict], *, by, reason: str, when: dt.datetime) -> None:
    """Insert ``rows`` and a '+' history record for each."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        bulk_create_with_history(
            [model(**row) for row in rows],
            model,
            batch_size=1000,
            default_user=by,
            default_change_reason=reason,
            default_date=when,
        )
        return
    insert_rows(model, rows, when=when)  # fills in each row's pk and defaults
    history = model.history.model
    stamp = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(by, "pk", None),
    }
    names = set(rows[0]) | set(stamp)
    fields = [f for f in history._meta.concrete_fields if f.attname in names]
    _copy(
        history._meta.db_table,
        [f.column for f in fields],
        (tuple({**row, **stamp}[f.attname] for f in fields) for row in rows),
    )


def _column(model, attname: str) -> str:
    return next(f.column for f in model._meta.concrete_fields if f.attname == attname)


def _defaults(model, given: set[str], when: dt.datetime) -> dict:
    """Values for the columns the caller left out: auto_now(_add) times or field defaults."""
    extra = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            extra[field.column] = when
        else:
            extra[field.column] = field.get_db_prep_save(field.get_default(), connection)
    return extra


def _copy(table: str, columns: list[str], rows) -> None:
    """COPY in PostgreSQL's text format, written in large blocks."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        block = []
        for row in rows:
            block.append("\t".join([_text(value) for value in row]))
            if len(block) >= 5000:
                copy.write("\n".join(block) + "\n")
                block = []
        if block:
            copy.write("\n".join(block) + "\n")


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
