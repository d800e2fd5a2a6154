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

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from accounts.roles import SCORER_ROLES
from apl.quarters import Quarter
from catalogue.models import MicroCredential
from enrollment.models import PASSING_SCORE, Cohort, Enrollment
from exchange.importers.base import Importer, Plan, Row, chunks, profiles_by_email
from exchange.importers.fast import insert_with_history

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

    def _clean(self, row: Row, has_score: bool) -> tuple | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        email = self.required_cell(row, "email").lower()
        mc_text = self.required_cell(row, "micro_credential")
        mc = self.micro_credentials.get(mc_text.lower()) or self.micro_credentials.get(mc_text)
        if mc_text and mc is None:
            self.error(row, "micro_credential", f"{mc_text!r} is not a catalogue code or name")
        quarter_text = self.required_cell(row, "quarter")
        quarter = self._quarter(quarter_text) if quarter_text else None
        if isinstance(quarter, str):
            self.error(row, "quarter", quarter)
            quarter = None
        if mc is not None and quarter is not None and self._not_offered(mc, quarter):
            self.error(row, "quarter", self._not_offered(mc, quarter))
        status = self.required_cell(row, "status").lower()
        if status and status not in STATUSES:
            self.error(row, "status", f"{row['status']!r} is not one of {', '.join(STATUSES)}")
        score = self._score(row["score"]) if has_score else _NO_SCORE
        if isinstance(score, str):
            self.error(row, "score", score)
        elif score is not _NO_SCORE:
            self._check_outcome(row, status, score, quarter)
        if len(self.errors) != before:
            return None
        return (email, mc.pk, quarter, status, score, row["facilitator_email"].lower())

    def _check_outcome(self, row: Row, status: str, score, quarter) -> None:
        if status == "passed" and score is not None and score < PASSING_SCORE:
            self.error(row, "score", f"{score} is under 85, so the row cannot be passed")
        if status == "not_passed" and score is not None and score >= PASSING_SCORE:
            self.error(row, "score", f"{score} is 85 or more, which passes; status is not_passed")
        if status in OUTCOMES and quarter is not None and quarter.first_day > self.today:
            self.error(row, "status", f"{quarter} has not started, so there is no outcome yet")

    # --- the whole file against the database ----------------------------------------

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        has_score = "score" in present
        cleaned, seen = [], {}
        for row in rows:
            values = self._clean(row, has_score)
            if values is not None and not self.check_duplicate(row, values[:3], seen):
                cleaned.append((row, values))
        educators = profiles_by_email([v[0] for _, v in cleaned])
        facilitators = _scorers_by_email(sorted({v[5] for _, v in cleaned if v[5]}))
        for row, values in cleaned:
            if values[0] not in educators:
                self.error(row, "email", "no educator has this email; import educators.csv first")
            if values[5] and not isinstance(facilitators.get(values[5]), int):
                self.error(row, "facilitator_email", facilitators.get(values[5], "no such user"))
        self.errors.sort(key=lambda e: e.row)
        plan = Plan()
        if self.errors:
            return plan
        self.cohorts = _existing_cohorts({(v[1], v[2]) for _, v in cleaned})
        existing = _existing_enrollments(list(self.cohorts.values()))
        for row, (email, mc_id, quarter, status, score, fac_email) in cleaned:
            educator_id = educators[email]
            facilitator_id = facilitators.get(fac_email)
            cohort_id = self.cohorts.get((mc_id, quarter.index))
            stored = existing.get((educator_id, cohort_id)) if cohort_id else None
            item = (educator_id, (mc_id, quarter.index), status, score, facilitator_id)
            if stored is None:
                plan.add_create(item, row, self.key_columns)
                continue
            if score is _NO_SCORE and not _agrees(status, stored[2]):
                self.error(row, "status", f"the stored score {stored[2]} does not agree with it")
                continue
            changes = _changes(stored, status, score, facilitator_id)
            if changes:
                plan.add_update((stored[0], item), row, self.key_columns, changes)
            else:
                plan.unchanged += 1
        return Plan() if self.errors else plan

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        self._create_cohorts(plan, by=by, reason=reason)
        self._add_facilitators(plan)
        now = timezone.now()
        rows = [
            {
                "educator_id": educator_id,
                "cohort_id": self.cohorts[cohort_key],
                "status": status,
                "score": None if score is _NO_SCORE else score,
                "facilitator_id": facilitator_id,
                "payment_state": Enrollment.Payment.UNPAID.value,
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
        wanted: dict[int, set[int]] = {}
        items = [*plan.creates, *(item for _, item in plan.updates)]
        for _, cohort_key, _, _, facilitator_id in items:
            if facilitator_id:
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


def _existing_cohorts(keys: set[tuple[int, Quarter]]) -> dict[tuple[int, int], int]:
    mc_ids = sorted({mc_id for mc_id, _ in keys})
    indexes = sorted({quarter.index for _, quarter in keys})
    found = Cohort.objects.filter(micro_credential_id__in=mc_ids, quarter__in=indexes)
    return {
        (mc_id, quarter.index): pk
        for pk, mc_id, quarter in found.values_list("id", "micro_credential_id", "quarter")
    }


def _existing_enrollments(cohort_ids: list[int]) -> dict[tuple[int, int], tuple]:
    found = {}
    for chunk in chunks(cohort_ids):
        for pk, educator_id, cohort_id, status, score, facilitator_id in Enrollment.objects.filter(
            cohort_id__in=chunk
        ).values_list("id", "educator_id", "cohort_id", "status", "score", "facilitator_id"):
            found[(educator_id, cohort_id)] = (pk, status, score, facilitator_id)
    return found
