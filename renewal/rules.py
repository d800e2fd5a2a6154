"""The renewal rule for one educator and one cycle, as the state's policy states it.

Pure: it takes the license dates, the district's option, the educator's passes and the
renewal list, and decides route, what counts and why. Micro-credentials are counted as
micro-credentials, never converted into anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings

OPTION_2 = "option_2"
OPTION_1 = "option_1"
TRADITIONAL = "traditional"

OUTSIDE_CYCLE = "outside_cycle"
NOT_LISTED = "not_listed"
TRADITIONAL_ROUTE = "traditional_route"

MET, OPEN, NOT_MET = "met", "open", "not_met"

REASON_TEXT = {
    OUTSIDE_CYCLE: "earned outside this renewal cycle",
    NOT_LISTED: "not on the renewal list on the cycle's first day or on the day it was earned",
    TRADITIONAL_ROUTE: "this cycle follows the traditional renewal requirements",
}
ROUTE_TEXT = {
    OPTION_2: "District plan (option 2)",
    OPTION_1: "Individual micro-credential route (option 1)",
    TRADITIONAL: "Traditional renewal requirements",
}


@dataclass(frozen=True)
class Pass:
    code: str
    earned_on: dt.date
    name: str = ""


@dataclass(frozen=True)
class Judged:
    code: str
    earned_on: dt.date
    reason: str = ""
    name: str = ""

    @property
    def reason_text(self) -> str:
        return REASON_TEXT.get(self.reason, "")


@dataclass
class RenewalStatus:
    cycle_start: dt.date
    cycle_end: dt.date
    route: str
    required: int | None
    counted: list[Judged] = field(default_factory=list)
    not_counted: list[Judged] = field(default_factory=list)
    status: str = OPEN

    @property
    def remaining(self) -> int | None:
        if self.required is None:
            return None
        return max(self.required - len(self.counted), 0)

    @property
    def route_text(self) -> str:
        return ROUTE_TEXT[self.route]


def route_for(*, option_on_cycle_start: int, cycle_start: dt.date) -> tuple[str, int | None]:
    """The route and the number required, from the district's option on the cycle's start."""
    if option_on_cycle_start == 2:
        return OPTION_2, settings.RENEWAL_REQUIRED_OPTION_2
    closes = settings.RENEWAL_INDIVIDUAL_ROUTE_CLOSES
    if closes is not None and cycle_start > closes:
        return TRADITIONAL, None
    return OPTION_1, settings.RENEWAL_REQUIRED_OPTION_1


def judge(
    *,
    cycle_start: dt.date,
    cycle_end: dt.date,
    option_on_cycle_start: int,
    passes: Iterable[Pass],
    listed: Callable[[str, dt.date], bool],
    as_of: dt.date,
) -> RenewalStatus:
    """Decide the cycle: ``listed(code, day)`` says whether a code was on the list that day.

    ``passes`` hold each micro-credential once (its earliest pass).
    """
    route, required = route_for(
        option_on_cycle_start=option_on_cycle_start, cycle_start=cycle_start
    )
    result = RenewalStatus(cycle_start, cycle_end, route, required)
    for item in sorted(passes, key=lambda p: (p.earned_on, p.code)):
        if route == TRADITIONAL:
            reason = TRADITIONAL_ROUTE
        elif not cycle_start <= item.earned_on <= cycle_end:
            reason = OUTSIDE_CYCLE
        elif not (listed(item.code, cycle_start) or listed(item.code, item.earned_on)):
            reason = NOT_LISTED
        else:
            result.counted.append(Judged(item.code, item.earned_on, name=item.name))
            continue
        result.not_counted.append(Judged(item.code, item.earned_on, reason, item.name))
    if required is not None and len(result.counted) >= required:
        result.status = MET
    elif as_of > cycle_end:
        result.status = NOT_MET
    else:
        result.status = OPEN
    return result
