"""Inserting many new rows, with their django-simple-history records where kept.

On PostgreSQL the rows go in with COPY (ids drawn from the table's sequence first, so
that history rows and dependent rows can point at them); elsewhere with bulk_create.
Either way the caller's transaction holds it all. Rows are dicts of attname → value;
columns they leave out get the field's default (or ``when`` for auto_now fields).

``copy_insert_with_history`` and ``copy_update_with_history`` (PostgreSQL only) take
the rows already as COPY text: they are staged in a temporary table and written, with
their history records, by one statement each, so that no row passes through Python
twice.
"""

from __future__ import annotations

import datetime as dt
import secrets

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


NULL = "\\N"  # COPY text format's NULL


def copy_insert_with_history(
    model,
    columns: list[str],
    data: str,
    *,
    constants: dict,
    by,
    reason: str,
    when: dt.datetime,
) -> None:
    """Insert rows given as COPY text of ``columns`` (attnames), with a '+' history each.

    ``constants`` (attname → value) fill the same value into every row; other columns
    get their field's default. PostgreSQL only; the caller's transaction holds it all.
    """
    if not data:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    cols = [quote(_column(model, name)) for name in columns]
    fixed = {_column(model, name): value for name, value in constants.items()}
    fixed.update(_defaults(model, set(columns) | set(constants), when))
    stage = _stage_name()
    params = {f"c{i}": value for i, value in enumerate(fixed.values())}
    into = [*cols, *(quote(c) for c in fixed)]
    select = [*(f"s.{c}" for c in cols), *(f"%({key})s" for key in params)]
    history_cols, history_values = _history_select(model, params, by, reason, when, "+")
    with connection.cursor() as cursor:
        # every name in these statements is the model's own, quoted; values are parameters
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {', '.join(cols)} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {stage} ({', '.join(cols)}) FROM STDIN") as copy:
            copy.write(data)
        cursor.execute(
            f"WITH ins AS (INSERT INTO {table} ({', '.join(into)}) "  # noqa: S608
            f"SELECT {', '.join(select)} FROM {stage} AS s RETURNING *) "
            f"INSERT INTO {quote(model.history.model._meta.db_table)} "
            f"({', '.join(history_cols)}) SELECT {', '.join(history_values)} FROM ins",
            params,
        )
        cursor.execute(f"DROP TABLE {stage}")


def copy_update_with_history(
    model,
    *,
    staged: dict[str, str],
    data: str,
    assignments: dict[str, str],
    by,
    reason: str,
    when: dt.datetime,
) -> None:
    """Update rows by primary key from COPY text, with a '~' history record each.

    ``staged`` names the text's columns and their SQL types (the first is the primary
    key); ``assignments`` maps a column to its new value, an SQL expression over the
    staged row ``s`` and the stored row ``t`` (``%(when)s`` is the time of the change).
    PostgreSQL only.
    """
    if not data:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    stage = _stage_name()
    key = next(iter(staged))
    params = {"when": when}
    history_cols, history_values = _history_select(model, params, by, reason, when, "~")
    sets = ", ".join(f"{quote(column)} = {expr}" for column, expr in assignments.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} "
            f"({', '.join(f'{quote(n)} {t}' for n, t in staged.items())}) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY {stage} FROM STDIN") as copy:
            copy.write(data)
        cursor.execute(f"ANALYZE {stage}")
        cursor.execute(
            f"WITH ins AS (UPDATE {table} AS t SET {sets} FROM {stage} AS s "  # noqa: S608
            f"WHERE t.{quote(model._meta.pk.column)} = s.{quote(key)} RETURNING t.*) "
            f"INSERT INTO {quote(model.history.model._meta.db_table)} "
            f"({', '.join(history_cols)}) SELECT {', '.join(history_values)} FROM ins",
            params,
        )
        cursor.execute(f"DROP TABLE {stage}")


def _stage_name() -> str:
    return f"import_stage_{secrets.token_hex(6)}"


def _history_select(model, params: dict, by, reason: str, when, kind: str):
    """History columns and the values for each, read from ``ins`` (the written rows)."""
    quote = connection.ops.quote_name
    history = model.history.model
    columns = {f.column for f in model._meta.concrete_fields}
    params.update(h_date=when, h_reason=reason, h_type=kind, h_user=getattr(by, "pk", None))
    stamps = {
        "history_date": "%(h_date)s",
        "history_change_reason": "%(h_reason)s",
        "history_type": "%(h_type)s",
        "history_user_id": "%(h_user)s",
    }
    names, values = [], []
    for field in history._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(quote(field.column))
        if field.attname in stamps:
            values.append(stamps[field.attname])
        elif field.column in columns:
            values.append(f"ins.{quote(field.column)}")
        else:  # a history field this module does not know how to fill
            raise ValueError(f"{history.__name__}.{field.attname} has no value")
    return names, values


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
