"""The pass rule: 85% or more passes, compared unrounded; exactly 85 passes."""

from decimal import Decimal

import pytest

from enrollment.rules import points_needed, points_pass, score_passes


@pytest.mark.parametrize(
    ("earned", "possible", "passed"),
    [
        (17, 20, True),  # exactly 85%
        (16, 20, False),
        (1699, 2000, False),  # 84.95%: shown as 85.0%, does not pass
        (1700, 2000, True),
        (20, 20, True),
        (0, 20, False),
        (0, 0, False),  # a rubric worth nothing passes nobody
        (1, 0, False),
        (1, 1, True),  # a one-point rubric, earned
    ],
)
def test_points_pass_at_85_percent_unrounded(earned, possible, passed):
    assert points_pass(earned=earned, possible=possible) is passed


@pytest.mark.parametrize(
    ("score", "passed"),
    [
        (Decimal("85"), True),
        (Decimal("85.00"), True),
        (Decimal("84.99"), False),
        (Decimal("100"), True),
        (Decimal("0"), False),
    ],
)
def test_a_recorded_score_passes_from_85(score, passed):
    assert score_passes(score) is passed


@pytest.mark.parametrize(
    ("possible", "needed"), [(20, 17), (21, 18), (100, 85), (2000, 1700), (1, 1)]
)
def test_points_needed_are_the_fewest_that_pass(possible, needed):
    assert points_needed(possible) == needed
    assert points_pass(earned=needed, possible=possible)
    assert not points_pass(earned=needed - 1, possible=possible)
