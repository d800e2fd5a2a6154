"""Agreement between two scorers' levels: exact, adjacent, and Cohen's quadratic-weighted kappa."""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


def exact_agreement(pairs: Sequence[tuple[int, int]]) -> Fraction | None:
    """Share of pairs with the same level."""
    if not pairs:
        return None
    return Fraction(sum(1 for a, b in pairs if a == b), len(pairs))


def adjacent_agreement(pairs: Sequence[tuple[int, int]]) -> Fraction | None:
    """Share of pairs no more than one level apart (exact included)."""
    if not pairs:
        return None
    return Fraction(sum(1 for a, b in pairs if abs(a - b) <= 1), len(pairs))


def quadratic_weighted_kappa(pairs: Sequence[tuple[int, int]], categories: int) -> Fraction | None:
    """Cohen's kappa with quadratic weights for ratings 1..categories.

    kappa = 1 - sum(w * observed) / sum(w * expected), w_ij = (i - j)^2 / (k - 1)^2, the
    expected table being the product of the two raters' marginals. None where undefined
    (no pairs, one category, or both raters always chose one and the same level).
    """
    k = categories
    if not pairs or k < 2:
        return None
    n = len(pairs)
    rows = [0] * k
    cols = [0] * k
    observed = Fraction(0)
    for a, b in pairs:
        if not (1 <= a <= k and 1 <= b <= k):
            raise ValueError(f"ratings must be between 1 and {k}: {(a, b)}")
        rows[a - 1] += 1
        cols[b - 1] += 1
        observed += Fraction((a - b) ** 2, (k - 1) ** 2)
    expected = Fraction(0)
    for i in range(k):
        for j in range(k):
            expected += Fraction((i - j) ** 2, (k - 1) ** 2) * Fraction(rows[i] * cols[j], n)
    if expected == 0:
        return None
    return 1 - observed / expected


@dataclass(frozen=True)
class Agreement:
    label: str
    pairs: int
    exact: Fraction | None
    adjacent: Fraction | None
    kappa: Fraction | None
    flagged: bool = False

    @staticmethod
    def of(label: str, pairs, categories: int, threshold: Fraction | None = None) -> "Agreement":
        kappa = quadratic_weighted_kappa(pairs, categories)
        flagged = threshold is not None and kappa is not None and kappa < threshold
        return Agreement(
            label=label,
            pairs=len(pairs),
            exact=exact_agreement(pairs),
            adjacent=adjacent_agreement(pairs),
            kappa=kappa,
            flagged=flagged,
        )
