"""The quarterly report (the PED table) and its summary figures, read with aggregate queries.

Definitions (docs/product.md, "The quarterly report"), and the choices made where the
brief leaves room:

- Only cohorts in quarters up to and including the quarter that holds the as-of date
  count. Enrolments are counted by their cohort's quarter, never by ``enrolled_at``:
  historical imports set that to the time of the import. Statuses and scores are read as
  they stand now; the as-of date bounds which quarters are counted, it does not replay
  history.
- Columns run from the programme's first cohort through the as-of quarter; that last
  quarter has not ended by the as-of date, so it is open (Completed and Percent empty).
- "Enrolled or requested": distinct educators with an enrolment in one of the counted
  cohorts (any status) or an intent for the programme submitted on or before the as-of
  date (any intent status: a declined request was still a request).
- "Completed the programme": passed every required micro-credential of the programme and
  at least ``Programme.required_count`` distinct micro-credentials in all (APL I-II: the
  five required; APL II-III: the two required plus two electives).
- "Projected to complete in <as-of quarter>": not completed, enrolled now (status
  ``enrolled``) in a cohort of the as-of quarter, in a micro-credential not yet passed
  whose pass would complete the programme.
- Percent passing is rounded half up; "N/A" where a column has no enrolment.

The number of queries is fixed (four, two of which read many rows), whatever the number
of enrolments, educators or quarters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q

from apl.quarters import Quarter, quarter_range
from catalogue.models import MicroCredential, Programme
from enrollment.models import Cohort, Enrollment, Intent

PASSED = Enrollment.Status.PASSED
REQUIRED = MicroCredential.Kind.REQUIRED


class ReportError(ValueError):
    """A report that cannot be made: unknown programme, bad date, nothing to report yet."""


def percent_half_up(part: int, whole: int) -> int | None:
    """``part / whole`` as a whole percent, halves rounded up; None when ``whole`` is 0."""
    if whole == 0:
        return None
    return (200 * part + whole) // (2 * whole)


def percent_label(value: int | None) -> str:
    return "N/A" if value is None else f"{value}%"


@dataclass(frozen=True)
class QuarterColumn:
    quarter: Quarter
    closed: bool
    total_enrollment: int
    total_completed: int | None  # None while the quarter is open
    percent_passing: int | None  # None while open, or when nobody enrolled

    @property
    def completed_cell(self) -> str:
        return str(self.total_completed) if self.closed else ""

    @property
    def percent_cell(self) -> str:
        return percent_label(self.percent_passing) if self.closed else ""


@dataclass(frozen=True)
class ReportRow:
    code: str
    label: str
    elective: bool
    cells: tuple[int | None, ...]  # None: no cohort that quarter ("N/A")

    @property
    def text_cells(self) -> list[str]:
        return ["N/A" if n is None else str(n) for n in self.cells]


@dataclass(frozen=True)
class ClosedQuarterRate:
    quarter: Quarter
    percent_passing: int | None


@dataclass(frozen=True)
class ReportSummary:
    enrolled_or_requested: int
    completed: int
    projected: int
    current_quarter: Quarter
    first_closed: ClosedQuarterRate | None
    latest_closed: ClosedQuarterRate | None

    def lines(self) -> list[tuple[str, str]]:
        """The summary as ``(label, value)`` pairs, labelled exactly as PED publishes them."""
        lines = [
            ("Educators enrolled or requested", str(self.enrolled_or_requested)),
            ("Educators completed", str(self.completed)),
            (f"Educators projected to complete in {self.current_quarter}", str(self.projected)),
        ]
        if self.first_closed:
            lines.append(
                (
                    f"Percent passing first closed quarter ({self.first_closed.quarter})",
                    percent_label(self.first_closed.percent_passing),
                )
            )
        if self.latest_closed:
            lines.append(
                (
                    f"Percent passing latest closed quarter ({self.latest_closed.quarter})",
                    percent_label(self.latest_closed.percent_passing),
                )
            )
        return lines


@dataclass(frozen=True)
class QuarterlyReport:
    programme: str
    programme_slug: str
    title: str
    as_of: dt.date
    columns: tuple[QuarterColumn, ...]
    rows: tuple[ReportRow, ...]
    summary: ReportSummary

    def header(self) -> list[str]:
        return [self.title, *(c.quarter.label for c in self.columns)]

    def table(self) -> list[list[str]]:
        """The PED table as text cells, header first, exactly as the CSV prints it."""
        return [
            self.header(),
            *([row.label, *row.text_cells] for row in self.rows),
            ["Total Enrollment", *(str(c.total_enrollment) for c in self.columns)],
            ["Total Completed", *(c.completed_cell for c in self.columns)],
            ["Percent Passing", *(c.percent_cell for c in self.columns)],
        ]


def programme_named(name: str) -> Programme:
    """The programme PED calls ``name`` (e.g. "APL I-II"); ReportError if there is none."""
    programme = Programme.objects.filter(name=(name or "").strip()).first()
    if programme is None:
        known = ", ".join(Programme.objects.values_list("name", flat=True))
        raise ReportError(f"Unknown programme {name!r}; choose one of: {known}.")
    return programme


def parse_as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ReportError(
            f"{value!r} is not a date; write the as-of date as YYYY-MM-DD, e.g. 2024-05-15."
        ) from None


def quarterly_report(*, programme: Programme, as_of: dt.date) -> QuarterlyReport:
    """The programme's quarterly table and summary as of ``as_of``."""
    if connection.vendor != "postgresql":
        return _quarterly_report(programme, as_of)
    with transaction.atomic(), connection.cursor() as cursor:
        # Two short aggregates over many rows: JIT compilation costs more than it saves,
        # and the per-educator sort should stay in memory. Local to this transaction.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        return _quarterly_report(programme, as_of)


def _quarterly_report(programme: Programme, as_of: dt.date) -> QuarterlyReport:
    current = Quarter.containing(as_of)
    mcs = list(
        MicroCredential.objects.filter(programme=programme)
        .order_by("position")
        .values_list("id", "code", "name", "kind")
    )
    cohorts = Cohort.objects.filter(micro_credential__programme=programme, quarter__lte=current)
    cohort_list = list(cohorts.values_list("id", "micro_credential_id", "quarter"))
    # Grouped by cohort id alone (no join per enrolment row): the cheapest pass there is.
    per_cohort = {
        row["cohort_id"]: (row["n"], row["passed"])
        for row in Enrollment.objects.filter(cohort__in=cohorts.values("id"))
        .values("cohort_id")
        .annotate(n=Count("id"), passed=Count("id", filter=Q(status=PASSED)))
        .order_by()
    }
    counts = {
        (mc_id, quarter): per_cohort.get(cohort_id, (0, 0))
        for cohort_id, mc_id, quarter in cohort_list
    }
    if not counts:
        raise ReportError(
            f"{programme.name} had no cohort by {as_of:%Y-%m-%d}: "
            "the as-of date is before the programme began."
        )
    quarters = quarter_range(min(q for _, q in counts), current)
    rows = []
    for mc_id, code, name, kind in mcs:
        cells = tuple(counts[(mc_id, q)][0] if (mc_id, q) in counts else None for q in quarters)
        if any(n is not None for n in cells):
            label = f"{name} (Elective)" if kind != REQUIRED else name
            rows.append(ReportRow(code=code, label=label, elective=kind != REQUIRED, cells=cells))
    columns = tuple(_column(q, as_of, counts) for q in quarters)
    required_total = sum(1 for *_, kind in mcs if kind == REQUIRED)
    return QuarterlyReport(
        programme=programme.name,
        programme_slug=programme.slug,
        title=programme.report_title,
        as_of=as_of,
        columns=columns,
        rows=tuple(rows),
        summary=_summary(programme, as_of, current, columns, required_total),
    )


def _column(quarter: Quarter, as_of: dt.date, counts: dict) -> QuarterColumn:
    enrolled = sum(n for (_, q), (n, _) in counts.items() if q == quarter)
    if not quarter.has_ended(as_of):
        return QuarterColumn(quarter, False, enrolled, None, None)
    passed = sum(p for (_, q), (_, p) in counts.items() if q == quarter)
    return QuarterColumn(quarter, True, enrolled, passed, percent_half_up(passed, enrolled))


def _summary(programme, as_of, current, columns, required_total) -> ReportSummary:
    educators, completed, projected = _educator_counts(
        programme=programme,
        as_of=as_of,
        current=current,
        needed=programme.required_count,
        required_total=required_total,
    )
    closed = [c for c in columns if c.closed]
    return ReportSummary(
        enrolled_or_requested=educators,
        completed=completed,
        projected=projected,
        current_quarter=current,
        first_closed=ClosedQuarterRate(closed[0].quarter, closed[0].percent_passing)
        if closed
        else None,
        latest_closed=ClosedQuarterRate(closed[-1].quarter, closed[-1].percent_passing)
        if closed
        else None,
    )


# One pass over the programme's enrolments and intents, grouped by educator: each
# educator (enrolled, or with only an intent) is one group, so the group count is the
# distinct "enrolled or requested" figure, and each group's passes give completion and
# projection. Plain SQL because the ORM cannot group a UNION ALL; it runs on SQLite and
# PostgreSQL alike.
_EDUCATOR_COUNTS = """
SELECT COUNT(*),
       SUM(CASE WHEN passed_n >= %(needed)s AND passed_req >= %(req)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT (passed_n >= %(needed)s AND passed_req >= %(req)s)
                 AND now_any >= 1 AND passed_n >= %(needed)s - 1
                 AND (passed_req >= %(req)s OR (passed_req >= %(req)s - 1 AND now_req >= 1))
            THEN 1 ELSE 0 END)
FROM (
    SELECT educator_id,
           COUNT(DISTINCT CASE WHEN status = 'passed' THEN mc_id END) AS passed_n,
           COUNT(DISTINCT CASE WHEN status = 'passed' AND required = 1 THEN mc_id END)
               AS passed_req,
           SUM(CASE WHEN status = 'enrolled' AND quarter = %(current)s THEN 1 ELSE 0 END)
               AS now_any,
           SUM(CASE WHEN status = 'enrolled' AND quarter = %(current)s AND required = 1
               THEN 1 ELSE 0 END) AS now_req
    FROM (
        SELECT e.educator_id, e.status, c.micro_credential_id AS mc_id, c.quarter,
               CASE WHEN m.kind = 'required' THEN 1 ELSE 0 END AS required
        FROM {enrollment} e
        JOIN {cohort} c ON c.id = e.cohort_id
        JOIN {mc} m ON m.id = c.micro_credential_id
        WHERE m.programme_id = %(programme)s AND c.quarter <= %(current)s
        UNION ALL
        SELECT i.educator_id, 'intent', NULL, NULL, 0
        FROM {intent} i
        WHERE i.programme_id = %(programme)s AND i.submitted_on <= %(as_of)s
    ) AS counted
    GROUP BY educator_id
) AS per_educator
"""


def _educator_counts(*, programme, as_of, current, needed, required_total):
    """(enrolled or requested, completed, projected) in one grouped query."""
    sql = _EDUCATOR_COUNTS.format(
        enrollment=Enrollment._meta.db_table,
        cohort=Cohort._meta.db_table,
        mc=MicroCredential._meta.db_table,
        intent=Intent._meta.db_table,
    )
    params = {
        "needed": needed,
        "req": required_total,
        "current": current.index,
        "programme": programme.pk,
        "as_of": as_of,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        educators, completed, projected = cursor.fetchone()
    return educators or 0, completed or 0, projected or 0
