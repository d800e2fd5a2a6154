"""PostgreSQL only: the imports' bulk reads and writes in their fast form.

Every PostgreSQL-only statement of the imports is here, and nothing here asks which
database it is on: ``exchange/importers/fast.py`` calls these functions when
``apl.db.is_postgresql()`` and its portable twins (the ORM, bulk_create) otherwise. The
statements are COPY (ids drawn from the table's sequence first, by ``apl.db.reserve_ids``,
so that history rows and dependent rows can point at them), staged temporary tables and
array parameters (``= ANY(%s)``). The caller's transaction holds it all. Rows are dicts
of attname → value; columns they leave out get the field's default (or ``when`` for
auto_now fields).

``copy_insert_with_history`` and ``copy_update_with_history`` take the rows already as
COPY text: they are staged in a temporary table and written, with their history
records, by one statement each, so that no row passes through Python twice.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import connection

from accounts.models import User
from apl.db import reserve_ids
from enrollment.models import EducatorProfile, Enrollment
from exchange.importers.base import NO_SCORE


def insert_rows(model, rows: list[dict], *, when: dt.datetime) -> list[int]:
    """Insert ``rows`` (not empty) by COPY; fill in and return their new primary keys."""
    defaults = _defaults(model, set(rows[0]), when)
    pk = model._meta.pk
    ids = reserve_ids(model, len(rows))
    columns = [pk.column, *(_column(model, name) for name in rows[0]), *defaults]
    tail = tuple(defaults.values())
    values = ((i, *row.values(), *tail) for i, row in zip(ids, rows, strict=True))
    _copy(model._meta.db_table, columns, values)
    for row, i in zip(rows, ids, strict=True):
        row[pk.attname] = i
        row.update(defaults)
    return ids


def insert_with_history(model, rows: list[dict], *, by, reason: str, when: dt.datetime) -> None:
    """Insert ``rows`` (not empty) and a '+' history record for each, both by COPY."""
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


# --- reads and writes of particular tables ---------------------------------------


def profiles_by_email(wanted: list[str]) -> dict[str, int]:
    """Educator profile ids by lowercased email: one query, the emails one array parameter."""
    quote = connection.ops.quote_name
    profile, user = EducatorProfile._meta, User._meta
    email = quote(user.get_field("email").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.{email}, p.{quote(profile.pk.column)} "  # noqa: S608 (model names)
            f"FROM {quote(profile.db_table)} p JOIN {quote(user.db_table)} u "
            f"ON u.{quote(user.pk.column)} = p.{quote(profile.get_field('user').column)} "
            f"WHERE u.{email} = ANY(%s)",
            [wanted],
        )
        return dict(cursor.fetchall())


def existing_enrollments(cohort_ids: list[int]) -> dict[tuple[int, int], tuple]:
    """(id, status, score, facilitator id) by (educator id, cohort id) in those cohorts:
    one query, no model layer (100,000 rows is common)."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, educator_id, cohort_id, status, score, facilitator_id "  # noqa: S608
            f"FROM {Enrollment._meta.db_table} WHERE cohort_id = ANY(%s)",
            [sorted(cohort_ids)],
        )
        for pk, educator_id, cohort_id, status, score, facilitator_id in cursor.fetchall():
            found[(educator_id, cohort_id)] = (pk, status, score, facilitator_id)
    return found


def insert_enrollments(rows: list, cohorts: dict, *, by, reason: str, now: dt.datetime) -> None:
    """New enrolments, unpaid, with their history, as COPY text."""
    texts: dict = {None: NULL, NO_SCORE: NULL}
    lines = []
    for row in rows:
        score_text = texts.get(row.score)
        if score_text is None:
            score_text = texts[row.score] = str(row.score)
        lines.append(
            f"{row.educator_id}\t{cohorts[row.cohort_key]}\t{row.status}\t{score_text}\t"
            f"{row.facilitator_id or NULL}\n"
        )
    copy_insert_with_history(
        Enrollment,
        ["educator_id", "cohort_id", "status", "score", "facilitator_id"],
        "".join(lines),
        constants={
            "payment_state": Enrollment.Payment.UNPAID.value,
            "enrolled_at": now,
            "updated_at": now,
        },
        by=by,
        reason=reason,
        when=now,
    )


def update_enrollments(updates: list, *, by, reason: str, now: dt.datetime) -> None:
    """Stored enrolments take a row's status, score and facilitator, with their history,
    as COPY text; a row without a score or a facilitator keeps what is stored."""
    lines = []
    for pk, row in updates:
        keep = row.score is NO_SCORE
        lines.append(
            f"{pk}\t{row.status}\t{NULL if keep or row.score is None else row.score}\t"
            f"{'t' if keep else 'f'}\t{row.facilitator_id or NULL}\n"
        )
    copy_update_with_history(
        Enrollment,
        staged={
            "id": "bigint",
            "status": "text",
            "score": "numeric",
            "keep_score": "boolean",
            "facilitator_id": "bigint",
        },
        data="".join(lines),
        assignments={
            "status": "s.status",
            "score": "CASE WHEN s.keep_score THEN t.score ELSE s.score END",
            "facilitator_id": "COALESCE(s.facilitator_id, t.facilitator_id)",
            "updated_at": "%(when)s",
        },
        by=by,
        reason=reason,
        when=now,
    )
