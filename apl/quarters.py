"""New Mexico fiscal quarters.

The fiscal year runs July 1 to June 30 and is named for the calendar year it ends in.
Quarters are written ``Qn/yy``: Q1 = Jul–Sep, Q2 = Oct–Dec, Q3 = Jan–Mar, Q4 = Apr–Jun.
So Q2/23 is October–December 2022 and Q4/24 is April–June 2024 (docs/product.md,
"Quarters").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

_LABEL = re.compile(r"^Q([1-4])/(\d{2})$")
# First calendar month of each fiscal quarter, and whether it falls in the previous
# calendar year (fiscal year 2024 starts in July 2023).
_START = {1: (7, -1), 2: (10, -1), 3: (1, 0), 4: (4, 0)}


@total_ordering
@dataclass(frozen=True, slots=True)
class Quarter:
    """One fiscal quarter: ``fiscal_year`` is the four-digit year the fiscal year ends in."""

    fiscal_year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A quarter number is 1 to 4, not {self.number}.")
        if not 2000 <= self.fiscal_year <= 2099:
            raise ValueError(f"Fiscal year {self.fiscal_year} is outside 2000–2099.")

    @classmethod
    def parse(cls, label: str) -> Quarter:
        """Read ``Qn/yy`` (e.g. ``Q2/23``); raise ValueError with a readable reason."""
        match = _LABEL.match(str(label).strip())
        if not match:
            raise ValueError(f"{label!r} is not a quarter; write it as Qn/yy, e.g. Q2/23.")
        return cls(2000 + int(match.group(2)), int(match.group(1)))

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        """The quarter that holds ``day``."""
        if day.month >= 7:
            return cls(day.year + 1, 1 if day.month <= 9 else 2)
        return cls(day.year, 3 if day.month <= 3 else 4)

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.fiscal_year * 4 + self.number - 1

    @property
    def label(self) -> str:
        return f"Q{self.number}/{self.fiscal_year % 100:02d}"

    @property
    def first_day(self) -> dt.date:
        month, year_offset = _START[self.number]
        return dt.date(self.fiscal_year + year_offset, month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter.from_index(self.index + 1)

    def previous(self) -> Quarter:
        return Quarter.from_index(self.index - 1)

    def has_ended(self, as_of: dt.date) -> bool:
        return as_of > self.last_day

    def __contains__(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __lt__(self, other: Quarter) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return self.index < other.index

    def __add__(self, quarters: int) -> Quarter:
        return Quarter.from_index(self.index + quarters)

    def __sub__(self, other: Quarter) -> int:
        return self.index - other.index

    def __str__(self) -> str:
        return self.label


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` through ``last``, inclusive."""
    return [Quarter.from_index(i) for i in range(first.index, last.index + 1)]
