"""enrollments.csv: an educator in a micro-credential's cohort for a quarter.

Keyed on email + micro_credential + quarter. Cohorts are created as needed and a row's
facilitator joins the cohort's facilitators. The score column, where the file has it,
is taken as written (an empty cell means no score) because score and status go
together; an empty facilitator_email leaves the assigned facilitator as it is.
Importing history does not send the "passed" signal: nothing is notified or issued.
The format and its rules: docs/product.md, "Data exchange".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import repeat
from typing import NamedTuple

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import SCORER_ROLES
from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import Cohort, Enrollment
from enrollment.rules import score_passes
from exchange.importers.base import (
    NO_SCORE,
    SAMPLE_SIZE,
    Importer,
    Plan,
    RowError,
    Table,
    cell,
    chunks,
    sample,
)
from exchange.importers.fast import (
    existing_enrollments,
    insert_enrollments,
    profiles_by_email,
    update_enrollments,
)
from exchange.importers.retakes import retake_errors

STATUSES = tuple(s.value for s in Enrollment.Status)  # in the order error messages list them
OUTCOMES = {Enrollment.Status.PASSED.value, Enrollment.Status.NOT_PASSED.value}
_QUARTERISH = re.compile(r"^[Qq](\d+)/(\d{2})$")
_NO_SCORE = NO_SCORE

CohortKey = tuple[int, int]  # (micro-credential id, quarter index)


class Cells(NamedTuple):
    """The raw micro_credential, quarter, status and score cells of a row (score None
    where the file has no score column)."""

    micro_credential: str
    quarter: str
    status: str
    score: str | None


class Values(NamedTuple):
    """What a row's cells mean, once checked."""

    cohort_key: CohortKey
    status: str
    score: Decimal | None | object  # NO_SCORE where the file has no score column


class Enrolment(NamedTuple):
    """One enrolment the import writes."""

    educator_id: int
    cohort_key: CohortKey
    status: str
    score: Decimal | None | object
    facilitator_id: int | None


class Stored(NamedTuple):
    """An enrolment already in the database."""

    pk: int
    status: str
    score: Decimal | None
    facilitator_id: int | None


class Update(NamedTuple):
    pk: int
    row: Enrolment


class Candidates(NamedTuple):
    """The rows that passed the cell checks: their indexes in the table, and their cells."""

    indexes: list[int] | range
    emails: list[str]
    values: list[Values]
    facilitator_emails: list[str]

    def of_known_educators(self, educators: dict[str, int]) -> Candidates:
        """These rows less those whose educator is unknown (already an error)."""
        keep = [n for n, email in enumerate(self.emails) if email in educators]
        if len(keep) == len(self.emails):
            return self
        return Candidates(*([column[n] for n in keep] for column in self))


class People(NamedTuple):
    educators: dict[str, int]  # profile id by email
    facilitators: dict[str, int | str]  # user id by email, or why they cannot score


class EnrollmentImporter(Importer):
    kind = "enrollments"
    columns = ("email", "micro_credential", "quarter", "status", "score", "facilitator_email")
    required = ("email", "micro_credential", "quarter", "status")
    key_columns = ("email", "micro_credential", "quarter")

    def __init__(self, *, filename: str):
        super().__init__(filename=filename)
        self.today = timezone.localdate()
        self.micro_credentials: dict[str, MicroCredential] = {}
        for mc in MicroCredential.objects.all():
            self.micro_credentials[mc.code.lower()] = mc
            self.micro_credentials.setdefault(mc.name, mc)
        self._quarters: dict[str, Quarter | str] = {}
        self._scores: dict[str, Decimal | str] = {}
        self._offered: dict[tuple[int, int], str] = {}

    # --- one cell at a time, with caches: a 100,000-row file has few distinct values ---

    def _quarter(self, text: str) -> Quarter | str:
        if text not in self._quarters:
            match = _QUARTERISH.match(text)
            if match and not 1 <= int(match.group(1)) <= 4:
                self._quarters[text] = (
                    f"there is no quarter {match.group(1)}; quarters are Q1 (Jul–Sep) "
                    "to Q4 (Apr–Jun)"
                )
            else:
                try:
                    self._quarters[text] = Quarter.parse(text.upper())
                except ValueError:
                    self._quarters[text] = (
                        f"{text!r} is not a quarter; write it as Qn/yy, e.g. Q2/23"
                    )
        return self._quarters[text]

    def _score(self, text: str) -> Decimal | str:
        if text not in self._scores:
            self._scores[text] = _parse_score(text)
        return self._scores[text]

    def _not_offered(self, mc: MicroCredential, quarter: Quarter) -> str:
        key = (mc.pk, quarter.index)
        if key not in self._offered:
            reason = ""
            if mc.offered_from and mc.offered_from > quarter.last_day:
                reason = (
                    f"{quarter} ended before {mc.name} was first offered "
                    f"({mc.offered_from:%Y-%m-%d})"
                )
            elif mc.retired_on and mc.retired_on <= quarter.first_day:
                reason = f"{mc.name} was retired on {mc.retired_on:%Y-%m-%d}, before {quarter}"
            self._offered[key] = reason
        return self._offered[key]

    def _cells(self, mc_text: str, quarter_text: str, status_text: str, score_text):
        """Check one combination of (cleaned) cells; return its errors and its values.

        Errors are (column, reason) in the order a row reports them. ``score_text`` is
        None where the file has no score column.
        """
        errors = []
        if not mc_text:
            errors.append(("micro_credential", "is required"))
        mc = self.micro_credentials.get(mc_text.lower()) or self.micro_credentials.get(mc_text)
        if mc_text and mc is None:
            errors.append(("micro_credential", f"{mc_text!r} is not a catalog code or name"))
        if not quarter_text:
            errors.append(("quarter", "is required"))
        quarter = self._quarter(quarter_text) if quarter_text else None
        if isinstance(quarter, str):
            errors.append(("quarter", quarter))
            quarter = None
        if mc is not None and quarter is not None and self._not_offered(mc, quarter):
            errors.append(("quarter", self._not_offered(mc, quarter)))
        if not status_text:
            errors.append(("status", "is required"))
        status = status_text.lower()
        if status and status not in STATUSES:
            errors.append(("status", f"{status_text!r} is not one of {', '.join(STATUSES)}"))
        score = self._score(score_text) if score_text is not None else _NO_SCORE
        if isinstance(score, str):
            errors.append(("score", score))
        elif score is not _NO_SCORE:
            errors += self._outcome_errors(status, score, quarter)
        if errors:
            return errors, None
        return errors, Values((mc.pk, quarter.index), status, score)

    def _outcome_errors(self, status: str, score, quarter) -> list[tuple[str, str]]:
        errors = []
        if status == "passed" and score is not None and not score_passes(score):
            errors.append(("score", f"{score} is under 85, so the row cannot be passed"))
        if status == "not_passed" and score is not None and score_passes(score):
            errors.append(("score", f"{score} is 85 or more, which passes; status is not_passed"))
        if status in OUTCOMES and quarter is not None and quarter.first_day > self.today:
            errors.append(("status", f"{quarter} has not started, so there is no outcome yet"))
        return errors

    # --- the whole file, column by column ------------------------------------------
    # Every cell is checked once per distinct value (a 100,000-row file has ~25,000
    # distinct emails and a few dozen distinct micro-credential/quarter/status/score
    # combinations); the per-row pass is dictionary look-ups only.

    def validate_table(self, table: Table, present: set[str]) -> Plan:
        cells = _cells_by_row(table, present)
        checked = {key: self._check(key) for key in set(cells)}
        candidates = self._candidates(table, cells, checked)
        people = self._people(table, candidates)
        # The plan runs even after errors, over the rows whose educator is known, so that a
        # retake is named with the rest instead of only once the other rows are fixed.
        return self._plan(table, candidates.of_known_educators(people.educators), people)

    def _check(self, cells: Cells):
        """(errors, Values or None) of one distinct combination of cells."""
        return self._cells(
            cell(cells.micro_credential), cell(cells.quarter), cell(cells.status), _opt(cells.score)
        )

    def _candidates(self, table: Table, cells: list[Cells], checked: dict) -> Candidates:
        """Every row whose cells are good; the others' errors are recorded."""
        emails = _lowered(table.column("email"), len(table))
        values = [checked[key][1] for key in cells]
        facilitator_emails = _lowered(table.column("facilitator_email"), len(table))
        all_good = None not in values and "" not in emails and not table.extra
        if all_good and not _repeats(emails, values):
            return Candidates(range(len(table)), emails, values, facilitator_emails)
        good = self._row_errors(table, emails, cells, checked)
        return Candidates(
            good,
            [emails[i] for i in good],
            [values[i] for i in good],
            [facilitator_emails[i] for i in good],
        )

    def _people(self, table: Table, rows: Candidates) -> People:
        """The educators and facilitators the rows name; unknown ones are recorded."""
        educators = profiles_by_email(rows.emails)
        wanted = set(rows.facilitator_emails) - {""}
        facilitators = _scorers_by_email(sorted(wanted))
        if (
            any(email not in educators for email in set(rows.emails))
            or len(facilitators) != len(wanted)
            or any(not isinstance(pk, int) for pk in facilitators.values())
        ):
            self._reference_errors(table, rows, educators, facilitators)
        return People(educators, facilitators)

    def _plan(self, table: Table, rows: Candidates, people: People) -> Plan:
        """Each row against what is stored: a create, an update, unchanged or an error."""
        self.cohorts = cohorts = _existing_cohorts({v.cohort_key for v in rows.values})
        existing = existing_enrollments(list(cohorts.values()))
        enrolments = [
            Enrolment(
                people.educators[email], v.cohort_key, v.status, v.score, people.facilitators.get(f)
            )
            for email, v, f in zip(rows.emails, rows.values, rows.facilitator_emails, strict=True)
        ]
        self.errors += retake_errors(
            numbers=[table.numbers[i] for i in rows.indexes],
            educator_ids=[row.educator_id for row in enrolments],
            values=[(row.cohort_key, row.status, row.score) for row in enrolments],
            cohorts=cohorts,
            existing=existing,
            mc_names={mc.pk: mc.name for mc in self.micro_credentials.values()},
        )
        if self.errors:
            self.errors.sort(key=lambda e: e.row)
            return Plan()
        plan = Plan()
        if not existing:
            plan.creates = enrolments
            plan.created_samples = [
                sample(table.row(i), self.key_columns) for i in rows.indexes[:SAMPLE_SIZE]
            ]
            return plan
        for i, row in zip(rows.indexes, enrolments, strict=True):
            cohort_id = cohorts.get(row.cohort_key)
            stored = existing.get((row.educator_id, cohort_id)) if cohort_id else None
            self._plan_row(plan, table, i, row, Stored(*stored) if stored else None)
        return Plan() if self.errors else plan

    def _plan_row(self, plan: Plan, table: Table, i: int, row: Enrolment, stored) -> None:
        if stored is None:
            plan.creates.append(row)
            if len(plan.created_samples) < SAMPLE_SIZE:
                plan.created_samples.append(sample(table.row(i), self.key_columns))
            return
        if row.score is NO_SCORE and not _agrees(row.status, stored.score):
            reason = f"the stored score {stored.score} does not agree with it"
            self.errors.append(RowError(table.numbers[i], "status", reason))
            return
        changes = _changes(stored, row)
        if not changes:
            plan.unchanged += 1
            return
        plan.updates.append(Update(stored.pk, row))
        if len(plan.updated_samples) < SAMPLE_SIZE:
            plan.updated_samples.append(sample(table.row(i), self.key_columns, changes))

    def _row_errors(self, table: Table, emails: list[str], cells: list, checked: dict) -> list[int]:
        """Record each bad row's errors, in row order; return the indexes of good rows.

        A row's errors come in the order of its columns; a row repeating the key of an
        earlier good row is an error on the later row.
        """
        errors, numbers, extra = self.errors, table.numbers, table.extra
        good: list[int] = []
        seen: dict[tuple, int] = {}
        for i, (email, key) in enumerate(zip(emails, cells, strict=True)):
            cell_errors, values = checked[key]
            number = numbers[i]
            if values is None or not email or number in extra:
                if number in extra:
                    errors.append(RowError(number, "-", extra[number]))
                if not email:
                    errors.append(RowError(number, "email", "is required"))
                errors += [RowError(number, column, reason) for column, reason in cell_errors]
                continue
            row_key = (email, values.cohort_key)
            if row_key in seen:
                reason = f"the same {' + '.join(self.key_columns)} is on row {seen[row_key]}"
                errors.append(RowError(number, self.key_columns[0], reason))
                continue
            seen[row_key] = number
            good.append(i)
        return good

    def _reference_errors(self, table: Table, rows: Candidates, educators, facilitators) -> None:
        """Record rows whose educator is unknown or whose facilitator cannot score."""
        for i, email, facilitator_email in zip(
            rows.indexes, rows.emails, rows.facilitator_emails, strict=True
        ):
            number = table.numbers[i]
            if email not in educators:
                reason = "no educator has this email; import educators.csv first"
                self.errors.append(RowError(number, "email", reason))
            if facilitator_email and not isinstance(facilitators.get(facilitator_email), int):
                reason = facilitators.get(facilitator_email, "no such user")
                self.errors.append(RowError(number, "facilitator_email", reason))

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        self._create_cohorts(plan, by=by, reason=reason)
        self._add_facilitators(plan)
        now = timezone.now()
        insert_enrollments(plan.creates, self.cohorts, by=by, reason=reason, now=now)
        update_enrollments(plan.updates, by=by, reason=reason, now=now)

    def _create_cohorts(self, plan: Plan, *, by, reason: str) -> None:
        wanted = {row.cohort_key for row in plan.creates} - set(self.cohorts)
        new = [
            Cohort(micro_credential_id=mc_id, quarter=Quarter.from_index(index))
            for mc_id, index in sorted(wanted)
        ]
        bulk_create_with_history(new, Cohort, default_user=by, default_change_reason=reason)
        self.cohorts.update({(c.micro_credential_id, c.quarter.index): c.pk for c in new})

    def _add_facilitators(self, plan: Plan) -> None:
        rows = [*plan.creates, *(update.row for update in plan.updates)]
        pairs = {(row.cohort_key, row.facilitator_id) for row in rows if row.facilitator_id}
        wanted: dict[int, set[int]] = {}
        for cohort_key, facilitator_id in pairs:
            wanted.setdefault(self.cohorts[cohort_key], set()).add(facilitator_id)
        if not wanted:
            return
        through = Cohort.facilitators.through
        have = set(
            through.objects.filter(cohort_id__in=list(wanted)).values_list("cohort_id", "user_id")
        )
        for cohort in Cohort.objects.filter(pk__in=list(wanted)):
            missing = [pk for pk in wanted[cohort.pk] if (cohort.pk, pk) not in have]
            if missing:
                cohort.facilitators.add(*missing)  # one history record per cohort


def _cells_by_row(table: Table, present: set[str]) -> list[Cells]:
    scores = table.column("score") if "score" in present else repeat(None, len(table))
    return [
        Cells(*raw)
        for raw in zip(
            table.column("micro_credential"),
            table.column("quarter"),
            table.column("status"),
            scores,
            strict=True,
        )
    ]


def _lowered(column: list[str] | None, n: int) -> list[str]:
    """A column's cells cleaned and lowercased (each distinct one once); "" if absent."""
    if column is None:
        return [""] * n
    lowered = {raw: cell(raw).lower() for raw in set(column)}
    return [lowered[raw] for raw in column]


def _repeats(emails: list[str], values: list[Values]) -> bool:
    """Whether two rows share email + micro-credential + quarter."""
    keys = {(email, v.cohort_key) for email, v in zip(emails, values, strict=True)}
    return len(keys) != len(emails)


def _opt(raw: str | None) -> str | None:
    return None if raw is None else cell(raw)


def _parse_score(text: str) -> Decimal | None | str:
    if not text:
        return None
    cleaned = text.removesuffix("%").strip()
    try:
        score = Decimal(cleaned)
    except InvalidOperation:
        return f"{text!r} is not a number"
    if not score.is_finite():
        return f"{text!r} is not a number"
    if not 0 <= score <= 100:
        return f"{text} is outside 0–100"
    if score.as_tuple().exponent < -2:
        return f"{text} has more than two decimal places"
    return score


def _changes(stored: Stored, row: Enrolment) -> list[str]:
    """What importing ``row`` changes in the stored enrolment (nothing: unchanged)."""
    changes = []
    if stored.status != row.status:
        changes.append(f"status: {stored.status} → {row.status}")
    if row.score is not NO_SCORE and stored.score != row.score:
        old = stored.score if stored.score is not None else "—"
        changes.append(f"score: {old} → {row.score if row.score is not None else '—'}")
    if row.facilitator_id and row.facilitator_id != stored.facilitator_id:
        changes.append("facilitator changed")
    return changes


def _agrees(status: str, score: Decimal | None) -> bool:
    if score is None or status not in OUTCOMES:
        return True
    return score_passes(score) == (status == "passed")


def _scorers_by_email(emails: list[str]) -> dict[str, int | str]:
    """User id for each email held by a scorer; a reason (str) for anyone else."""
    roles = [role.value for role in SCORER_ROLES]
    found: dict[str, int | str] = {}
    for chunk in chunks(emails):
        users = dict(User.objects.filter(email__in=chunk).values_list("email", "id"))
        scorers = set(
            User.groups.through.objects.filter(
                user_id__in=list(users.values()), group__name__in=roles
            ).values_list("user_id", flat=True)
        )
        for email, pk in users.items():
            found[email] = (
                pk
                if pk in scorers
                else "this user holds no Facilitator, Reviewer or Lead Facilitator role"
            )
    return found


def _existing_cohorts(keys: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Cohort ids by (micro-credential id, quarter index), for the keys given."""
    mc_ids = sorted({mc_id for mc_id, _ in keys})
    indexes = sorted({index for _, index in keys})
    found = Cohort.objects.filter(micro_credential_id__in=mc_ids, quarter__in=indexes)
    return {
        (mc_id, quarter.index): pk
        for pk, mc_id, quarter in found.values_list("id", "micro_credential_id", "quarter")
    }
