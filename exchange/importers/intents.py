"""intents.csv: an educator's intent to enrol in a programme, keyed on email + program.

The educator must already exist (import educators.csv first). A row matches the
educator's open intent for the programme if there is one, else an intent of theirs for
it submitted on the same day; otherwise a new intent awaits the LAC's review.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalogue.models import Programme
from enrollment.models import Intent
from exchange.importers.base import Importer, Plan, Row, chunks
from exchange.importers.fast import profiles_by_email

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class IntentImporter(Importer):
    kind = "intents"
    columns = ("email", "program", "submitted_on")
    required = columns
    key_columns = ("email", "program")

    def _clean(self, row: Row, programmes: dict[str, int], today: dt.date) -> dict | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        email = self.required_cell(row, "email").lower()
        program = self.required_cell(row, "program")
        programme_id = programmes.get(program.lower())
        if program and programme_id is None:
            self.error(row, "program", f"{program!r} is not a program; write {self.names}")
        submitted = self.required_cell(row, "submitted_on")
        day = None
        if submitted:
            day = _parse_date(submitted)
            if day is None:
                self.error(row, "submitted_on", f"{submitted!r} is not a date; write YYYY-MM-DD")
            elif day > today:
                self.error(row, "submitted_on", f"{submitted} is in the future")
        if len(self.errors) != before:
            return None
        return {"email": email, "programme_id": programme_id, "submitted_on": day}

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        pairs = list(Programme.objects.values_list("id", "name"))
        programmes = {name.lower(): pk for pk, name in pairs}
        self.names = " or ".join(name for _, name in pairs)
        today = timezone.localdate()
        cleaned, seen = [], {}
        for row in rows:
            values = self._clean(row, programmes, today)
            if values is None:
                continue
            if not self.check_duplicate(row, (values["email"], values["programme_id"]), seen):
                cleaned.append((row, values))
        profiles = profiles_by_email([values["email"] for _, values in cleaned])
        for row, values in cleaned:
            values["educator_id"] = profiles.get(values["email"])
            if values["educator_id"] is None:
                self.error(row, "email", "no educator has this email; import educators.csv first")
        plan = Plan()
        if self.errors:
            return plan
        existing = _existing_intents(sorted(set(profiles.values())))
        for row, values in cleaned:
            key = (values["educator_id"], values["programme_id"])
            intents = existing.get(key, [])
            open_intent = next((i for i in intents if i["status"] in Intent.OPEN_STATUSES), None)
            same_day = any(i["submitted_on"] == values["submitted_on"] for i in intents)
            if open_intent and open_intent["submitted_on"] != values["submitted_on"]:
                change = f"submitted_on: {open_intent['submitted_on']} → {values['submitted_on']}"
                plan.add_update((open_intent["id"], values), row, self.key_columns, [change])
            elif open_intent or same_day:
                plan.unchanged += 1
            else:
                plan.add_create(values, row, self.key_columns)
        return plan

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        new = [
            Intent(
                educator_id=v["educator_id"],
                programme_id=v["programme_id"],
                submitted_on=v["submitted_on"],
            )
            for v in plan.creates
        ]
        bulk_create_with_history(
            new, Intent, batch_size=1000, default_user=by, default_change_reason=reason
        )
        if not plan.updates:
            return
        wanted = dict(plan.updates)
        intents = []
        for chunk in chunks(list(wanted)):
            intents += Intent.objects.filter(pk__in=chunk)
        for intent in intents:
            intent.submitted_on = wanted[intent.pk]["submitted_on"]
        bulk_update_with_history(
            intents,
            Intent,
            ["submitted_on"],
            batch_size=1000,
            default_user=by,
            default_change_reason=reason,
        )


def _parse_date(text: str) -> dt.date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _existing_intents(educator_ids: list[int]) -> dict[tuple[int, int], list[dict]]:
    found: dict[tuple[int, int], list[dict]] = {}
    for chunk in chunks(educator_ids):
        for intent in Intent.objects.filter(educator_id__in=chunk).values(
            "id", "educator_id", "programme_id", "status", "submitted_on"
        ):
            found.setdefault((intent["educator_id"], intent["programme_id"]), []).append(intent)
    return found
