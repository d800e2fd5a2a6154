"""districts.csv and licenses.csv: all or nothing, every bad row named, re-import idempotent.

Registered with ``import_records`` from this app's AppConfig.ready.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from districts.models import District
from enrollment.models import EducatorProfile
from exchange.importers.base import Importer, Plan, Row
from exchange.importers.fast import profiles_by_email
from exchange.importers.intents import _parse_date
from renewal.models import License, PastLicense

YES_NO = {"yes": True, "no": False}


class DistrictImporter(Importer):
    """``code, name, renewal_option (1|2), option_from, high_need (yes|no)``; key: code."""

    kind = "districts"
    label = "Districts and their renewal option (districts.csv)"
    columns = ("code", "name", "renewal_option", "option_from", "high_need")
    required = ("code", "name", "renewal_option", "high_need")
    key_columns = ("code",)

    def _clean(self, row: Row) -> dict | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        code = self.required_cell(row, "code")
        self.too_long(row, "code", 20)
        name = self.required_cell(row, "name")
        self.too_long(row, "name", 160)
        option = self.required_cell(row, "renewal_option")
        if option and option not in ("1", "2"):
            self.error(row, "renewal_option", f"{option!r} is not 1 or 2")
        option_from = self._option_from(row, option)
        high_need = YES_NO.get(self.required_cell(row, "high_need").lower())
        if row["high_need"] and high_need is None:
            self.error(row, "high_need", f"{row['high_need']!r} is not yes or no")
        if len(self.errors) != before:
            return None
        return {
            "code": code,
            "name": name,
            "renewal_option": int(option),
            "option_from": option_from,
            "high_need": high_need,
        }

    def _option_from(self, row: Row, option: str) -> dt.date | None:
        text = row["option_from"]
        if option == "1" and text:
            self.error(row, "option_from", "must be empty when renewal_option is 1")
        elif option == "2" and not text:
            self.error(row, "option_from", "is required when renewal_option is 2")
        elif text:
            day = _parse_date(text)
            if day is None:
                self.error(row, "option_from", f"{text!r} is not a date; write YYYY-MM-DD")
            return day
        return None

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        codes, names = {}, {}
        cleaned = []
        for row in rows:
            values = self._clean(row)
            if values is None:
                continue
            duplicate = self.check_duplicate(row, values["code"].lower(), codes)
            if values["name"] in names:
                self.error(row, "name", f"the same name is on row {names[values['name']]}")
            else:
                names[values["name"]] = row.number
            if not duplicate:
                cleaned.append((row, values))
        existing = {d.code.lower(): d for d in District.objects.all()}
        owner_of_name = {d.name: d.code.lower() for d in existing.values()}
        plan = Plan()
        for row, values in cleaned:
            owner = owner_of_name.get(values["name"])
            if owner is not None and owner != values["code"].lower() and owner not in codes:
                self.error(row, "name", f"{values['name']!r} is the name of district {owner}")
                continue
            self._plan_row(plan, row, values, existing.get(values["code"].lower()))
        self.errors.sort(key=lambda error: error.row)
        return plan

    def _plan_row(self, plan: Plan, row: Row, values: dict, district: District | None) -> None:
        if district is None:
            plan.add_create(values, row, self.key_columns)
            return
        changes = [
            f"{name}: {getattr(district, name)!r} → {values[name]!r}"
            for name in ("name", "renewal_option", "option_from", "high_need")
            if getattr(district, name) != values[name]
        ]
        if changes:
            plan.add_update((district.pk, values), row, self.key_columns, changes)
        else:
            plan.unchanged += 1

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        # Names may move between codes within one file: free them before writing.
        updates = dict(plan.updates)
        for district in District.objects.filter(pk__in=list(updates)):
            district.name = f"~renaming {district.pk}~"
            district.save(update_fields=["name"])
        for pk, values in updates.items():
            district = District.objects.get(pk=pk)
            for name in ("name", "renewal_option", "option_from", "high_need"):
                setattr(district, name, values[name])
            _save(district, by=by, reason=reason)
        for values in plan.creates:
            _save(District(**values), by=by, reason=reason)


class LicenseImporter(Importer):
    """``email, license_number, license_level (1|2|3), cycle_start``; key: license_number.

    One license per educator: a row for an educator who holds another number replaces it,
    and the replaced license is kept as a past license.
    """

    kind = "licenses"
    label = "Licenses and renewal cycles (licenses.csv)"
    columns = ("email", "license_number", "license_level", "cycle_start")
    required = columns
    key_columns = ("license_number",)

    def _clean(self, row: Row) -> dict | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        email = self.required_cell(row, "email").lower()
        number = self.required_cell(row, "license_number")
        self.too_long(row, "license_number", 40)
        level = self.required_cell(row, "license_level")
        if level and level not in ("1", "2", "3"):
            self.error(row, "license_level", f"{level!r} is not 1, 2 or 3")
        start = self.required_cell(row, "cycle_start")
        day = _parse_date(start) if start else None
        if start and day is None:
            self.error(row, "cycle_start", f"{start!r} is not a date; write YYYY-MM-DD")
        if len(self.errors) != before:
            return None
        return {"email": email, "number": number, "level": int(level), "cycle_start": day}

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        numbers, emails, cleaned = {}, {}, []
        for row in rows:
            values = self._clean(row)
            if values is None:
                continue
            if self.check_duplicate(row, values["number"], numbers):
                continue
            if values["email"] in emails:
                self.error(
                    row,
                    "email",
                    f"one license per educator; this email is on row {emails[values['email']]}",
                )
                continue
            emails[values["email"]] = row.number
            cleaned.append((row, values))
        profiles = profiles_by_email([values["email"] for _, values in cleaned])
        licenses = {lic.educator_id: lic for lic in License.objects.all()}
        holders = {lic.number: lic.educator_id for lic in licenses.values()}
        plan = Plan()
        for row, values in cleaned:
            educator_id = profiles.get(values["email"])
            if educator_id is None:
                self.error(row, "email", "no educator has this email; import educators.csv first")
                continue
            holder = holders.get(values["number"])
            if holder is not None and holder != educator_id:
                self.error(row, "license_number", "is held by another educator")
                continue
            values["educator_id"] = educator_id
            self._plan_row(plan, row, values, licenses.get(educator_id))
        self.errors.sort(key=lambda error: error.row)
        return plan

    def _plan_row(self, plan: Plan, row: Row, values: dict, current: License | None) -> None:
        if current is None:
            plan.add_create(values, row, self.key_columns)
            return
        changes = [
            f"{name}: {getattr(current, name)} → {values[name]}"
            for name in ("number", "level", "cycle_start")
            if getattr(current, name) != values[name]
        ]
        if changes:
            plan.add_update((current.pk, values), row, self.key_columns, changes)
        else:
            plan.unchanged += 1

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        today = timezone.localdate()
        for values in plan.creates:
            license = License(
                educator_id=values["educator_id"],
                number=values["number"],
                level=values["level"],
                cycle_start=values["cycle_start"],
                level_since=values["cycle_start"],
            )
            _save(license, by=by, reason=reason)
            _sync_profile(license, by=by, reason=reason)
        updates = dict(plan.updates)
        current = {lic.pk: lic for lic in License.objects.filter(pk__in=list(updates))}
        # Free every number that changes hands first, so that the unique number holds.
        for pk, values in updates.items():
            if current[pk].number != values["number"]:
                License.objects.filter(pk=pk).update(number=f"~replacing {pk}~")
        for pk, values in updates.items():
            license = current[pk]
            _replace_or_update(license, values, today=today)
            _save(license, by=by, reason=reason)
            _sync_profile(license, by=by, reason=reason)


def _replace_or_update(license: License, values: dict, *, today: dt.date) -> None:
    if license.number != values["number"]:
        PastLicense.objects.create(
            educator_id=license.educator_id,
            number=license.number,
            level=license.level,
            cycle_start=license.cycle_start,
            level_since=license.level_since,
            replaced_on=today,
        )
    if license.level != values["level"]:
        license.level_since = values["cycle_start"]
    else:
        license.level_since = min(license.level_since, values["cycle_start"])
    license.number = values["number"]
    license.level = values["level"]
    license.cycle_start = values["cycle_start"]


def _sync_profile(license: License, *, by, reason: str) -> None:
    """The profile's license number and level follow the license record."""
    profile = EducatorProfile.objects.get(pk=license.educator_id)
    if (profile.license_number, profile.license_level) != (license.number, license.level):
        profile.license_number, profile.license_level = license.number, license.level
        _save(profile, by=by, reason=reason)


def _save(obj, *, by, reason: str) -> None:
    obj.full_clean(validate_unique=False)
    obj._change_reason = reason
    if by is not None:
        obj._history_user = by
    obj.save()
