"""The pass rule: 85% or more of a rubric's points passes (docs/product.md,
"Rules the system enforces").

One place for it: grading compares a grade's points, enrolment services and imports
compare a recorded score (0–100).
"""

from decimal import Decimal
from fractions import Fraction

PASSING_SCORE = Decimal("85")
PASSING_PERCENT = Fraction(85)


def points_pass(*, earned: int, possible: int) -> bool:
    """Whether ``earned`` of ``possible`` points pass, compared unrounded.

    84.95% shows as 85.0% but does not pass; a rubric worth no points passes nobody.
    """
    if possible <= 0:
        return False
    return earned * 100 >= PASSING_PERCENT * possible


def points_needed(possible: int) -> int:
    """The fewest of ``possible`` points that pass (85%, rounded up)."""
    return int(-(-PASSING_PERCENT * possible // 100))


def score_passes(score: Decimal) -> bool:
    """Whether a recorded score (0–100) passes: exactly 85 does."""
    return score >= PASSING_SCORE
