"""Plans the demo's row-level history so that it reproduces PED's published tables.

Pure Python, no database: ``plan_programme`` walks the quarters in order and places
educators into each cohort's seats, then decides who passed, so that

- every cohort holds exactly the published number of enrolments,
- every closed quarter has exactly the published number of passes,
- an educator's enrolments are in distinct micro-credentials, in increasing quarters,
  and each one after the first follows a pass (a fail or a withdrawal ends the path;
  skipping a quarter is allowed),
- the programme's final micro-credential (Family Engagement for APL I-II) is taken only
  by educators who passed every other required one,
- the published completed and projected figures come out exactly.

Continuing educators fill seats before new ones, the most advanced first, so that the
later micro-credentials can be fed; ties are broken by a seeded random generator, so the
plan is the same on every run. The report code never reads these targets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from apl.quarters import Quarter

SEED = 20240515


@dataclass(frozen=True)
class ProgrammeTargets:
    name: str
    codes: tuple[str, ...]  # catalogue order
    electives: frozenset[str]
    needed: int  # the programme stack's target (Programme.required_count)
    final_code: str | None  # taken only as the enrolment that completes the programme
    cells: dict[tuple[str, str], int]  # (code, "Qn/yy") -> enrolments
    passes: dict[str, int]  # closed quarter -> passes
    open_quarter: str
    completed: int
    projected: int
    educators: int  # enrolled or requested
    completing_passes: dict[str, int] = field(default_factory=dict)


@dataclass
class PlannedEducator:
    number: int
    enrolments: list[tuple[str, str, str]] = field(default_factory=list)  # code, quarter, status
    passed: list[str] = field(default_factory=list)
    free_from: int = 0  # first quarter index in which they may enrol again
    active: bool = True

    @property
    def taken(self) -> set[str]:
        return {code for code, _, _ in self.enrolments}


@dataclass
class ProgrammePlan:
    targets: ProgrammeTargets
    educators: list[PlannedEducator]  # those with enrolments
    intent_only: int


def _table(text: str) -> tuple[list[str], dict[tuple[str, str], int]]:
    lines = [line.strip().split(",") for line in text.strip().splitlines()]
    quarters = lines[0][1:]
    cells = {}
    for code, *values in lines[1:]:
        for quarter, value in zip(quarters, values, strict=True):
            if value != "N/A":
                cells[(code, quarter)] = int(value)
    return quarters, cells


_, _APL_I_II = _table(
    """
    ,Q2/23,Q3/23,Q4/23,Q1/24,Q2/24,Q3/24,Q4/24
    CE,240,421,307,135,247,243,351
    AL,N/A,N/A,141,532,218,195,223
    MLSS,N/A,178,342,N/A,225,161,181
    CLRI,N/A,N/A,N/A,114,252,267,150
    FE,N/A,N/A,N/A,N/A,112,254,241
    """
)
_, _APL_II_III = _table(
    """
    ,Q1/24,Q2/24,Q3/24,Q4/24
    SEL,328,266,252,241
    NMEA,N/A,244,179,159
    RP,N/A,N/A,152,85
    VDC,N/A,N/A,46,44
    ESL,N/A,N/A,N/A,95
    MCT,N/A,N/A,N/A,128
    """
)

TARGETS = [
    ProgrammeTargets(
        name="APL I-II",
        codes=("CE", "AL", "MLSS", "CLRI", "FE"),
        electives=frozenset(),
        needed=5,
        final_code="FE",
        cells=_APL_I_II,
        passes={
            "Q2/23": 179,
            "Q3/23": 552,
            "Q4/23": 733,
            "Q1/24": 761,
            "Q2/24": 927,
            "Q3/24": 1026,
        },
        open_quarter="Q4/24",
        completed=360,
        projected=241,
        educators=2355,
        # 366 educators sat Family Engagement before Q4/24; 360 completed.
        completing_passes={"Q2/24": 110, "Q3/24": 250},
    ),
    ProgrammeTargets(
        name="APL II-III",
        codes=("SEL", "NMEA", "RP", "VDC", "ESL", "MCT"),
        electives=frozenset({"RP", "VDC", "ESL", "MCT"}),
        needed=4,
        final_code=None,
        cells=_APL_II_III,
        passes={"Q1/24": 234, "Q2/24": 378, "Q3/24": 522},
        open_quarter="Q4/24",
        completed=0,
        projected=102,
        educators=1308,
    ),
]


class PlanError(RuntimeError):
    """The targets cannot be met by the placement rules (a bug in the plan, not in data)."""


def _completes(targets: ProgrammeTargets, educator: PlannedEducator, code: str) -> bool:
    passed = set(educator.passed) | {code}
    required = set(targets.codes) - targets.electives
    return len(passed) >= targets.needed and required <= passed


def _eligible(targets: ProgrammeTargets, educator: PlannedEducator, code: str) -> bool:
    if code in educator.taken:
        return False
    if code == targets.final_code:
        return _completes(targets, educator, code)
    electives = sum(1 for c in educator.passed if c in targets.electives)
    allowed = targets.needed - len(set(targets.codes) - targets.electives)
    if code in targets.electives and electives >= allowed:
        return False
    # Whoever has passed everything but the final one waits for it.
    return not (targets.final_code and len(educator.passed) == targets.needed - 1)


def plan_programme(targets: ProgrammeTargets, seed: int = SEED) -> ProgrammePlan:
    rng = random.Random(f"{seed}-{targets.name}")
    quarter_labels = sorted({q for _, q in targets.cells}, key=lambda q: Quarter.parse(q))
    educators: list[PlannedEducator] = []
    projected_left = targets.projected
    completed = 0
    for qi, label in enumerate(quarter_labels):
        is_open = label == targets.open_quarter
        seated: list[tuple[PlannedEducator, str]] = []
        pool = [e for e in educators if e.active and e.free_from <= qi]
        rng.shuffle(pool)
        pool.sort(key=lambda e: -len(e.passed))
        used: set[int] = set()
        # Later micro-credentials first, so the most advanced educators feed them.
        order = [c for c in reversed(targets.codes) if (c, label) in targets.cells]
        for code in order:
            seats = targets.cells[(code, label)]
            for educator in pool:
                if seats == 0:
                    break
                if educator.number in used or not _eligible(targets, educator, code):
                    continue
                if is_open and _completes(targets, educator, code):
                    if projected_left == 0:
                        continue
                    projected_left -= 1
                used.add(educator.number)
                seated.append((educator, code))
                seats -= 1
            if seats and code == targets.final_code:
                raise PlanError(f"{targets.name} {code} {label}: {seats} seats left unfilled")
            for _ in range(seats):
                educator = PlannedEducator(number=len(educators) + 1)
                educators.append(educator)
                seated.append((educator, code))
        completed += _decide(targets, rng, label, qi, seated, is_open)
    if projected_left:
        raise PlanError(f"{targets.name}: {projected_left} projected completions not placed")
    if completed != targets.completed:
        raise PlanError(f"{targets.name}: {completed} completed, not {targets.completed}")
    if len(educators) > targets.educators:
        raise PlanError(f"{targets.name}: {len(educators)} educators enrolled, too many")
    return ProgrammePlan(targets, educators, targets.educators - len(educators))


def _decide(targets, rng, label, qi, seated, is_open) -> int:
    """Record each seat's outcome; returns how many educators completed the programme."""
    if is_open:
        for educator, code in seated:
            educator.enrolments.append((code, label, "enrolled"))
            educator.active = False
        return 0
    completing = [s for s in seated if _completes(targets, s[0], s[1])]
    others = [s for s in seated if not _completes(targets, s[0], s[1])]
    completing_passes = targets.completing_passes.get(label, len(completing))
    other_passes = targets.passes[label] - completing_passes
    if not 0 <= other_passes <= len(others) or completing_passes > len(completing):
        raise PlanError(f"{targets.name} {label}: passes do not fit the seats")
    rng.shuffle(completing)
    rng.shuffle(others)
    others.sort(key=lambda s: -len(s[0].passed))
    passing = {id(s) for s in completing[:completing_passes] + others[:other_passes]}
    for seat in seated:
        educator, code = seat
        if id(seat) in passing:
            educator.enrolments.append((code, label, "passed"))
            educator.passed.append(code)
            educator.free_from = qi + 1
            educator.active = len(educator.passed) < targets.needed
        else:
            status = "withdrawn" if rng.random() < 0.3 else "not_passed"
            educator.enrolments.append((code, label, status))
            educator.active = False
    return completing_passes
