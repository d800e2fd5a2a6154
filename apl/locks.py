"""Row locks taken one way everywhere: sorted by primary key, inside a transaction.

Two transactions that lock overlapping rows in the same order cannot deadlock, so every
service locks through here instead of explaining its own order (after pretix's
``lock_objects``). A lock outside ``transaction.atomic`` would be released at once, so
it is refused.
"""

from collections.abc import Iterable

from django.db import connections, models


class NotInTransaction(RuntimeError):
    """A row lock was asked for outside ``transaction.atomic``."""


def _queryset(source) -> models.QuerySet:
    if isinstance(source, models.QuerySet):
        return source
    return source._default_manager.all()


def _check_atomic(queryset: models.QuerySet) -> None:
    if not connections[queryset.db].in_atomic_block:
        raise NotInTransaction("Row locks are taken inside transaction.atomic only.")


def lock_objects(source, keys: Iterable, *, of: tuple[str, ...] = ()) -> dict:
    """Lock the rows of ``source`` (a model or QuerySet) with these primary keys.

    Locks are taken in ascending key order; returns the locked objects by key. ``of``
    limits the lock to the named tables of a join (``("self",)``).
    """
    queryset = _queryset(source)
    _check_atomic(queryset)
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    locked = queryset.select_for_update(of=of).filter(pk__in=wanted).order_by("pk")
    return {obj.pk: obj for obj in locked}


def lock_object(source, key, *, of: tuple[str, ...] = ()):
    """Lock one row and return it (``DoesNotExist`` when there is none)."""
    queryset = _queryset(source)
    _check_atomic(queryset)
    return queryset.select_for_update(of=of).get(pk=key)
