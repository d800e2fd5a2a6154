"""enrollments.csv: an educator in a micro-credential's cohort for a quarter.

Keyed on email + micro_credential + quarter. Cohorts are created as needed and a row's
facilitator joins the cohort's facilitators. The score column, where the file has it,
is taken as written (an empty cell means no score) because score and status go
together; an empty facilitator_email leaves the assigned facilitator as it is.
Importing history does not send the "passed" signal: nothing is notified or issued.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from itertools import repeat

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from accounts.roles import SCORER_ROLES
from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import PASSING_SCORE, Cohort, Enrollment
from exchange.importers.base import (
    SAMPLE_SIZE,
    Importer,
    Plan,
    RowError,
    Table,
    cell,
    chunks,
    profiles_by_email,
    sample,
)
from exchange.importers.fast import (
    NULL,
    copy_insert_with_history,
    copy_update_with_history,
    insert_with_history,
)
from exchange.importers.retakes import retake_errors

STATUSES = {s.value for s in Enrollment.Status}
OUTCOMES = {Enrollment.Status.PASSED.value, Enrollment.Status.NOT_PASSED.value}
_QUARTERISH = re.compile(r"^[Qq](\d+)/(\d{2})$")
_NO_SCORE = object()


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
            errors.append(("micro_credential", f"{mc_text!r} is not a catalogue code or name"))
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
        return errors, ((mc.pk, quarter.index), status, score)

    def _outcome_errors(self, status: str, score, quarter) -> list[tuple[str, str]]:
        errors = []
        if status == "passed" and score is not None and score < PASSING_SCORE:
            errors.append(("score", f"{score} is under 85, so the row cannot be passed"))
        if status == "not_passed" and score is not None and score >= PASSING_SCORE:
            errors.append(("score", f"{score} is 85 or more, which passes; status is not_passed"))
        if status in OUTCOMES and quarter is not None and quarter.first_day > self.today:
            errors.append(("status", f"{quarter} has not started, so there is no outcome yet"))
        return errors

    # --- the whole file, column by column ------------------------------------------
    # Every cell is checked once per distinct value (a 100,000-row file has ~25,000
    # distinct emails and a few dozen distinct micro-credential/quarter/status/score
    # combinations); the per-row pass is dictionary look-ups only.

    def validate_table(self, table: Table, present: set[str]) -> Plan:
        n = len(table)
        raw_emails = table.column("email")
        lowered = {raw: cell(raw).lower() for raw in set(raw_emails)}
        emails = [lowered[raw] for raw in raw_emails]
        score_column = table.column("score") if "score" in present else None
        keys = list(
            zip(
                table.column("micro_credential"),
                table.column("quarter"),
                table.column("status"),
                score_column if score_column is not None else repeat(None, n),
                strict=True,
            )
        )
        combos = {
            key: self._cells(cell(key[0]), cell(key[1]), cell(key[2]), _opt(key[3]))
            for key in set(keys)
        }
        # per row: ((micro-credential id, quarter index), status, score), or None if bad
        values = [combos[key][1] for key in keys]
        raw_facilitators = table.column("facilitator_email")
        if raw_facilitators is None:
            facilitator_emails = [""] * n
        else:
            lowered = {raw: cell(raw).lower() for raw in set(raw_facilitators)}
            facilitator_emails = [lowered[raw] for raw in raw_facilitators]

        if None in values or "" in emails or table.extra or _repeats(emails, values):
            good = self._row_errors(table, emails, keys, combos)
            emails = [emails[i] for i in good]
            values = [values[i] for i in good]
            facilitator_emails = [facilitator_emails[i] for i in good]
        else:
            good = range(n)

        educators = profiles_by_email(emails)
        wanted_facilitators = set(facilitator_emails) - {""}
        facilitators = _scorers_by_email(sorted(wanted_facilitators))
        if (
            any(email not in educators for email in set(emails))
            or len(facilitators) != len(wanted_facilitators)
            or any(not isinstance(pk, int) for pk in facilitators.values())
        ):
            self._reference_errors(table, good, emails, facilitator_emails, educators, facilitators)
        errors = self.errors
        errors.sort(key=lambda e: e.row)
        if errors:
            return Plan()

        self.cohorts = cohorts = _existing_cohorts({v[0] for v in values})
        existing = _existing_enrollments(list(cohorts.values()))
        educator_ids = [educators[email] for email in emails]
        errors += retake_errors(
            numbers=[table.numbers[i] for i in good],
            educator_ids=educator_ids,
            values=values,
            cohorts=cohorts,
            existing=existing,
            mc_names={mc.pk: mc.name for mc in self.micro_credentials.values()},
        )
        if errors:
            errors.sort(key=lambda e: e.row)
            return Plan()
        facilitator_ids = [facilitators.get(email) for email in facilitator_emails]
        plan = Plan()
        if not existing:
            plan.creates = [
                (educator_id, cohort_key, status, score, facilitator_id)
                for educator_id, (cohort_key, status, score), facilitator_id in zip(
                    educator_ids, values, facilitator_ids, strict=True
                )
            ]
            plan.created_samples = [
                sample(table.row(i), self.key_columns) for i in good[:SAMPLE_SIZE]
            ]
            return plan
        creates, updates, numbers = plan.creates, plan.updates, table.numbers
        for i, educator_id, (cohort_key, status, score), facilitator_id in zip(
            good, educator_ids, values, facilitator_ids, strict=True
        ):
            item = (educator_id, cohort_key, status, score, facilitator_id)
            cohort_id = cohorts.get(cohort_key)
            stored = existing.get((educator_id, cohort_id)) if cohort_id else None
            if stored is None:
                creates.append(item)
                if len(plan.created_samples) < SAMPLE_SIZE:
                    plan.created_samples.append(sample(table.row(i), self.key_columns))
                continue
            _, old_status, old_score, old_facilitator = stored
            if score is _NO_SCORE and not _agrees(status, old_score):
                reason = f"the stored score {old_score} does not agree with it"
                errors.append(RowError(numbers[i], "status", reason))
                continue
            if (
                old_status == status
                and (score is _NO_SCORE or score == old_score)
                and (not facilitator_id or facilitator_id == old_facilitator)
            ):
                plan.unchanged += 1
                continue
            updates.append((stored[0], item))
            if len(plan.updated_samples) < SAMPLE_SIZE:
                changes = _changes(stored, status, score, facilitator_id)
                plan.updated_samples.append(sample(table.row(i), self.key_columns, changes))
        return Plan() if errors else plan

    def _row_errors(self, table: Table, emails: list[str], keys: list, combos: dict) -> list[int]:
        """Record each bad row's errors, in row order; return the indexes of good rows.

        A row's errors come in the order of its columns; a row repeating the key of an
        earlier good row is an error on the later row.
        """
        errors, numbers, extra = self.errors, table.numbers, table.extra
        good: list[int] = []
        seen: dict[tuple, int] = {}
        for i, (email, key) in enumerate(zip(emails, keys, strict=True)):
            cell_errors, values = combos[key]
            number = numbers[i]
            if values is None or not email or number in extra:
                if number in extra:
                    errors.append(RowError(number, "-", extra[number]))
                if not email:
                    errors.append(RowError(number, "email", "is required"))
                errors += [RowError(number, column, reason) for column, reason in cell_errors]
                continue
            row_key = (email, values[0])
            if row_key in seen:
                reason = f"the same {' + '.join(self.key_columns)} is on row {seen[row_key]}"
                errors.append(RowError(number, self.key_columns[0], reason))
                continue
            seen[row_key] = number
            good.append(i)
        return good

    def _reference_errors(
        self, table, good, emails, facilitator_emails, educators, facilitators
    ) -> None:
        """Record rows whose educator is unknown or whose facilitator cannot score."""
        for i, email, facilitator_email in zip(good, emails, facilitator_emails, strict=True):
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
        cohorts = self.cohorts
        unpaid = Enrollment.Payment.UNPAID.value
        if connection.vendor == "postgresql":
            texts: dict = {None: NULL, _NO_SCORE: NULL}
            lines = []
            for educator_id, cohort_key, status, score, facilitator_id in plan.creates:
                score_text = texts.get(score)
                if score_text is None:
                    score_text = texts[score] = str(score)
                lines.append(
                    f"{educator_id}\t{cohorts[cohort_key]}\t{status}\t{score_text}\t"
                    f"{facilitator_id or NULL}\n"
                )
            copy_insert_with_history(
                Enrollment,
                ["educator_id", "cohort_id", "status", "score", "facilitator_id"],
                "".join(lines),
                constants={"payment_state": unpaid, "enrolled_at": now, "updated_at": now},
                by=by,
                reason=reason,
                when=now,
            )
        else:
            rows = [
                {
                    "educator_id": educator_id,
                    "cohort_id": cohorts[cohort_key],
                    "status": status,
                    "score": None if score is _NO_SCORE else score,
                    "facilitator_id": facilitator_id,
                    "payment_state": unpaid,
                    "enrolled_at": now,
                    "updated_at": now,
                }
                for educator_id, cohort_key, status, score, facilitator_id in plan.creates
            ]
            insert_with_history(Enrollment, rows, by=by, reason=reason, when=now)
        self._apply_updates(plan.updates, by=by, reason=reason, now=now)

    def _create_cohorts(self, plan: Plan, *, by, reason: str) -> None:
        wanted = {item[1] for item in plan.creates} - set(self.cohorts)
        new = [
            Cohort(micro_credential_id=mc_id, quarter=Quarter.from_index(index))
            for mc_id, index in sorted(wanted)
        ]
        bulk_create_with_history(new, Cohort, default_user=by, default_change_reason=reason)
        self.cohorts.update({(c.micro_credential_id, c.quarter.index): c.pk for c in new})

    def _add_facilitators(self, plan: Plan) -> None:
        pairs = {(item[1], item[4]) for item in plan.creates if item[4]}
        pairs |= {(item[1], item[4]) for _, item in plan.updates if item[4]}
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

    def _apply_updates(self, updates: list, *, by, reason: str, now: dt.datetime) -> None:
        if not updates:
            return
        if connection.vendor == "postgresql":
            # One UPDATE … FROM a staged table; an empty score cell of a file without the
            # score column, or an empty facilitator, keeps what is stored.
            lines = []
            for pk, (_, _, status, score, facilitator_id) in updates:
                keep = score is _NO_SCORE
                lines.append(
                    f"{pk}\t{status}\t{NULL if keep or score is None else score}\t"
                    f"{'t' if keep else 'f'}\t{facilitator_id or NULL}\n"
                )
            copy_update_with_history(
                Enrollment,
                staged={
                    "id": "bigint",
                    "status": "text",
                    "score": "numeric",
                    "keep_score": "boolean",
                    "facilitator_id": "bigint",
                },
                data="".join(lines),
                assignments={
                    "status": "s.status",
                    "score": "CASE WHEN s.keep_score THEN t.score ELSE s.score END",
                    "facilitator_id": "COALESCE(s.facilitator_id, t.facilitator_id)",
                    "updated_at": "%(when)s",
                },
                by=by,
                reason=reason,
                when=now,
            )
            return
        wanted = dict(updates)
        enrollments = []
        for chunk in chunks(list(wanted)):
            enrollments += Enrollment.objects.filter(pk__in=chunk)
        for enrollment in enrollments:
            _, _, status, score, facilitator_id = wanted[enrollment.pk]
            enrollment.status = status
            if score is not _NO_SCORE:
                enrollment.score = score
            if facilitator_id:
                enrollment.facilitator_id = facilitator_id
            enrollment.updated_at = now
        bulk_update_with_history(
            enrollments,
            Enrollment,
            ["status", "score", "facilitator", "updated_at"],
            batch_size=1000,
            default_user=by,
            default_change_reason=reason,
            default_date=now,
        )


def _repeats(emails: list[str], values: list[tuple]) -> bool:
    """Whether two rows share email + micro-credential + quarter."""
    keys = {(email, v[0]) for email, v in zip(emails, values, strict=True)}
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


def _changes(stored: tuple, status: str, score, facilitator_id) -> list[str]:
    _, old_status, old_score, old_facilitator = stored
    changes = []
    if old_status != status:
        changes.append(f"status: {old_status} → {status}")
    if score is not _NO_SCORE and old_score != score:
        changes.append(f"score: {old_score if old_score is not None else '—'} → {score or '—'}")
    if facilitator_id and facilitator_id != old_facilitator:
        changes.append("facilitator changed")
    return changes


def _agrees(status: str, score: Decimal | None) -> bool:
    if score is None or status not in OUTCOMES:
        return True
    return (score >= PASSING_SCORE) == (status == "passed")


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


def _existing_enrollments(cohort_ids: list[int]) -> dict[tuple[int, int], tuple]:
    """(id, status, score, facilitator id) by (educator id, cohort id) in those cohorts."""
    found = {}
    if not cohort_ids:
        return found
    if connection.vendor == "postgresql":  # one query, no model layer: 100,000 rows is common
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, educator_id, cohort_id, status, score, facilitator_id "  # noqa: S608
                f"FROM {Enrollment._meta.db_table} WHERE cohort_id = ANY(%s)",
                [sorted(cohort_ids)],
            )
            for pk, educator_id, cohort_id, status, score, facilitator_id in cursor.fetchall():
                found[(educator_id, cohort_id)] = (pk, status, score, facilitator_id)
        return found
    for chunk in chunks(cohort_ids):
        for pk, educator_id, cohort_id, status, score, facilitator_id in Enrollment.objects.filter(
            cohort_id__in=chunk
        ).values_list("id", "educator_id", "cohort_id", "status", "score", "facilitator_id"):
            found[(educator_id, cohort_id)] = (pk, status, score, facilitator_id)
    return found
