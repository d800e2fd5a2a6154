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
- "Completed the programme": the programme's stack is complete on the micro-credentials
  the educator passed (catalogue.stacks; APL I-II: the five required; APL II-III: the
  two required plus two electives, each elective a choice slot).
- "Projected to complete in <as-of quarter>": not completed, enrolled now (status
  ``enrolled``) in a cohort of the as-of quarter, in a micro-credential not yet passed
  whose pass would complete the stack.
  Enrolled again in one already passed completes nothing (its bits are masked out with
  ``now_mask & ~passed_mask``).
- Percent passing is rounded half up; "N/A" where a column has no enrolment.

The number of queries is fixed (three, two of which read many rows; on PostgreSQL the
ones that set the transaction's work_mem and jit; and one short one that reads the
programme's stack), whatever the number of enrolments, educators or quarters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, FilteredRelation, Q

from apl.db import analytic_settings, bit_or
from apl.quarters import Quarter, quarter_range
from catalogue.models import MicroCredential, Programme
from catalogue.stacks import stack_progress
from enrollment.models import Enrollment, Intent
from enrollment.stacks import programme_definition

PASSED = Enrollment.Status.PASSED
ENROLLED = Enrollment.Status.ENROLLED
NOT_RECORDED = "not yet recorded"
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
    total_completed: int | None  # None while the quarter is open or not yet recorded
    percent_passing: int | None  # None then too, or when nobody enrolled
    # False for a closed quarter whose enrolments all still await an outcome: it reads
    # "not yet recorded", never 0 completed and 0%.
    recorded: bool = True

    @property
    def completed_cell(self) -> str:
        if not self.closed:
            return ""
        return str(self.total_completed) if self.recorded else NOT_RECORDED

    @property
    def percent_cell(self) -> str:
        if not self.closed:
            return ""
        return percent_label(self.percent_passing) if self.recorded else NOT_RECORDED


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
        raise ReportError(f"Unknown program {name!r}; choose one of: {known}.")
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
    # Two short aggregates over many rows: JIT compilation costs more than it saves, and
    # the per-educator hash aggregate (about 25 MB at 150,000 educators) should stay in
    # memory.
    with analytic_settings():
        try:
            return _quarterly_report(programme, as_of)
        except ReportError as exc:
            refused = exc  # raised outside the block: a refusal is no database error
    raise refused


def _quarterly_report(programme: Programme, as_of: dt.date) -> QuarterlyReport:
    try:
        current = Quarter.containing(as_of)
    except ValueError as exc:  # Qn/yy names fiscal years 2000 to 2099 only
        raise ReportError(f"{as_of:%Y-%m-%d}: {exc}") from None
    # The catalogue and its counted cohorts in one query: one row per cohort up to the
    # as-of quarter, and a row without cohort for a micro-credential that has none.
    catalogue = list(
        MicroCredential.objects.filter(programme=programme)
        .annotate(counted=FilteredRelation("cohorts", condition=Q(cohorts__quarter__lte=current)))
        .order_by("position", "id", "counted__id")
        .values_list("id", "code", "name", "kind", "counted__id", "counted__quarter")
    )
    mcs = list(dict.fromkeys(row[:4] for row in catalogue))
    cohort_list = [
        (cohort_id, mc_id, quarter)
        for mc_id, _code, _name, _kind, cohort_id, quarter in catalogue
        if cohort_id is not None
    ]
    if not cohort_list:
        raise ReportError(
            f"{programme.name} had no cohort by {as_of:%Y-%m-%d}: "
            "the as-of date is before the program began."
        )
    cohort_ids = [cohort_id for cohort_id, _, _ in cohort_list]
    # Grouped by cohort id alone, the programme given as the list of its cohort ids: no
    # join per enrolment row.
    per_cohort = {
        row["cohort_id"]: (row["n"], row["passed"], row["pending"])
        for row in Enrollment.objects.filter(cohort_id__in=cohort_ids)
        .values("cohort_id")
        .annotate(
            n=Count("*"),
            passed=Count("status", filter=Q(status=PASSED)),
            pending=Count("status", filter=Q(status=ENROLLED)),
        )
        .order_by()
    }
    counts = {
        (mc_id, quarter): per_cohort.get(cohort_id, (0, 0, 0))
        for cohort_id, mc_id, quarter in cohort_list
    }
    quarters = quarter_range(min(q for _, q in counts), current)
    rows = []
    for mc_id, code, name, kind in mcs:
        cells = tuple(counts[(mc_id, q)][0] if (mc_id, q) in counts else None for q in quarters)
        if any(n is not None for n in cells):
            label = f"{name} (Elective)" if kind != REQUIRED else name
            rows.append(ReportRow(code=code, label=label, elective=kind != REQUIRED, cells=cells))
    columns = tuple(_column(q, as_of, counts) for q in quarters)
    return QuarterlyReport(
        programme=programme.name,
        programme_slug=programme.slug,
        title=programme.report_title,
        as_of=as_of,
        columns=columns,
        rows=tuple(rows),
        summary=_summary(programme, as_of, current, columns, mcs, cohort_list),
    )


def _column(quarter: Quarter, as_of: dt.date, counts: dict) -> QuarterColumn:
    enrolled = sum(n for (_, q), (n, _, _) in counts.items() if q == quarter)
    if not quarter.has_ended(as_of):
        return QuarterColumn(quarter, False, enrolled, None, None)
    pending = sum(w for (_, q), (_, _, w) in counts.items() if q == quarter)
    if enrolled and pending == enrolled:
        return QuarterColumn(quarter, True, enrolled, None, None, recorded=False)
    passed = sum(p for (_, q), (_, p, _) in counts.items() if q == quarter)
    return QuarterColumn(quarter, True, enrolled, passed, percent_half_up(passed, enrolled))


def _summary(programme, as_of, current, columns, mcs, cohort_list) -> ReportSummary:
    educators, completed, projected = _educator_counts(
        programme=programme, as_of=as_of, current=current, mcs=mcs, cohort_list=cohort_list
    )
    closed = [c for c in columns if c.closed and c.recorded]
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
# distinct "enrolled or requested" figure. Every micro-credential of the programme is one
# bit (its place in catalogue order); each group ORs the bits of the micro-credentials it
# passed and of those it is enrolled in now (a cohort of the as-of quarter). The outer
# query counts the educators of each (passed, now) pair of masks; whether a pair has
# completed the programme, or would by passing what it is enrolled in now, is the
# programme's stack rule (catalogue.stacks), applied in Python once per distinct pair.
# The programme and the quarter bound are given as the list of the counted cohorts' ids
# and each cohort's bit as a CASE over those ids, so that the pass reads one table, joins
# nothing and groups by one integer. Plain SQL because the ORM cannot group a UNION ALL;
# PostgreSQL ORs with BIT_OR, SQLite (which has no BIT_OR) with SUM(DISTINCT), the same
# for powers of two. The literals in it are integers from the database, never user input.
_EDUCATOR_COUNTS = """
SELECT passed_mask, now_mask, COUNT(*)
FROM (
    SELECT educator_id, {passed_or} AS passed_mask, {now_or} AS now_mask
    FROM (
        SELECT e.educator_id,
               CASE WHEN e.status = %(passed)s THEN {bit} ELSE 0 END AS passed_bit,
               CASE WHEN e.status = %(enrolled)s AND e.cohort_id IN ({now_ids}) THEN {bit}
                    ELSE 0 END AS now_bit
        FROM {enrollment} e
        WHERE e.cohort_id IN ({cohort_ids})
        UNION ALL
        SELECT i.educator_id, 0, 0
        FROM {intent} i
        WHERE i.programme_id = %(programme)s AND i.submitted_on <= %(as_of)s
    ) AS counted
    GROUP BY educator_id
) AS per_educator
GROUP BY passed_mask, now_mask
"""


def _ints(values) -> str:
    """Integers as an SQL list; 0 (no cohort id) when there are none, never an empty IN."""
    return ", ".join(str(int(v)) for v in values) or "0"


def _educator_counts(*, programme, as_of, current, mcs, cohort_list):
    """(enrolled or requested, completed, projected) in one grouped query and the
    programme's stack rule."""
    if len(mcs) > 62:  # one bit each in a 64-bit integer
        raise ReportError(f"{programme.name} has more micro-credentials than the report can test.")
    bit_of = {mc_id: 1 << place for place, (mc_id, *_rest) in enumerate(mcs)}
    cohorts_of_bit: dict[int, list[int]] = {}
    for cohort_id, mc_id, _quarter in cohort_list:
        cohorts_of_bit.setdefault(bit_of[mc_id], []).append(cohort_id)
    bit = (
        "CASE"
        + "".join(
            f" WHEN e.cohort_id IN ({_ints(ids)}) THEN {b}" for b, ids in cohorts_of_bit.items()
        )
        + " ELSE 0 END"
    )
    sql = _EDUCATOR_COUNTS.format(
        bit=bit,
        passed_or=bit_or("passed_bit"),
        now_or=bit_or("now_bit"),
        now_ids=_ints(c for c, _, quarter in cohort_list if quarter == current),
        cohort_ids=_ints(c for c, _, _ in cohort_list),
        enrollment=Enrollment._meta.db_table,
        intent=Intent._meta.db_table,
    )
    params = {
        "passed": PASSED,
        "enrolled": Enrollment.Status.ENROLLED,
        "programme": programme.pk,
        "as_of": as_of,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        groups = cursor.fetchall()
    return _apply_stack(programme_definition(programme), [code for _, code, *_ in mcs], groups)


def _apply_stack(definition, codes: list[str], groups) -> tuple[int, int, int]:
    """Educators, completed and projected from ``(passed_mask, now_mask, n)`` groups.

    Projected: not complete, and passing one micro-credential it is enrolled in now and has
    not passed would complete the stack (passing again what was passed adds nothing).
    """

    def codes_in(mask: int) -> set[str]:
        return {code for place, code in enumerate(codes) if mask >> place & 1}

    educators = completed = projected = 0
    for passed_mask, now_mask, n in groups:
        educators += n
        passed = codes_in(passed_mask)
        if stack_progress(definition, passed).complete:
            completed += n
        elif any(
            stack_progress(definition, passed | {code}).complete
            for code in codes_in(now_mask & ~passed_mask)
        ):
            projected += n
    return educators, completed, projected
