"""Reads of the catalogue that span models: stacks as plain values, in one query."""

from django.db.models import CharField, IntegerField, QuerySet, Value

from apl.db import fixed_rows
from catalogue.models import Programme, Stack, StackSlot
from catalogue.stacks import Slot, StackDefinition

_COLUMNS = ("code", "name", "programme__position", "position")


def stack_definitions(stacks: QuerySet | None = None) -> dict[int, StackDefinition]:
    """``{stack id: StackDefinition}`` for ``stacks`` (default: every stack), in stack
    order, read in one query: the stacks with their members, and their slots' options.

    Members and options come in catalogue order; slots in their position.
    """
    return {pk: definition for pk, (definition, _) in _read(stacks).items()}


def programme_stack_definitions() -> dict[int, StackDefinition]:
    """Each programme's stack as plain values, by programme id (one query, its SQL
    compiled once: every pathway page reads it)."""
    rows = fixed_rows(
        "catalogue:programme-stacks",
        lambda: _query(Stack.objects.filter(programme__isnull=False)),
    )
    read = _build(sorted(rows, key=_order))
    return {programme_id: definition for definition, programme_id in read.values()}


def programmes_with_counts() -> list[Programme]:
    """Every program in order, each with ``required_count`` already read: two queries for
    any number of programs (the list, and their stacks by ``programme_stack_definitions``),
    where reading ``required_count`` one program at a time costs a query each."""
    programmes = list(Programme.objects.all())
    definitions = programme_stack_definitions()
    for programme in programmes:
        if programme.pk in definitions:  # otherwise required_count says what is missing
            programme.__dict__["required_count"] = definitions[programme.pk].target
    return programmes


def _read(stacks: QuerySet | None) -> dict[int, tuple[StackDefinition, int | None]]:
    stacks = Stack.objects.all() if stacks is None else stacks
    return _build(sorted(_query(stacks), key=_order))


def _query(stacks: QuerySet) -> QuerySet:
    """Each stack's members, and each of its slots' options, as rows (one query)."""
    head = ("pk", "code", "name", "rule", "n", "position", "programme_id")
    members = (
        Stack.objects.filter(pk__in=stacks.values("pk"))
        .values_list(
            *head,
            Value(0, output_field=IntegerField()),
            Value("", output_field=CharField()),
            *(f"members__{c}" for c in _COLUMNS),
        )
        .order_by()
    )
    options = (
        StackSlot.objects.filter(stack__in=stacks.values("pk"))
        .values_list(
            *(f"stack__{c}" for c in head),
            "position",
            "label",
            *(f"options__{c}" for c in _COLUMNS),
        )
        .order_by()
    )
    return members.union(options, all=True)


def _order(row):
    """Stacks in their order; in a stack its members (slot 0), then each slot; within
    those, catalogue order (outside micro-credentials, with no programme, last)."""
    _pk, code, _name, _rule, _n, position, _programme, slot, _label, mc_code, *place = row
    programme_position, mc_position = place[1], place[2]
    return (
        position,
        code,
        slot,
        programme_position is None,
        programme_position or 0,
        mc_position or 0,
        mc_code or "",
    )


def _build(rows) -> dict[int, tuple[StackDefinition, int | None]]:
    heads: dict[int, tuple] = {}
    members: dict[int, list[str]] = {}
    slots: dict[int, dict[int, tuple[str, list[str]]]] = {}
    names: dict[int, dict[str, str]] = {}
    for pk, code, name, rule, n, _pos, programme_id, slot, label, mc_code, mc_name, *_ in rows:
        heads.setdefault(pk, (code, name, rule, n, programme_id))
        members.setdefault(pk, [])
        slots.setdefault(pk, {})
        names.setdefault(pk, {})
        if slot:
            slots[pk].setdefault(slot, (label, []))
        if mc_code is None:
            continue
        names[pk][mc_code] = mc_name
        (slots[pk][slot][1] if slot else members[pk]).append(mc_code)
    return {
        pk: (
            StackDefinition(
                code=code,
                name=name,
                rule=rule,
                n=n if rule == Stack.Rule.N_OF else None,
                members=tuple(members[pk]),
                slots=tuple(Slot(label, tuple(codes)) for label, codes in slots[pk].values()),
                names=names[pk],
            ),
            programme_id,
        )
        for pk, (code, name, rule, n, programme_id) in heads.items()
    }
