"""designations.csv: designations held through another avenue, recorded and held harmless.

``email, role (name or code), awarded_on (YYYY-MM-DD), route (other)``; key: email + role.
All or nothing, every bad row named; re-importing the same file changes nothing.
Registered with ``import_records`` from this app's AppConfig.ready.
"""

from __future__ import annotations

from django.utils import timezone

from exchange.importers.base import Importer, Plan, Row
from exchange.importers.fast import profiles_by_email
from exchange.importers.intents import _parse_date
from lattice.models import AdvancedRole, Designation, Route


class DesignationImporter(Importer):
    kind = "designations"
    label = "Advanced role designations held through another avenue (designations.csv)"
    columns = ("email", "role", "awarded_on", "route")
    required = columns
    key_columns = ("email", "role")

    def __init__(self, *, filename: str):
        super().__init__(filename=filename)
        self.roles: dict[str, AdvancedRole] = {}
        for role in AdvancedRole.objects.all():
            self.roles[role.name] = role
            self.roles[role.code.lower()] = role

    def _clean(self, row: Row) -> dict | None:
        before = len(self.errors)
        self.check_extra_cells(row)
        email = self.required_cell(row, "email").lower()
        role_text = self.required_cell(row, "role")
        role = self.roles.get(role_text) or self.roles.get(role_text.lower())
        if role_text and role is None:
            self.error(row, "role", f"{role_text!r} is not the name or code of a role")
        awarded = self.required_cell(row, "awarded_on")
        day = _parse_date(awarded) if awarded else None
        if awarded and day is None:
            self.error(row, "awarded_on", f"{awarded!r} is not a date; write YYYY-MM-DD")
        elif day is not None and day > timezone.localdate():
            self.error(row, "awarded_on", "is in the future")
        route = self.required_cell(row, "route")
        if route and route.lower() != "other":
            self.error(
                row,
                "route",
                f"{route!r}: only designations held through another avenue (other) are "
                "imported; the others are awarded here",
            )
        if len(self.errors) != before:
            return None
        return {"email": email, "role": role, "awarded_on": day}

    def validate(self, rows: list[Row], present: set[str]) -> Plan:
        seen, cleaned = {}, []
        for row in rows:
            values = self._clean(row)
            if values is None:
                continue
            if not self.check_duplicate(row, (values["email"], values["role"].pk), seen):
                cleaned.append((row, values))
        profiles = profiles_by_email([values["email"] for _, values in cleaned])
        held = {
            (d.educator_id, d.role_id): d
            for d in Designation.objects.filter(educator_id__in=list(profiles.values()))
        }
        plan = Plan()
        for row, values in cleaned:
            educator_id = profiles.get(values["email"])
            if educator_id is None:
                self.error(row, "email", "no educator has this email; import educators.csv first")
                continue
            values["educator_id"] = educator_id
            self._plan_row(plan, row, values, held.get((educator_id, values["role"].pk)))
        self.errors.sort(key=lambda error: error.row)
        return plan

    def _plan_row(self, plan: Plan, row: Row, values: dict, current: Designation | None):
        if current is None:
            plan.add_create(values, row, self.key_columns)
        elif not current.is_imported:
            self.error(
                row,
                "role",
                f"the educator was awarded this designation here on {current.awarded_on}; "
                "leave the row out",
            )
        elif current.awarded_on != values["awarded_on"]:
            change = f"awarded_on: {current.awarded_on} → {values['awarded_on']}"
            plan.add_update((current.pk, values), row, self.key_columns, [change])
        else:
            plan.unchanged += 1

    def apply(self, plan: Plan, *, by, reason: str) -> None:
        from lattice.services import designation_credential_issue

        for pk, values in plan.updates:
            designation = Designation.objects.get(pk=pk)
            designation.awarded_on = values["awarded_on"]
            _save(designation, by=by, reason=reason)
        for values in plan.creates:
            designation = Designation(
                educator_id=values["educator_id"],
                role=values["role"],
                route=_other_route(values["role"]),
                route_kind=Route.Kind.OTHER,
                awarded_on=values["awarded_on"],
            )
            _save(designation, by=by, reason=reason)
            designation_credential_issue(designation=designation)


def _other_route(role: AdvancedRole) -> Route:
    """The role's route for designations held through another avenue (made once)."""
    route, _ = Route.objects.get_or_create(
        role=role, kind=Route.Kind.OTHER, defaults={"active": False}
    )
    return route


def _save(obj, *, by, reason: str) -> None:
    obj.full_clean(validate_unique=False)
    obj._change_reason = reason
    if by is not None:
        obj._history_user = by
    obj.save()
