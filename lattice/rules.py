"""Whether an educator meets a route to an advanced role: pure, no database.

The state's minimum is the same everywhere ("Stacks and advanced teacher roles" in
docs/product.md): the route's stack (judged by ``catalogue.stacks.stack_progress``) and
its prerequisites: a minimum license level, full school years at that level, National
Board certification, a master's degree. A route is judged against ``RouteRules``: the
route as it is now for a new application, or as it was on the day of applying for an
application already made (hold harmless).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STACK, NBCT_ONLY, OTHER = "stack", "nbct_only", "other"


@dataclass(frozen=True)
class Facts:
    """What the records say of one educator."""

    license_level: int | None  # None: no license on record
    years_at_level: int | None
    nbct: bool
    masters: bool


@dataclass(frozen=True)
class RouteRules:
    kind: str
    min_license_level: int = 1
    min_years_at_level: int = 0
    nbct_required: bool = False
    masters_required: bool = False
    stack_code: str | None = None
    stack_name: str | None = None
    version: int = 1

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "min_license_level": self.min_license_level,
            "min_years_at_level": self.min_years_at_level,
            "nbct_required": self.nbct_required,
            "masters_required": self.masters_required,
            "stack_code": self.stack_code,
            "stack_name": self.stack_name,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict) -> RouteRules:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})

    def describe(self) -> list[str]:
        """The rules in words, one line each."""
        lines = []
        if self.kind == STACK:
            lines.append(f"Complete the stack {self.stack_name}.")
        if self.kind == OTHER:
            lines.append("Held through another avenue; recorded by the state.")
        lines.append(
            f"Hold a Level {self.min_license_level} license or higher"
            + (
                f", with at least {self.min_years_at_level} full school year"
                f"{'s' if self.min_years_at_level != 1 else ''} at that level."
                if self.min_years_at_level
                else "."
            )
        )
        if self.nbct_required or self.kind == NBCT_ONLY:
            lines.append("Hold National Board certification.")
        if self.masters_required:
            lines.append("Hold a master's degree.")
        return lines


@dataclass(frozen=True)
class Check:
    label: str
    met: bool
    detail: str


@dataclass
class Standing:
    """One route judged for one educator: every check, and what to do next."""

    rules: RouteRules
    checks: list[Check] = field(default_factory=list)
    stack: object | None = None  # catalogue.stacks.StackProgress for a stack route

    @property
    def satisfied(self) -> bool:
        stack_done = self.stack is None or bool(self.stack.complete)
        return self.rules.kind != OTHER and stack_done and all(c.met for c in self.checks)

    @property
    def unmet(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def next_step(self) -> str:
        if self.rules.kind == OTHER:
            return "This route records designations held through another avenue."
        if self.stack is not None and not self.stack.complete:
            return self.stack.next_step
        unmet = self.unmet
        if unmet:
            return unmet[0].detail
        return "Apply, choosing the district you would work for in the role."

    def as_json(self) -> dict:
        return {
            "checks": [{"label": c.label, "met": c.met, "detail": c.detail} for c in self.checks],
            "stack_complete": None if self.stack is None else bool(self.stack.complete),
            "stack_counted": [] if self.stack is None else list(self.stack.counted),
        }


def _level_check(rules: RouteRules, facts: Facts) -> Check:
    need = rules.min_license_level
    label = f"License Level {need} or higher"
    if facts.license_level is None:
        return Check(label, False, "There is no license on record; the state records licenses.")
    met = facts.license_level >= need
    detail = f"Your license is Level {facts.license_level}."
    if not met:
        detail = f"Your license is Level {facts.license_level}; this route needs Level {need}."
    return Check(label, met, detail)


def _years_check(rules: RouteRules, facts: Facts) -> Check | None:
    need = rules.min_years_at_level
    if not need:
        return None
    label = f"{need} full school year{'s' if need != 1 else ''} at your license level"
    years = facts.years_at_level
    if years is None:
        return Check(label, False, "There is no license on record to count years at level.")
    met = years >= need
    detail = f"You have {years} full school year{'s' if years != 1 else ''} at Level " + (
        f"{facts.license_level}." if met else f"{facts.license_level}; {need - years} to go."
    )
    return Check(label, met, detail)


def judge(rules: RouteRules, facts: Facts, stack_progress=None) -> Standing:
    """Every prerequisite of ``rules`` met or not, with the stack's progress beside them."""
    standing = Standing(rules=rules, stack=stack_progress if rules.kind == STACK else None)
    if rules.kind == OTHER:
        return standing
    standing.checks.append(_level_check(rules, facts))
    years = _years_check(rules, facts)
    if years is not None:
        standing.checks.append(years)
    if rules.nbct_required or rules.kind == NBCT_ONLY:
        standing.checks.append(
            Check(
                "National Board certification",
                facts.nbct,
                "Your profile records National Board certification."
                if facts.nbct
                else "Earn National Board certification and have it recorded on your profile.",
            )
        )
    if rules.masters_required:
        standing.checks.append(
            Check(
                "Master's degree",
                facts.masters,
                "Your profile records a master's degree."
                if facts.masters
                else "A master's degree is needed; have it recorded on your profile.",
            )
        )
    return standing
