"""Importers of the three CSV formats; ``run_import`` is the one way in."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from exchange.importers.base import FileRejected, ImportResult, RowError, read_rows
from exchange.importers.educators import EducatorImporter
from exchange.importers.enrollments import EnrollmentImporter
from exchange.importers.intents import IntentImporter

IMPORTERS = {
    importer.kind: importer for importer in (EducatorImporter, IntentImporter, EnrollmentImporter)
}
KINDS = tuple(IMPORTERS)


def run_import(
    *, kind: str, data: bytes, filename: str, dry_run: bool = False, by=None
) -> ImportResult:
    """Validate every row, then write all of it or nothing, in one transaction."""
    importer = IMPORTERS[kind](filename=filename)
    result = ImportResult(kind=kind, filename=filename, dry_run=dry_run)
    try:
        rows, present = read_rows(data, columns=importer.columns, required=importer.required)
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    result.rows = len(rows)
    try:
        with transaction.atomic():
            plan = importer.validate(rows, present)
            if importer.errors:
                result.errors = importer.errors
                return result
            result.created, result.updated = len(plan.creates), len(plan.updates)
            result.unchanged = plan.unchanged
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
    return result


__all__ = ["IMPORTERS", "KINDS", "ImportResult", "RowError", "run_import"]
