"""advancement.csv: years at level, evaluations and mentorship, keyed on email.

``email, years_at_current_level, evaluations_successful (yes|no), mentorship_completed
(yes|no)``; the educator must exist. Registered with exchange's importers, so it runs
through the one import path (all or nothing, every bad row named, audited), from the
LAC's import page and ``import_records advancement FILE``.
"""

from __future__ import annotations

from simple_history.utils import bulk_update_with_history

from directory.forms import MAX_YEARS
from directory.services import ADVANCEMENT_FIELDS
from enrollment.models import EducatorProfile
from exchange.importers.base import Importer, Plan, Row, chunks
from exchange.importers.fast import profiles_by_email

YES_NO = {"yes": True, "no": False}


class AdvancementImporter(Importer):
    kind = "advancement"
    label = "Years at level, evaluations and mentorship (advancement.csv)"
    columns = ("email", *ADVANCEMENT_FIELDS)
    required = columns
    key_columns = ("email",)

    def _clean(self, row: Row) -> dict | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        email = self.required_cell(row, "email").lower()
        years = self.required_cell(row, "years_at_current_level")
        if years and not (years.isdigit() and int(years) <= MAX_YEARS):
            self.error(
                row, "years_at_current_level", f"{years!r} is not a whole number 0–{MAX_YEARS}"
            )
        flags = {}
        for column in ("evaluations_successful", "mentorship_completed"):
            value = self.required_cell(row, column)
            if value and value.lower() not in YES_NO:
                self.error(row, column, f"{value!r} is not yes or no")
            flags[column] = YES_NO.get(value.lower())
        if len(self.errors) != before:
            return None
        return {"email": email, "years_at_current_level": int(years), **flags}

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        cleaned, seen = [], {}
        for row in rows:
            values = self._clean(row)
            if values is not None and not self.check_duplicate(row, values["email"], seen):
                cleaned.append((row, values))
        profiles = profiles_by_email([values["email"] for _, values in cleaned])
        for row, values in cleaned:
            if values["email"] not in profiles:
                self.error(row, "email", "no educator has this email; import educators.csv first")
        plan = Plan()
        if self.errors:
            return plan
        current = {}
        for chunk in chunks(sorted(set(profiles.values()))):
            for p in EducatorProfile.objects.filter(pk__in=chunk).values("pk", *ADVANCEMENT_FIELDS):
                current[p["pk"]] = p
        for row, values in cleaned:
            pk = profiles[values["email"]]
            changes = [
                f"{name}: {current[pk][name]} → {values[name]}"
                for name in ADVANCEMENT_FIELDS
                if current[pk][name] != values[name]
            ]
            if changes:
                plan.add_update((pk, values), row, self.key_columns, changes)
            else:
                plan.unchanged += 1
        return plan

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        wanted = dict(plan.updates)
        profiles = []
        for chunk in chunks(list(wanted)):
            profiles += EducatorProfile.objects.filter(pk__in=chunk)
        for profile in profiles:
            for name in ADVANCEMENT_FIELDS:
                setattr(profile, name, wanted[profile.pk][name])
        bulk_update_with_history(
            profiles,
            EducatorProfile,
            list(ADVANCEMENT_FIELDS),
            batch_size=1000,
            default_user=by,
            default_change_reason=reason,
        )
