"""Writes of the catalogue made in the application: the state's stacks.

A stack is created or changed whole (name, rule, members, choice slots), validated with
the same rule ``catalogue.stacks`` applies, atomic and audited. The programs' own stacks
are not changed here: they decide who completes a program, which the PED quarterly
reports count (they are changed in the admin, with the reports in mind).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.services import audit_log
from catalogue.models import MicroCredential, Stack, StackSlot

PROGRAMME_STACK_REFUSED = (
    "A program's stack decides who completes the program, which the PED quarterly reports "
    "count; it is not changed from this page."
)


def stack_errors(
    *, rule: str, n: int | None, members: Sequence, slots: Sequence[tuple[str, Sequence]]
) -> dict[str, str]:
    """What is wrong with a stack made of these, by field (``members``, ``n``,
    ``slots``), in words for the page; empty if nothing is."""
    count = len(members) + len(slots)
    errors = {}
    if count == 0:
        errors["members"] = "Choose at least one micro-credential, or add a choice slot."
    empty = [label for label, options in slots if not options]
    if empty:
        errors["slots"] = f"The choice slot “{empty[0]}” offers no micro-credential."
    if rule == Stack.Rule.N_OF:
        if not n:
            errors["n"] = "Say how many requirements complete the stack (1 or more)."
        elif count and n > count:
            errors["n"] = (
                f"n is {n} but the stack has only {count} requirement{'s' if count != 1 else ''}"
                f" ({len(members)} micro-credential{'s' if len(members) != 1 else ''} and "
                f"{len(slots)} choice slot{'s' if len(slots) != 1 else ''})."
            )
    elif rule != Stack.Rule.ALL:
        errors["rule"] = "Choose all of them, or n of them."
    return errors


def _snapshot(stack: Stack) -> dict:
    return {
        "name": stack.name,
        "description": stack.description,
        "rule": stack.rule,
        "n": stack.n,
        "members": sorted(mc.code for mc in stack.members.all()),
        "slots": [
            [slot.label, sorted(mc.code for mc in slot.options.all())]
            for slot in stack.slots.order_by("position")
        ],
    }


def _write_slots(stack: Stack, slots: Sequence[tuple[str, Iterable[MicroCredential]]]) -> None:
    stack.slots.all().delete()
    for position, (label, options) in enumerate(slots, start=1):
        slot = StackSlot(stack=stack, label=label.strip(), position=position)
        slot.full_clean(exclude=["options"])
        slot.save()
        slot.options.set(options)


@transaction.atomic
def stack_save(
    *,
    stack: Stack | None,
    by,
    name: str,
    description: str,
    rule: str,
    n: int | None,
    members: Sequence[MicroCredential],
    slots: Sequence[tuple[str, Sequence[MicroCredential]]],
    code: str | None = None,
    request=None,
) -> Stack:
    """Create a stack (``stack`` None, ``code`` given) or change one, whole.

    Refused for a program's stack. Raises ``ValidationError`` by field when the stack
    would have no requirement, an empty choice slot, or an n it cannot reach.
    """
    if not by.has_perm("lattice.manage_lattice"):
        raise PermissionDenied("Only the Licensure Advancement Coordinator changes stacks.")
    errors = stack_errors(rule=rule, n=n, members=members, slots=slots)
    if errors:
        raise ValidationError(errors)
    created = stack is None
    if created:
        stack = Stack(code=(code or "").strip().upper())
    else:
        stack = Stack.objects.select_for_update().get(pk=stack.pk)
        if stack.programme_id:
            raise PermissionDenied(PROGRAMME_STACK_REFUSED)
    before = None if created else _snapshot(stack)
    stack.name, stack.description = name.strip(), description.strip()
    stack.rule, stack.n = rule, (n if rule == Stack.Rule.N_OF else None)
    stack.full_clean()
    stack.save()
    stack.members.set(members)
    _write_slots(stack, slots)
    after = _snapshot(stack)
    changed = sorted(k for k in after if before is None or before[k] != after[k])
    if changed:
        audit_log(
            action="catalogue.stack_created" if created else "catalogue.stack_changed",
            actor=by,
            request=request,
            target=stack,
            changed=changed,
            rule=stack.rule_text,
        )
    return stack
