"""Imports and exports as the LAC runs them, each leaving one audit record.

Uploaded files wait for confirmation under MEDIA_ROOT/imports/, named by a random token
kept in the LAC's session: a user-supplied name never becomes a path. A confirm claims
its file by creating ``<token>.claimed`` exclusively, so two confirms of one preview
(a second click, another tab) cannot both import it: the second is told so (409).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from apl.db import transaction_lock
from audit.services import audit_log
from exchange.exporters import export_file
from exchange.importers import ImportResult, run_import

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def clean_filename(name: str, *, default: str) -> str:
    """A display name for a file: its last path part, plain characters only."""
    name = _UNSAFE_NAME.sub("_", Path(str(name).replace("\\", "/")).name).strip(" ._")
    return name[:80] or default


def records_import(
    *,
    kind: str,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    by=None,
    request=None,
    actor_label: str = "",
) -> ImportResult:
    """Import one file, all or nothing; a real import (not a dry run) is audited in the same
    transaction as its rows, so no import can land without its audit record.

    The audit record is the import's entry per file: who, when, the file's SHA-256 and
    its row counts. Each enrolment created or changed also gets its own history record
    (who, when, the file's name); unchanged rows get none.
    """
    with transaction.atomic():
        if not dry_run:
            # One real import at a time: the next one validates against what this one
            # wrote, so the same file confirmed twice writes its rows once.
            transaction_lock("exchange.import")
        result = run_import(kind=kind, data=data, filename=filename, dry_run=dry_run, by=by)
        if dry_run:
            return result
        audit_log(
            action=f"import.{kind}",
            actor=by,
            request=request,
            outcome="imported" if result.ok else "rejected",
            sha256=hashlib.sha256(data).hexdigest(),
            **_label(actor_label),
            **result.audit_detail(),
        )
    return result


def records_export(*, kind: str, fmt: str, by=None, request=None, actor_label: str = ""):
    """The export file's bytes; the audit record holds the count, not the content."""
    content, count = export_file(kind, fmt)
    audit_log(
        action=f"export.{kind}",
        actor=by,
        request=request,
        format=fmt,
        records=count,
        **_label(actor_label),
    )
    return content


def _label(actor_label: str) -> dict:
    return {"actor_label": actor_label} if actor_label else {}


def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def import_stash_save(*, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; return its token.

    Files of previews never confirmed hold educators' details, so any older than a
    session can last are removed on the way.
    """
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    import_stash_purge(older_than=settings.SESSION_COOKIE_AGE)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.csv").write_bytes(data)
    return token


class ImportAlreadyConfirmed(Exception):
    """This preview's file was claimed by another confirm already."""


def import_stash_load(*, token: str) -> bytes | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _stash_dir() / f"{token}.csv"
    return path.read_bytes() if path.is_file() else None


def import_stash_claim(*, token: str) -> bytes | None:
    """The stashed file, for exactly one confirm; None when it expired or never was.

    The claim is an exclusive create, atomic on one file system, so of two confirms at
    once exactly one gets the bytes; the other, and any later one, raises
    ``ImportAlreadyConfirmed``. The claim (empty) stays until the stash is purged.
    """
    if not _TOKEN.match(token or ""):
        return None
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    claim = folder / f"{token}.claimed"
    try:
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise ImportAlreadyConfirmed(token) from None
    path = folder / f"{token}.csv"
    if not path.is_file():
        claim.unlink(missing_ok=True)
        return None
    data = path.read_bytes()
    path.unlink()  # educators' details are not kept once the file is taken
    return data


def import_stash_purge(*, older_than: int) -> int:
    """Delete stashed uploads older than ``older_than`` seconds; return how many."""
    cutoff = time.time() - older_than
    folder = _stash_dir()
    files = [*folder.glob("*.csv"), *folder.glob("*.claimed")]
    stale = [p for p in files if p.stat().st_mtime < cutoff]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def import_stash_discard(*, token: str) -> None:
    if _TOKEN.match(token or ""):
        (_stash_dir() / f"{token}.csv").unlink(missing_ok=True)
        (_stash_dir() / f"{token}.claimed").unlink(missing_ok=True)
