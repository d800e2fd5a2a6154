"""The project's one database-vendor test, and its vendor-specific statements beside
their portable twins.

PostgreSQL is production; SQLite is the default for development and tests. Where the
two differ (sequences, bitwise aggregates, per-transaction settings, advisory locks),
the difference is written here, once, and the apps call these functions; an app that
needs a path of its own asks ``is_postgresql()``, never ``connection.vendor``. The only
other PostgreSQL-only statements are the imports' COPY paths, in
``exchange/importers/postgres.py``, which run only on PostgreSQL and never ask.
tests/apl/test_vendor_paths.py holds both rules.
"""

import contextlib

from django.db import connection, transaction


def is_postgresql() -> bool:
    """Whether the default database is PostgreSQL: the one place that asks."""
    return connection.vendor == "postgresql"


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for ``count`` new rows of ``model``, drawn before the rows are built.

    PostgreSQL: from the id sequence. Elsewhere: past the highest id ever used; the caller
    must already hold the database's write lock (on SQLite, by having written in this
    transaction), so that nobody else can insert meanwhile.
    """
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT MAX("{column}") FROM "{table}"')  # noqa: S608 (the model's own)
        tops = [cursor.fetchone()[0] or 0]
        if connection.vendor == "sqlite":  # AUTOINCREMENT: never reuse a deleted row's id
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            tops += [row[0] or 0 for row in cursor.fetchall()]
        top = max(tops)
    return list(range(top + 1, top + 1 + count))


def bit_or(expression: str) -> str:
    """SQL OR-ing an integer column over a group; SQLite has no BIT_OR, and SUM(DISTINCT)
    is the same for powers of two."""
    return f"BIT_OR({expression})" if is_postgresql() else f"SUM(DISTINCT {expression})"


@contextlib.contextmanager
def analytic_settings():
    """For a few large aggregates: on PostgreSQL, no JIT and enough work_mem to hash in
    memory, until the outermost transaction ends (only a rollback undoes SET LOCAL, so
    no savepoint is taken). Elsewhere nothing changes."""
    if not is_postgresql():
        yield
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)"
        )
        yield


def transaction_lock(name: str) -> None:
    """Hold the lock called ``name`` until the outermost transaction ends; one holder at
    a time. PostgreSQL: a transaction-level advisory lock. SQLite needs none: a writing
    transaction already excludes every other writer."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("transaction_lock needs an atomic block")
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


_COMPILED: dict[tuple[str, str], tuple[str, tuple]] = {}


def fixed_rows(key: str, build) -> list[tuple]:
    """The rows of ``build()``, a ``values_list`` query whose SQL never changes (nothing
    of the request in it), compiled once per process and per database vendor, then run as
    plain SQL: the ORM's building and compiling can cost more than the query itself.
    Only for columns the database returns as Python wants them (no converters)."""
    cache_key = (connection.vendor, key)
    found = _COMPILED.get(cache_key)
    if found is None:
        found = _COMPILED[cache_key] = build().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(*found)
        return cursor.fetchall()


_NOTE_FUNCTION = "apl_note_change"
_NOTE_FUNCTION_SQL = (
    "CREATE OR REPLACE FUNCTION apl_note_change() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN INSERT INTO apl_datachange (topic, at) "
    "VALUES (TG_ARGV[0], CURRENT_TIMESTAMP); RETURN NULL; END $$"
)


def watch_statements(table: str, topic: str) -> list[str]:
    """SQL that makes every write to ``table`` add a row of ``topic`` to apl_datachange.

    PostgreSQL: one statement-level trigger (an import of 100,000 rows adds one row, not
    100,000). SQLite has row-level triggers only. Idempotent. ``table`` and ``topic`` are
    the code's own names, never input."""
    name = f"{table}_{topic}_change"
    if is_postgresql():
        return [
            _NOTE_FUNCTION_SQL,
            f'CREATE OR REPLACE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
            f"ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION {_NOTE_FUNCTION}('{topic}')",
        ]
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{name}_{event.lower()}" AFTER {event} ON "{table}" '  # noqa: S608
        f"BEGIN INSERT INTO apl_datachange (topic, at) VALUES ('{topic}', CURRENT_TIMESTAMP); END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def unwatch_statements(table: str, topic: str) -> list[str]:
    name = f"{table}_{topic}_change"
    if is_postgresql():
        return [f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "{name}_{event}"' for event in ("insert", "update", "delete")]


def watched_tables() -> set[tuple[str, str]]:
    """``(table, topic)`` for every change trigger in the database."""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT DISTINCT event_object_table, trigger_name FROM information_schema.triggers"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        rows = cursor.fetchall()
    found = set()
    for table, name in rows:
        rest = name[len(table) + 1 :] if name.startswith(f"{table}_") else ""
        if rest.endswith(("_change", "_change_insert")):
            found.add((table, rest.rsplit("_change", 1)[0]))
    return found
