"""Importers of the three CSV formats; ``run_import`` is the one way in."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from exchange.importers.base import FileRejected, ImportResult, RowError, read_table
from exchange.importers.educators import EducatorImporter
from exchange.importers.enrollments import EnrollmentImporter
from exchange.importers.intents import IntentImporter

IMPORTERS = {
    importer.kind: importer for importer in (EducatorImporter, IntentImporter, EnrollmentImporter)
}
KINDS = tuple(IMPORTERS)  # the three programme formats, on the web import page


def register_importer(importer) -> None:
    """Let an app above this one add a CSV format to ``import_records`` (in AppConfig.ready)."""
    IMPORTERS[importer.kind] = importer


def run_import(
    *, kind: str, data: bytes, filename: str, dry_run: bool = False, by=None
) -> ImportResult:
    """Validate every row, then write all of it or nothing, in one transaction."""
    importer = IMPORTERS[kind](filename=filename)
    result = ImportResult(kind=kind, filename=filename, dry_run=dry_run)
    with _no_gc_pauses():
        return _run(importer, result, data=data, dry_run=dry_run, by=by)


def _run(importer, result: ImportResult, *, data: bytes, dry_run: bool, by) -> ImportResult:
    filename = result.filename
    try:
        table, present = read_table(data, columns=importer.columns, required=importer.required)
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    result.rows = len(table)
    try:
        with transaction.atomic():
            plan = importer.validate_table(table, present)
            if importer.errors:
                result.errors = importer.errors
                return result
            result.created, result.updated = len(plan.creates), len(plan.updates)
            result.unchanged = plan.unchanged
            result.warnings = importer.warnings
            result.created_samples = plan.created_samples
            result.updated_samples = plan.updated_samples
            if dry_run:
                return result
            importer.apply(plan, by=by, reason=f"import {filename}"[:100])
    except IntegrityError:
        result.errors = [
            RowError(1, "-", "the records changed while this file was imported; import it again")
        ]
        result.created = result.updated = result.unchanged = 0
        result.conflict = True
    return result


@contextmanager
def _no_gc_pauses():
    """Hold the cyclic garbage collector while a file is validated and written.

    A 100,000-row file makes several hundred thousand small tuples that all live to the
    end; the collector would otherwise walk them again and again (about a tenth of
    the time) without finding any garbage. Reference counting still frees as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = [
    "IMPORTERS",
    "KINDS",
    "ImportResult",
    "RowError",
    "register_importer",
    "run_import",
]
