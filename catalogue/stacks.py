"""Stacks: a named set of micro-credentials and the rule that says when it is complete.

A stack's requirements are its members (each one micro-credential) and its choice slots
(each "one of these micro-credentials", counted as one requirement). Its rule is either
``all`` (every requirement met) or ``n_of`` (any ``n`` of them). The APL programmes are
stacks (APL II-III: two members and two elective slots), and so are the stacks of
micro-credentials that lead to advanced teacher roles.

Everything here is pure: :func:`stack_progress` takes a :class:`StackDefinition` (or a
``catalogue.models.Stack``, through its ``definition``) and the codes an educator has
earned, and reads no database. Callers load what the educator earned and pass the codes.

- A micro-credential counts once within a stack: it meets its member requirement, or
  fills one slot, never both. Members are served first, then slots, matched so that as
  many slots as possible are filled (two slots with the same options take two different
  micro-credentials).
- The same micro-credential may count in any number of stacks; each stack is judged on
  its own.
- Codes are compared without regard to case or surrounding spaces; earned codes the stack
  does not name are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ALL = "all"
N_OF = "n_of"
RULES = (ALL, N_OF)


def normalise(code: str) -> str:
    """A code as stacks compare it: stripped and upper case."""
    return code.strip().upper()


@dataclass(frozen=True)
class Slot:
    """One requirement met by any one of ``options`` (micro-credential codes)."""

    label: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class StackDefinition:
    """What a stack asks for, as plain values.

    ``names`` maps a code to the micro-credential's name for the descriptions; a code
    without a name is described by its code.
    """

    code: str
    name: str
    rule: str = ALL
    n: int | None = None
    members: tuple[str, ...] = ()
    slots: tuple[Slot, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        members = tuple(dict.fromkeys(normalise(c) for c in self.members))
        slots = tuple(
            Slot(s.label, tuple(dict.fromkeys(normalise(c) for c in s.options))) for s in self.slots
        )
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "slots", slots)
        object.__setattr__(self, "names", {normalise(k): v for k, v in self.names.items()})
        problem = definition_problem(self)
        if problem:
            raise ValueError(f"Stack {self.code}: {problem}")

    @property
    def requirement_count(self) -> int:
        return len(self.members) + len(self.slots)

    @property
    def target(self) -> int:
        """How many requirements complete the stack."""
        return self.requirement_count if self.rule == ALL else self.n

    def name_of(self, code: str) -> str:
        return self.names.get(code, code)


def definition_problem(definition: StackDefinition) -> str | None:
    """Why ``definition`` cannot be a stack, in words for an error message; None if it can."""
    if definition.rule not in RULES:
        return f"the rule must be one of {', '.join(RULES)}, not {definition.rule!r}."
    if definition.requirement_count == 0:
        return "a stack needs at least one micro-credential or choice slot."
    empty = [s.label for s in definition.slots if not s.options]
    if empty:
        return f"the choice slot {empty[0]!r} offers no micro-credential."
    if definition.rule == ALL:
        return None if definition.n is None else "n is only for the rule n_of."
    if definition.n is None or definition.n < 1:
        return "the rule n_of needs n of at least 1."
    if definition.n > definition.requirement_count:
        return (
            f"n is {definition.n} but the stack has only "
            f"{definition.requirement_count} requirements."
        )
    return None


@dataclass(frozen=True)
class StackProgress:
    """Where an educator stands in one stack.

    ``counted``: the codes that meet a requirement (members in the stack's order, then
    each filled slot's code in slot order). ``missing``: one description per requirement
    not met yet (none once complete, even under ``n_of``). ``needed``: how many more
    requirements complete the stack (0 when complete; under ``n_of`` it can be fewer
    than ``len(missing)``). ``next_step``: one sentence for the educator.
    """

    complete: bool
    counted: tuple[str, ...]
    missing: tuple[str, ...]
    needed: int
    next_step: str


def _fill_slots(slots: tuple[Slot, ...], available: set[str]) -> dict[int, str]:
    """The most slots that distinct available codes can fill: {slot index: code}.

    Augmenting paths (Kuhn's matching): a slot takes its first free option, else moves an
    earlier slot to another of its options. Stacks have a handful of slots, so the cost is
    nothing.
    """
    owner: dict[str, int] = {}  # code -> slot index that holds it

    def place(index: int, seen: set[str]) -> bool:
        options = [c for c in slots[index].options if c in available and c not in seen]
        free = next((code for code in options if code not in owner), None)
        if free is not None:
            owner[free] = index
            return True
        seen.update(options)
        for code in options:
            if place(owner[code], seen):
                owner[code] = index
                return True
        return False

    for index in range(len(slots)):
        place(index, set())
    return {index: code for code, index in owner.items()}


def _describe_slot(definition: StackDefinition, slot: Slot) -> str:
    names = [definition.name_of(code) for code in slot.options]
    if len(names) == 1:
        return f"{slot.label}: {names[0]}"
    return f"{slot.label}: one of {', '.join(names[:-1])} or {names[-1]}"


def _next_step(definition: StackDefinition, missing: list[str], needed: int) -> str:
    if needed == 0:
        return f"You have completed {definition.name}."
    if definition.rule == ALL:
        return f"Pass next: {missing[0]}."
    return f"Pass {needed} more of: {'; '.join(missing)}."


def stack_progress(stack, earned_codes: Iterable[str]) -> StackProgress:
    """How far ``earned_codes`` go toward ``stack``: complete or not, what counts, what is
    missing, how many more are needed and the next step.

    ``stack`` is a :class:`StackDefinition`, or anything with a ``definition`` attribute
    that gives one (``catalogue.models.Stack``; load it with ``Stack.objects.with_rule()``
    so that reading it runs no query). ``earned_codes`` are the codes of the
    micro-credentials the educator has earned; repeats and unknown codes change nothing.
    """
    definition = stack if isinstance(stack, StackDefinition) else stack.definition
    earned = {normalise(code) for code in earned_codes}
    met_members = [code for code in definition.members if code in earned]
    filled = _fill_slots(definition.slots, earned - set(definition.members))
    counted = tuple(met_members) + tuple(filled[i] for i in sorted(filled))
    missing = [definition.name_of(c) for c in definition.members if c not in earned]
    missing += [
        _describe_slot(definition, slot)
        for index, slot in enumerate(definition.slots)
        if index not in filled
    ]
    needed = max(0, definition.target - len(counted))
    return StackProgress(
        complete=needed == 0,
        counted=counted,
        missing=tuple(missing) if needed else (),
        needed=needed,
        next_step=_next_step(definition, missing, needed),
    )
