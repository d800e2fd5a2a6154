"""The state's writes of its advanced roles: a role's description and its routes.

Validated, atomic, audited, like the rest of the lattice. A new route starts at rules
version 1; changing a route's rules goes through ``services.route_update`` (a new
version, for new applications only).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.services import audit_log
from lattice.models import AdvancedRole, Route
from lattice.services import RULE_FIELDS

ROLE_FIELDS = ("name", "responsibilities", "compensation_note", "active")
MANAGE = "lattice.manage_lattice"


def _may_manage(by) -> None:
    if not by.has_perm(MANAGE):
        raise PermissionDenied("Only the Licensure Advancement Coordinator changes the roles.")


@transaction.atomic
def role_create(*, by, code: str, request=None, **fields) -> AdvancedRole:
    """A new advanced role; it takes applications once it has a route."""
    _may_manage(by)
    role = AdvancedRole(code=code.strip().lower(), **{k: fields[k] for k in ROLE_FIELDS})
    role.position = (AdvancedRole.objects.order_by("-position").first() or role).position + 1
    role.full_clean()
    role.save()
    audit_log(action="lattice.role_created", actor=by, request=request, target=role)
    return role


@transaction.atomic
def role_update(*, role: AdvancedRole, by, request=None, **fields) -> AdvancedRole:
    """Change a role's name, responsibilities, compensation note or whether it is open."""
    _may_manage(by)
    unknown = set(fields) - set(ROLE_FIELDS)
    if unknown:
        raise ValueError(f"not a field of a role: {sorted(unknown)}")
    role = AdvancedRole.objects.select_for_update().get(pk=role.pk)
    changed = sorted(name for name, value in fields.items() if getattr(role, name) != value)
    if not changed:
        return role
    for name in changed:
        setattr(role, name, fields[name])
    role.full_clean()
    role.save()
    audit_log(
        action="lattice.role_changed", actor=by, request=request, target=role, changed=changed
    )
    return role


@transaction.atomic
def route_add(*, role: AdvancedRole, by, kind: str, stack=None, request=None, **rules) -> Route:
    """A new route to ``role``: a stack plus prerequisites, or National Board certification
    (plus prerequisites). Recorded designations' "other" route is made by the import."""
    _may_manage(by)
    unknown = set(rules) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not a rule of a route: {sorted(unknown)}")
    if kind not in (Route.Kind.STACK, Route.Kind.NBCT_ONLY):
        raise ValidationError({"kind": "Choose a stack or National Board certification."})
    if kind == Route.Kind.STACK and stack is None:
        raise ValidationError({"stack": "Choose the stack this route asks for."})
    if kind == Route.Kind.NBCT_ONLY:
        stack = None
    role = AdvancedRole.objects.select_for_update().get(pk=role.pk)
    route = Route(role=role, kind=kind, stack=stack, **rules)
    route.full_clean()
    route.save()
    audit_log(
        action="lattice.route_added",
        actor=by,
        request=request,
        target=route,
        role=role.name,
        kind=kind,
        stack=stack.name if stack else None,
    )
    return route
