"""The mastery bar each rubric's points express, and the LAC's confirmation of it.

85% of a rubric's points passes (enrollment.rules). Whether that bar means what the state
intends depends on the points: with 1-4 points a criterion, "Proficient" (3) on every
criterion is 75% and fails. The LAC reads, per rubric, the fewest points that pass and
which combinations of levels pass or fail, and confirms the bar; a confirmation holds
only for the points it was given on (a later change shows the rubric unconfirmed again).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from audit.services import audit_log
from enrollment.rules import PASSING_PERCENT, points_needed, points_pass
from grading.models import Criterion, Level, MasteryBarConfirmation, Rubric


@dataclass
class Combination:
    label: str
    points: int
    possible: int

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.possible) if self.possible else 0

    @property
    def passes(self) -> bool:
        return points_pass(earned=self.points, possible=self.possible)


@dataclass
class MasteryBar:
    rubric: Rubric
    criteria: list
    possible: int
    needed: int
    combinations: list[Combination] = field(default_factory=list)
    confirmation: MasteryBarConfirmation | None = None
    changed_since: bool = False

    @property
    def pass_percent(self) -> int:
        return int(PASSING_PERCENT)

    @property
    def confirmed(self) -> bool:
        return self.confirmation is not None and not self.changed_since


def points_signature(criteria) -> str:
    """The level points criterion by criterion, e.g. "1,2,3,4|1,2,3,4"."""
    return "|".join(
        ",".join(str(lv.points) for lv in sorted(c.levels.all(), key=lambda lv: lv.rank))
        for c in criteria
    )


def _ladders(criteria) -> list[list[Level]]:
    return [sorted(c.levels.all(), key=lambda lv: lv.rank) for c in criteria]


def _uniform(ladders, possible) -> list[Combination]:
    """The same level on every criterion, for each level every criterion has."""
    depth = min((len(ladder) for ladder in ladders), default=0)
    rows = []
    for index in range(depth - 1, -1, -1):
        label = ladders[0][index].label
        rows.append(
            Combination(
                f"{label} on every criterion",
                sum(ladder[index].points for ladder in ladders),
                possible,
            )
        )
    return rows


def _top_on_some(ladders, possible) -> list[Combination]:
    """The top level on k criteria and the next one down on the rest (k from n-1 to 1),
    the criteria with the biggest step taken first (the most favorable choice)."""
    if not ladders or any(len(ladder) < 2 for ladder in ladders):
        return []
    top, second = ladders[0][-1].label, ladders[0][-2].label
    base = sum(ladder[-2].points for ladder in ladders)
    steps = sorted((ladder[-1].points - ladder[-2].points for ladder in ladders), reverse=True)
    n = len(ladders)
    return [
        Combination(
            f"{top} on {k} of {n} criteria, {second} on the rest",
            base + sum(steps[:k]),
            possible,
        )
        for k in range(n - 1, 0, -1)
    ]


def mastery_bar(rubric: Rubric, confirmation: MasteryBarConfirmation | None = None) -> MasteryBar:
    criteria = list(rubric.criteria.all())
    ladders = _ladders(criteria)
    possible = sum(ladder[-1].points for ladder in ladders if ladder)
    bar = MasteryBar(
        rubric=rubric,
        criteria=criteria,
        possible=possible,
        needed=points_needed(possible),
        confirmation=confirmation,
    )
    uniform = _uniform(ladders, possible)
    bar.combinations = uniform[:1] + _top_on_some(ladders, possible) + uniform[1:]
    if confirmation is not None:
        bar.changed_since = confirmation.points != points_signature(criteria)
    return bar


def mastery_bars() -> list[MasteryBar]:
    """Every rubric version with its bar and its latest confirmation, newest version first."""
    rubrics = Rubric.objects.select_related("micro_credential").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("levels")),
        Prefetch(
            "mastery_bars",
            queryset=MasteryBarConfirmation.objects.select_related("confirmed_by"),
        ),
    )
    bars = []
    for rubric in rubrics:
        latest = next(iter(rubric.mastery_bars.all()), None)
        bars.append(mastery_bar(rubric, latest))
    return bars


@transaction.atomic
def mastery_bar_confirm(*, rubric: Rubric, by, request=None) -> MasteryBarConfirmation:
    """Record that ``by`` confirmed the rubric's points as the intended mastery bar."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    criteria = list(rubric.criteria.prefetch_related("levels"))
    bar = mastery_bar(rubric)
    confirmation = MasteryBarConfirmation(
        rubric=rubric,
        points=points_signature(criteria),
        confirmed_by=by,
        confirmed_at=timezone.now(),
    )
    confirmation.full_clean()
    confirmation.save()
    audit_log(
        action="rubric.mastery_bar_confirmed",
        actor=by,
        request=request,
        target=rubric,
        points=confirmation.points,
        needed=bar.needed,
        possible=bar.possible,
    )
    return confirmation
