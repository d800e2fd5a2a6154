from fractions import Fraction

import pytest

from grading.agreement import (
    Agreement,
    adjacent_agreement,
    exact_agreement,
    quadratic_weighted_kappa,
)


def test_quadratic_weighted_kappa_matches_the_hand_worked_example():
    # Rater A: 1 2 3 4; rater B: 1 2 4 4 (four levels). Weights w = (i-j)^2 / 9.
    # Observed disagreement: one pair (3, 4) -> 1/9.
    # Marginals: A = (1, 1, 1, 1); B = (1, 1, 0, 2); expected E_ij = A_i * B_j / 4.
    # Column sums of w: 14/9, 6/9, 6/9, 14/9, so sum(w * E) = (14 + 6 + 0 + 28) / 36 = 4/3.
    # kappa = 1 - (1/9) / (4/3) = 11/12.
    pairs = [(1, 1), (2, 2), (3, 4), (4, 4)]
    assert quadratic_weighted_kappa(pairs, 4) == Fraction(11, 12)


def test_kappa_is_one_for_perfect_agreement_and_negative_for_reversal():
    assert quadratic_weighted_kappa([(1, 1), (2, 2), (4, 4)], 4) == 1
    assert quadratic_weighted_kappa([(1, 4), (4, 1)], 4) < 0


def test_kappa_is_undefined_without_variation():
    assert quadratic_weighted_kappa([(3, 3), (3, 3)], 4) is None
    assert quadratic_weighted_kappa([], 4) is None


def test_kappa_refuses_levels_out_of_range():
    with pytest.raises(ValueError):
        quadratic_weighted_kappa([(0, 1)], 4)


def test_exact_and_adjacent_agreement():
    pairs = [(1, 1), (2, 3), (1, 4), (4, 4)]
    assert exact_agreement(pairs) == Fraction(1, 2)
    assert adjacent_agreement(pairs) == Fraction(3, 4)
    assert exact_agreement([]) is None


def test_agreement_flags_a_facilitator_below_the_threshold():
    low = Agreement.of("A", [(1, 4), (4, 1), (2, 2)], 4, threshold=Fraction(6, 10))
    high = Agreement.of("B", [(1, 1), (2, 2), (3, 4)], 4, threshold=Fraction(6, 10))
    assert low.flagged and not high.flagged


def test_the_kappa_scale_grows_with_a_rubric_of_more_than_four_levels():
    from grading.selectors import _levels_in

    assert _levels_in([]) == 4
    assert _levels_in([(1, 2), (4, 3)]) == 4
    assert _levels_in([(5, 4), (2, 2)]) == 5
