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
