"""The school year a growth plan belongs to: 1 July to 30 June, named "2024-25"."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year, held as the calendar year it starts in (2024 = 2024-07-01..2025-06-30)."""

    start_year: int

    @classmethod
    def of(cls, day: dt.date) -> "SchoolYear":
        return cls(day.year if day.month >= 7 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> "SchoolYear":
        """Read "2024-25" (or "2024"); ValueError for anything else."""
        text = (label or "").strip()
        head, _, tail = text.partition("-")
        if not head.isdigit() or len(head) != 4:
            raise ValueError(f"{label!r} is not a school year; write it like 2024-25")
        year = cls(int(head))
        if tail and tail != f"{(year.start_year + 1) % 100:02d}":
            raise ValueError(f"{label!r} is not a school year; write it like 2024-25")
        return year

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 7, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 6, 30)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def previous(self) -> "SchoolYear":
        return SchoolYear(self.start_year - 1)

    def __contains__(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return self.label


def school_year_label(start_year: int) -> str:
    return SchoolYear(start_year).label
