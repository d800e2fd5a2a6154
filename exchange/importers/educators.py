"""educators.csv: one row per educator, keyed on email (case-insensitive).

An imported educator becomes a user with no usable password (they claim the account
with "forgot password"), the Educator role and an educator profile. An optional column
left out of the file, or an empty optional cell, leaves the stored value as it is.
"""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from accounts.roles import Role
from districts.models import District
from enrollment.models import PROFILE_FIELDS as COLUMNS
from enrollment.models import PROFILE_WRITTEN_FIELDS, EducatorProfile
from exchange.importers.base import Importer, Plan, Row, chunks
from exchange.importers.fast import insert_rows, insert_with_history

# The profile as stored: each field as written, and after the district the District it names.
PROFILE_FIELDS = tuple(
    stored
    for name in PROFILE_WRITTEN_FIELDS
    for stored in ((name, "district_id") if name == "district_as_written" else (name,))
)
USER_FIELDS = ("first_name", "last_name")
YES_NO = {"yes": True, "no": False}


def users_by_email(emails: list[str]) -> dict[str, dict]:
    """Existing users with their profile's values, by lowercased email."""
    found = {}
    values = ("id", "email", "first_name", "last_name", "educator_profile__id")
    values += tuple(f"educator_profile__{name}" for name in PROFILE_FIELDS)
    for chunk in chunks(emails):
        for user in User.objects.filter(email__in=chunk).values(*values):
            found[user["email"]] = user
    return found


class EducatorImporter(Importer):
    kind = "educators"
    columns = ("email", "first_name", "last_name", *COLUMNS)
    required = ("email", "first_name", "last_name", "license_number")
    key_columns = ("email",)

    def _clean(self, row: Row) -> dict | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        email = self.required_cell(row, "email").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error(row, "email", f"{row['email']!r} is not an email address")
        values = {"email": email}
        for name, limit in (("first_name", 150), ("last_name", 150), ("license_number", 40)):
            values[name] = self.required_cell(row, name)
            self.too_long(row, name, limit)
        if row["district"] and not self.too_long(row, "district", 120):
            values["district_as_written"] = row["district"]
        if row["school"] and not self.too_long(row, "school", 120):
            values["school"] = row["school"]
        if row["license_level"]:
            if row["license_level"] in ("1", "2", "3"):
                values["license_level"] = int(row["license_level"])
            else:
                self.error(row, "license_level", f"{row['license_level']!r} is not 1, 2 or 3")
        for name in ("masters_degree", "nbct"):
            if row[name]:
                answer = YES_NO.get(row[name].lower())
                if answer is None:
                    self.error(row, name, f"{row[name]!r} is not yes or no")
                else:
                    values[name] = answer
        return values if len(self.errors) == before else None

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        cleaned: list[tuple[Row, dict]] = []
        seen: dict = {}
        for row in rows:
            values = self._clean(row)
            if values is not None and not self.check_duplicate(row, values["email"], seen):
                cleaned.append((row, values))
        plan = Plan()
        if self.errors:
            return plan
        existing = users_by_email([values["email"] for _, values in cleaned])
        self._match_districts(cleaned)
        for row, values in cleaned:
            user = existing.get(values["email"])
            if user is None:
                plan.add_create(("new", values), row, self.key_columns)
            elif user["educator_profile__id"] is None:
                plan.add_create(
                    ("profile", {**values, "user_id": user["id"]}), row, self.key_columns
                )
            else:
                changes = [
                    f"{name}: {_stored(user, name)!r} → {values[name]!r}"
                    for name in values
                    if name != "email" and _stored(user, name) != values[name]
                ]
                if changes:
                    plan.add_update((user, values), row, self.key_columns, changes)
                else:
                    plan.unchanged += 1
        return plan

    def _match_districts(self, cleaned: list[tuple[Row, dict]]) -> None:
        """Link each written district to the district of that code or exact name.

        A value that matches none is kept as written and leaves the educator without a
        district (option 1) until the LAC matches it: a warning, not an error.
        """
        codes, names = district_index()
        for row, values in cleaned:
            written = values.get("district_as_written")
            if written is None:
                continue
            values["district_id"] = codes.get(written.lower()) or names.get(written)
            if values["district_id"] is None:
                self.warn(
                    row,
                    "district",
                    f"{written!r} matches no district code or name; kept as written, "
                    "the educator has no district until it is matched",
                )

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        now = timezone.now()
        new = [values for how, values in plan.creates if how == "new"]
        user_rows = [
            {
                "email": v["email"],
                "first_name": v["first_name"],
                "last_name": v["last_name"],
                "password": _unusable_password(),
            }
            for v in new
        ]
        user_ids = dict(
            zip((v["email"] for v in new), insert_rows(User, user_rows, when=now), strict=True)
        )
        insert_rows(
            EmailAddress,
            [
                {"user_id": pk, "email": email, "primary": True, "verified": False}
                for email, pk in user_ids.items()
            ],
            when=now,
        )
        user_ids.update({v["email"]: v["user_id"] for how, v in plan.creates if how == "profile"})
        group = Group.objects.get(name=Role.EDUCATOR.value)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=pk, group_id=group.pk) for pk in user_ids.values()],
            batch_size=1000,
            ignore_conflicts=True,
        )
        profiles = [
            {
                "user_id": user_ids[values["email"]],
                **{k: v for k, v in values.items() if k in PROFILE_FIELDS},
            }
            for _, values in plan.creates
        ]
        _fill_profile_defaults(profiles)
        insert_with_history(EducatorProfile, profiles, by=by, reason=reason, when=now)
        self._apply_updates(plan.updates, by=by, reason=reason)

    def _apply_updates(self, updates: list, *, by, reason: str) -> None:
        """Load the records to change (so that history copies every field) and rewrite them."""
        if not updates:
            return
        wanted = {stored["educator_profile__id"]: values for stored, values in updates}
        profiles = []
        for chunk in chunks(list(wanted)):
            profiles += EducatorProfile.objects.filter(pk__in=chunk).select_related("user")
        for profile in profiles:
            values = wanted[profile.pk]
            for name in USER_FIELDS:
                setattr(profile.user, name, values[name])
            for name in PROFILE_FIELDS:
                if name in values:
                    setattr(profile, name, values[name])
        User.objects.bulk_update([p.user for p in profiles], list(USER_FIELDS), batch_size=1000)
        bulk_update_with_history(
            profiles,
            EducatorProfile,
            list(PROFILE_FIELDS),
            batch_size=1000,
            default_user=by,
            default_change_reason=reason,
        )


def district_index() -> tuple[dict[str, int], dict[str, int]]:
    """District ids by lowercased code and by exact name (one small query)."""
    codes, names = {}, {}
    for pk, code, name in District.objects.values_list("id", "code", "name"):
        codes[code.lower()] = pk
        names[name] = pk
    return codes, names


def _stored(user: dict, name: str):
    return user[name] if name in USER_FIELDS else user[f"educator_profile__{name}"]


def _unusable_password() -> str:
    """What set_unusable_password stores, without its slow per-character randomness."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _fill_profile_defaults(rows: list[dict]) -> None:
    """Every row names the same columns (COPY writes one column list)."""
    for row in rows:
        for name in PROFILE_FIELDS:
            if name not in row:
                row[name] = EducatorProfile._meta.get_field(name).get_default()
