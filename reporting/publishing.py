"""Publishing a quarterly report: a frozen snapshot with its files and content hash.

A publication holds the numbers (every cell of the PED table and every summary line, as
the CSV prints them), the CSV and PDF as published, who published it and when, and the
SHA-256 of a canonical serialisation of the numbers. A report is published once per
programme and as-of date; a mistake is put right by a correction, a new publication
linked to the one it corrects, with a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import audit_log
from catalogue.models import Programme
from reporting.models import Publication
from reporting.selectors import QuarterlyReport, ReportError, quarterly_report
from reporting.services import render_report

PUBLISHED_FORMATS = ("csv", "pdf")


def canonical_bytes(*, programme: str, as_of: dt.date, table: list, summary: list) -> bytes:
    """The numbers of a report in one fixed serialisation: UTF-8 JSON of the programme's
    slug, the ISO as-of date, the table's text cells (header row first) and the summary's
    ``[label, value]`` pairs, keys sorted, no spaces. Anyone holding the CSV can rebuild it."""
    document = {
        "as_of": as_of.isoformat(),
        "programme": programme,
        "summary": [[str(label), str(value)] for label, value in summary],
        "table": [[str(cell) for cell in row] for row in table],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def content_hash(*, programme: str, as_of: dt.date, table: list, summary: list) -> str:
    """SHA-256 (hex) of ``canonical_bytes``."""
    data = canonical_bytes(programme=programme, as_of=as_of, table=table, summary=summary)
    return hashlib.sha256(data).hexdigest()


def report_numbers(report: QuarterlyReport) -> tuple[list[list[str]], list[list[str]]]:
    """The report's table and summary as the text cells a publication stores."""
    return report.table(), [[label, value] for label, value in report.summary.lines()]


def report_hash(report: QuarterlyReport) -> str:
    table, summary = report_numbers(report)
    return content_hash(
        programme=report.programme_slug, as_of=report.as_of, table=table, summary=summary
    )


def publication_hash(publication: Publication) -> str:
    """The hash recomputed from the stored numbers (equal to ``content_hash`` unless the
    row was tampered with outside the application)."""
    return content_hash(
        programme=publication.programme.slug,
        as_of=publication.as_of,
        table=publication.table,
        summary=publication.summary,
    )


def _already_published(existing: Publication) -> ValidationError:
    return ValidationError(
        f"{existing.programme.name} as of {existing.as_of:%Y-%m-%d} was published on "
        f"{timezone.localtime(existing.published_at):%Y-%m-%d %H:%M} by "
        f"{existing.published_by_label} and cannot be published again. To change what was "
        "published, publish a correction of it with a reason.",
        code="already_published",
    )


def _freeze(*, programme: Programme, as_of: dt.date, by, corrects=None, reason="") -> Publication:
    """A new, unsaved publication of the report as it stands now."""
    try:
        report = quarterly_report(programme=programme, as_of=as_of)
    except ReportError as exc:
        raise ValidationError(str(exc), code="no_report") from None
    table, summary = report_numbers(report)
    publication = Publication(
        programme=programme,
        as_of=as_of,
        published_at=timezone.now(),
        published_by=by,
        published_by_label=by.email,
        corrects=corrects,
        reason=reason,
        table=table,
        summary=summary,
        content_hash=report_hash(report),
        csv=render_report(report, "csv"),
        pdf=render_report(report, "pdf"),
    )
    publication.full_clean(validate_constraints=False)
    return publication


def _save_new(publication: Publication, refusal) -> Publication:
    try:
        with transaction.atomic():
            publication.save(force_insert=True)
    except IntegrityError:  # another request published the same report a moment ago
        raise refusal() from None
    return publication


@transaction.atomic
def publication_create(*, programme: Programme, as_of: dt.date, by, request=None) -> Publication:
    """Publish the programme's report as of ``as_of``; refused if it was published already."""
    existing = (
        Publication.objects.filter(programme=programme, as_of=as_of, corrects__isnull=True)
        .select_related("programme")
        .first()
    )
    if existing is not None:
        raise _already_published(existing)
    publication = _freeze(programme=programme, as_of=as_of, by=by)

    def refusal():
        return _already_published(
            Publication.objects.select_related("programme").get(
                programme=programme, as_of=as_of, corrects__isnull=True
            )
        )

    _save_new(publication, refusal)
    audit_log(
        action="report.publish",
        actor=by,
        request=request,
        target=publication,
        programme=programme.name,
        as_of=f"{as_of:%Y-%m-%d}",
        content_hash=publication.content_hash,
    )
    return publication


@transaction.atomic
def publication_correct(*, publication: Publication, reason: str, by, request=None) -> Publication:
    """Publish a correction of ``publication``: the report as it stands now, linked to it.

    Refused without a reason, for a publication that was corrected already (correct the
    correction), and when the report has not changed since it was published."""
    publication = (
        Publication.objects.select_for_update().select_related("programme").get(pk=publication.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the published report is being corrected."})

    def refusal():
        later = Publication.objects.get(corrects=publication)
        return ValidationError(
            f"Publication {publication.pk} was corrected already by publication {later.pk} "
            f"on {timezone.localtime(later.published_at):%Y-%m-%d %H:%M}; "
            "correct that one instead.",
            code="already_corrected",
        )

    if Publication.objects.filter(corrects=publication).exists():
        raise refusal()
    correction = _freeze(
        programme=publication.programme,
        as_of=publication.as_of,
        by=by,
        corrects=publication,
        reason=reason,
    )
    if correction.content_hash == publication.content_hash:
        raise ValidationError(
            "The report has not changed since it was published: there is nothing to correct.",
            code="unchanged",
        )
    _save_new(correction, refusal)
    audit_log(
        action="report.publish",
        actor=by,
        request=request,
        target=correction,
        programme=publication.programme.name,
        as_of=f"{publication.as_of:%Y-%m-%d}",
        content_hash=correction.content_hash,
        corrects=publication.pk,
        reason=reason,
    )
    return correction


def publication_file(*, publication: Publication, fmt: str) -> tuple[bytes, str]:
    """A published file's bytes and content type; ValueError for another format."""
    if fmt == "csv":
        return publication.csv.encode("utf-8"), "text/csv; charset=utf-8"
    if fmt == "pdf":
        return bytes(publication.pdf), "application/pdf"
    raise ValueError("Publications keep their CSV and PDF files only.")
