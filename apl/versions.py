"""What pages read, kept in each worker until the tables it was read from change.

A *topic* is a set of tables; its *version* is the set of rows that the tables' change
triggers added to ``apl_datachange`` under it (their count, highest and total id: a
commit out of id order still changes the count; a prune changes it once). Anything
derived from a topic's tables alone (a quarterly report, a rendered list, a user's roles)
can be kept under the topic's version and served as long as the version stands; a write
to any of its tables, by any code, commits a new row and so a new version. The version is
read before what is kept under it, so nothing is ever kept under a version newer than the
data it was made from.

Topics:

- ``records``: every table of the project's apps, every many-to-many link and the account
  tables, less those listed by ``unwatched`` (logs and queues no page content reads).
  Apps say which of their tables are not records in ``AppConfig.ready``.
- further topics for narrower sets, named by the app that reads them
  (``watch(topic, tables)`` in ``AppConfig.ready``): the report's inputs, the access
  tables.

Triggers are (re)made after every ``migrate`` (a table that SQLite rebuilds loses its
triggers), for the tables that exist. In a request, every topic's version is read once,
in the same round trip as the session when there is one (``accounts.sessions``).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from apl.db import unwatch_statements, watch_statements, watched_tables

RECORDS = "records"
_TOPICS: dict[str, set[str]] = {}  # topic -> tables (records: computed at migrate)
_UNWATCHED: set[str] = {"apl_datachange", "django_session", "django_migrations"}

# The statement that reads every topic's version; callers may put it in their own query.
VERSIONS_SQL = "SELECT topic, COUNT(*), MAX(id), SUM(id) FROM apl_datachange GROUP BY topic"  # noqa: S608


def watch(topic: str, tables: Iterable[str]) -> None:
    """Watch ``tables`` under ``topic`` as well (from ``AppConfig.ready``)."""
    if topic == RECORDS:
        raise ValueError("every table is a record unless unwatched")
    _TOPICS.setdefault(topic, set()).update(tables)


def unwatched(*tables: str) -> None:
    """These tables are no page's content (logs, queues): writing them changes no version."""
    _UNWATCHED.update(tables)


def record_tables() -> set[str]:
    """The tables of the ``records`` topic: every model's table (many-to-many links
    included) of the project's apps, the account tables and the MFA authenticators."""
    from django.apps import apps
    from django.conf import settings

    root = str(settings.BASE_DIR)
    tables = set()
    for config in apps.get_app_configs():
        ours = config.path.startswith(root) and ".venv" not in config.path
        if not (ours or config.label in ("auth", "mfa")):
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return tables - _UNWATCHED


def wanted() -> set[tuple[str, str]]:
    pairs = {(table, RECORDS) for table in record_tables()}
    for topic, tables in _TOPICS.items():
        pairs |= {(table, topic) for table in tables}
    return pairs


def make_triggers(sender=None, using="default", **kwargs) -> None:
    """After ``migrate`` (post_migrate): every wanted trigger on every existing table; the
    change triggers of tables no longer wanted are dropped. Idempotent."""
    if using != "default":
        return
    existing_tables = set(connection.introspection.table_names())
    if "apl_datachange" not in existing_tables:
        return  # apl not migrated yet
    have = watched_tables()
    want = {(t, topic) for t, topic in wanted() if t in existing_tables}
    statements = []
    for table, topic in sorted(want - have):
        statements += watch_statements(table, topic)
    for table, topic in sorted(have - want):
        if table in existing_tables:
            statements += unwatch_statements(table, topic)
    if statements:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# --- versions ----------------------------------------------------------------------------

# Within a request the versions are read once (request_started resets them); outside one
# (tasks, commands) every call reads them afresh.
_request_versions: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "apl_versions", default=None
)
_NOT_READ: dict = {}


def request_started(**kwargs) -> None:
    _request_versions.set(_NOT_READ)


def request_finished(**kwargs) -> None:
    _request_versions.set(None)


def from_rows(rows: Iterable[tuple]) -> dict[str, str]:
    """``{topic: version}`` from rows of ``VERSIONS_SQL``'s columns (a topic of None:
    nothing noted yet)."""
    return {topic: f"{n}-{highest}-{total}" for topic, n, highest, total in rows if topic}


def prime(found: dict[str, str]) -> None:
    """The versions read along with something else at the start of this request."""
    if _request_versions.get() is not None:
        _request_versions.set(found)


def versions() -> dict[str, str]:
    """Every topic's version, read once per request."""
    seen = _request_versions.get()
    if seen is not None and seen is not _NOT_READ:
        return seen
    with connection.cursor() as cursor:
        cursor.execute(VERSIONS_SQL)
        found = from_rows(cursor.fetchall())
    if seen is not None:
        _request_versions.set(found)
    return found


def version(topic: str) -> str:
    return versions().get(topic, "0")


# --- what is kept ------------------------------------------------------------------------

_KEPT: OrderedDict[str, tuple[object, dt.datetime | None]] = OrderedDict()
_KEPT_SIZE = 256
_LOCK = threading.Lock()


def remember(
    key: str,
    topics: Iterable[str],
    make: Callable[[], object],
    *,
    for_seconds: int | None = None,
):
    """``make()``, kept in this worker under ``key`` and the versions of ``topics``.

    What ``make`` returns must follow from those topics' tables (and what ``key`` names)
    alone; it is shared between requests: read it, never change it. ``for_seconds``
    bounds how long it is kept, for what also follows from the clock (a week's count, a
    window closing), which no write announces.
    """
    found = versions()
    full = ":".join([key, *(f"{t}={found.get(t, '0')}" for t in sorted(topics))])
    now = timezone.now()
    with _LOCK:
        kept = _KEPT.get(full)
        if kept is not None and (kept[1] is None or kept[1] > now):
            _KEPT.move_to_end(full)
            return kept[0]
    value = make()
    until = now + dt.timedelta(seconds=for_seconds) if for_seconds else None
    with _LOCK:
        _KEPT[full] = (value, until)
        while len(_KEPT) > _KEPT_SIZE:
            _KEPT.popitem(last=False)
    return value


def forget_all() -> None:
    """Drop everything kept in this worker (tests)."""
    with _LOCK:
        _KEPT.clear()


def prune(*, now: dt.datetime | None = None) -> int:
    """Forget noted changes older than a minute, keeping each topic's latest.

    Every request reads the versions, which costs in proportion to the rows, so the table
    is kept to about a minute of writes. A prune changes the version of a topic written in
    that minute once more (one recomputation of what is kept under it, which its writes
    had already cost); a quiet topic keeps its one row and its version."""
    from django.db.models import Max

    from apl.models import DataChange

    cutoff = (now or timezone.now()) - dt.timedelta(minutes=1)
    with transaction.atomic():
        latest = list(
            DataChange.objects.values("topic")
            .annotate(last=Max("id"))
            .values_list("last", flat=True)
            .order_by()
        )
        deleted, _ = DataChange.objects.filter(at__lt=cutoff).exclude(id__in=latest).delete()
    return deleted
