"""How today's report differs from the one published for the same programme and date.

The report reads statuses as they stand now, so a grade or an import that lands after a
publication changes the numbers of a past quarter. Each later run is compared, cell by
cell, with the standing publication (the latest correction, or the original), and the
changes to the enrolments of the affected cohorts since the publication are listed from
their history (django-simple-history: who, when, what), to answer "what did we report,
and why does it differ now?".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from apl.quarters import Quarter
from enrollment.models import Cohort, Enrollment
from reporting.models import Publication
from reporting.publishing import report_numbers
from reporting.selectors import QuarterlyReport

SUMMARY = "Summary"  # the column name given to the summary figures
TOTAL_ROWS = ("Total Enrollment", "Total Completed", "Percent Passing")
ABSENT = "(none)"
CHANGES_SHOWN = 50
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class CellDifference:
    row: str
    column: str
    published: str
    current: str


@dataclass(frozen=True)
class RecordChange:
    """One write to an enrolment after the publication, from its history."""

    at: dt.datetime
    by: str
    action: str
    educator: str
    cohort: str
    detail: str
    reason: str


@dataclass(frozen=True)
class Restatement:
    publication: Publication
    differences: tuple[CellDifference, ...]
    changes: tuple[RecordChange, ...] = ()
    changes_total: int = 0
    cohorts: tuple[str, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.differences)

    @property
    def restated(self) -> bool:
        return bool(self.differences)


def standing_publication(*, programme_id: int, as_of: dt.date) -> Publication | None:
    """The publication that stands for the report (the latest correction), without files."""
    return (
        Publication.objects.standing()
        .filter(programme_id=programme_id, as_of=as_of)
        .defer("csv", "pdf")
        .select_related("programme")
        .first()
    )


def cells(table: list[list[str]], summary: list[list[str]]) -> dict[tuple[str, str], str]:
    """Every cell by (row, column): the table's by row label and quarter, then the summary
    lines in a column of their own."""
    found: dict[tuple[str, str], str] = {}
    header = table[0] if table else []
    for row in table[1:]:
        for column, value in zip(header[1:], row[1:], strict=False):
            found[(row[0], column)] = value
    for label, value in summary:
        found[(label, SUMMARY)] = value
    return found


def differences(published: dict, current: dict) -> tuple[CellDifference, ...]:
    """Cells whose text differs, in the published order, then cells new since."""
    keys = list(published) + [key for key in current if key not in published]
    return tuple(
        CellDifference(row, column, published.get(key, ABSENT), current.get(key, ABSENT))
        for key in keys
        if published.get(key) != current.get(key)
        for row, column in [key]
    )


def restatement(*, publication: Publication, report: QuarterlyReport) -> Restatement:
    """``report`` compared with ``publication``; the changes behind any difference."""
    table, summary = report_numbers(report)
    found = differences(cells(publication.table, publication.summary), cells(table, summary))
    if not found:
        return Restatement(publication=publication, differences=())
    cohorts = _affected_cohorts(publication, found)
    changes, total = _changes_since(publication, [c.pk for c in cohorts])
    if any(d.column == SUMMARY for d in found):
        # "Enrolled or requested" also counts intents: their changes are listed too.
        intents, more = _intent_changes_since(publication)
        changes = tuple(sorted(changes + intents, key=lambda c: c.at, reverse=True))
        total += more
    return Restatement(
        publication=publication,
        differences=found,
        changes=changes,
        changes_total=total,
        cohorts=tuple(str(c) for c in cohorts),
    )


def _affected_cohorts(publication: Publication, found) -> list[Cohort]:
    """The cohorts whose enrolments a differing cell counts: a micro-credential's cell its
    cohort, a total its quarter's cohorts, a summary figure all the report's cohorts."""
    current = Quarter.containing(publication.as_of)
    cohorts = list(
        Cohort.objects.filter(
            micro_credential__programme_id=publication.programme_id, quarter__lte=current
        )
        .select_related("micro_credential")
        .order_by("quarter", "micro_credential__position")
    )
    if any(d.column == SUMMARY for d in found):
        return cohorts
    quarters = {d.column for d in found if d.row in TOTAL_ROWS}
    pairs = {(d.row, d.column) for d in found}

    def label(cohort):
        mc = cohort.micro_credential
        return mc.name if mc.kind == mc.Kind.REQUIRED else f"{mc.name} (Elective)"

    return [c for c in cohorts if str(c.quarter) in quarters or (label(c), str(c.quarter)) in pairs]


def _changes_since(publication: Publication, cohort_ids: list[int]):
    """The history of those cohorts' enrolments after the publication, newest first."""
    history = Enrollment.history.filter(
        cohort_id__in=cohort_ids, history_date__gt=publication.published_at
    )
    total = history.count()
    rows = list(
        history.select_related(
            "history_user", "educator__user", "cohort__micro_credential"
        ).order_by("-history_date", "-history_id")[:CHANGES_SHOWN]
    )
    before = _previous_records(rows)
    changes = tuple(
        RecordChange(
            at=row.history_date,
            by=row.history_user.email if row.history_user else "not recorded",
            action=ACTIONS.get(row.history_type, row.history_type),
            educator=_educator(row),
            cohort=f"{row.cohort.micro_credential.code} {row.cohort.quarter}" if row.cohort else "",
            detail=_detail(row, before.get(row.history_id)),
            reason=row.history_change_reason or "",
        )
        for row in rows
    )
    return changes, total


def _intent_changes_since(publication: Publication):
    """The history of the programme's intents after the publication, newest first."""
    from enrollment.models import Intent

    history = Intent.history.filter(
        programme_id=publication.programme_id, history_date__gt=publication.published_at
    )
    rows = list(
        history.select_related("history_user", "educator__user").order_by(
            "-history_date", "-history_id"
        )[:CHANGES_SHOWN]
    )
    changes = tuple(
        RecordChange(
            at=row.history_date,
            by=row.history_user.email if row.history_user else "not recorded",
            action=ACTIONS.get(row.history_type, row.history_type),
            educator=_educator(row),
            cohort="intent to enroll",
            detail=f"intent {row.get_status_display()}, submitted {row.submitted_on:%Y-%m-%d}",
            reason=row.history_change_reason or "",
        )
        for row in rows
    )
    return changes, history.count()


def _previous_records(rows) -> dict[int, object]:
    """For each history row, the record of the same enrolment just before it (one query)."""
    if not rows:
        return {}
    ids = {row.id for row in rows}
    records = Enrollment.history.filter(id__in=ids).order_by("id", "history_date", "history_id")
    previous, last_of = {}, {}
    for record in records.only("id", "history_id", "history_date", "status", "score"):
        if record.id in last_of:
            previous[record.history_id] = last_of[record.id]
        last_of[record.id] = record
    return previous


def _educator(row) -> str:
    educator = row.educator
    if educator is None:
        return f"record {row.id}"
    user = educator.user
    return user.get_full_name() or user.email


def _score(value) -> str:
    return "none" if value is None else f"{value}"


def _detail(row, before) -> str:
    if row.history_type == "-":
        return f"removed (was {row.get_status_display()})"
    if row.history_type == "+" or before is None:
        return f"status {row.get_status_display()}, score {_score(row.score)}"
    parts = []
    if before.status != row.status:
        parts.append(f"status {before.get_status_display()} → {row.get_status_display()}")
    if before.score != row.score:
        parts.append(f"score {_score(before.score)} → {_score(row.score)}")
    return ", ".join(parts) or "other fields (facilitator, payment)"


def is_standing(publication: Publication) -> bool:
    """True unless a correction replaced it."""
    return not Publication.objects.filter(Q(corrects=publication)).exists()
