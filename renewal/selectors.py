"""Renewal status for one educator or many, and the figures of the district and state views."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from districts.models import District
from enrollment.models import EducatorProfile
from enrollment.selectors import earned_micro_credentials_by_educator
from renewal.models import License, RenewalListing
from renewal.rules import MET, NOT_MET, OPEN, Pass, RenewalStatus, judge

STATUSES = (MET, OPEN, NOT_MET)
STATUS_TEXT = {MET: "Met", OPEN: "Open", NOT_MET: "Not met"}
AT_RISK_DAYS = 365  # an open cycle ending within a year with micro-credentials still to earn


class RenewalList:
    """The renewal list's spans by micro-credential code, loaded once."""

    def __init__(self, listings=None):
        if listings is None:
            listings = RenewalListing.objects.select_related("micro_credential")
        self.by_code: dict[str, list[RenewalListing]] = defaultdict(list)
        for listing in listings:
            self.by_code[listing.micro_credential.code].append(listing)

    def listed(self, code: str, day: dt.date) -> bool:
        return any(listing.covers(day) for listing in self.by_code.get(code, ()))


@dataclass
class EducatorRenewal:
    educator: EducatorProfile
    license: License
    status: RenewalStatus

    @property
    def district(self) -> District | None:
        return self.educator.district

    def at_risk(self, as_of: dt.date) -> bool:
        """Open, with micro-credentials to go, and the cycle ends within a year."""
        s = self.status
        return (
            s.status == OPEN
            and s.required is not None
            and s.cycle_end - as_of <= dt.timedelta(days=AT_RISK_DAYS)
        )

    def as_json(self) -> dict:
        s = self.status
        return {
            "email": self.educator.user.email,
            "license_number": self.license.number,
            "cycle_start": s.cycle_start.isoformat(),
            "cycle_end": s.cycle_end.isoformat(),
            "district": self.district.code if self.district else None,
            "route": s.route,
            "required": s.required,
            "counted": [{"code": c.code, "earned_on": c.earned_on.isoformat()} for c in s.counted],
            "not_counted": [
                {"code": c.code, "earned_on": c.earned_on.isoformat(), "reason": c.reason}
                for c in s.not_counted
            ],
            "remaining": s.remaining,
            "status": s.status,
        }


def _status_for(license: License, earned, renewal_list: RenewalList, as_of) -> RenewalStatus:
    district = license.educator.district
    option = district.option_on(license.cycle_start) if district else 1
    return judge(
        cycle_start=license.cycle_start,
        cycle_end=license.cycle_end,
        option_on_cycle_start=option,
        passes=[Pass(e.code, e.earned_on, e.micro_credential.name) for e in earned],
        listed=renewal_list.listed,
        as_of=as_of,
    )


def educator_renewal(*, educator: EducatorProfile, as_of: dt.date) -> EducatorRenewal | None:
    """The educator's renewal status, or None without a license on record."""
    license = (
        License.objects.select_related("educator__user", "educator__district")
        .filter(educator=educator)
        .first()
    )
    if license is None:
        return None
    earned = earned_micro_credentials_by_educator(educator_ids=[educator.pk])
    status = _status_for(license, earned.get(educator.pk, []), RenewalList(), as_of)
    return EducatorRenewal(license.educator, license, status)


def renewals(*, licenses, as_of: dt.date) -> list[EducatorRenewal]:
    """Every license's status in a fixed number of queries, whatever their number."""
    licenses = list(licenses.select_related("educator__user", "educator__district"))
    earned = earned_micro_credentials_by_educator(
        educator_ids=[lic.educator_id for lic in licenses]
    )
    renewal_list = RenewalList()
    return [
        EducatorRenewal(
            lic.educator,
            lic,
            _status_for(lic, earned.get(lic.educator_id, []), renewal_list, as_of),
        )
        for lic in licenses
    ]


def district_view(*, district: District, as_of: dt.date) -> dict:
    """The district's licensed educators by status, those at risk, and who has no license."""
    rows = renewals(licenses=License.objects.filter(educator__district=district), as_of=as_of)
    by_status = {status: [r for r in rows if r.status.status == status] for status in STATUSES}
    return {
        "district": district,
        "rows": rows,
        "by_status": [(STATUS_TEXT[s], s, by_status[s]) for s in STATUSES],
        "at_risk": sorted((r for r in rows if r.at_risk(as_of)), key=lambda r: r.status.cycle_end),
        "without_license": EducatorProfile.objects.filter(district=district, license__isnull=True)
        .select_related("user")
        .order_by("user__last_name", "user__email"),
    }


def state_view(*, as_of: dt.date) -> dict:
    """Districts by option (with high-need ones marked) and counts by status."""
    districts = list(District.objects.all())
    rows = renewals(licenses=License.objects.all(), as_of=as_of)
    counts: dict[int | None, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row.educator.district_id][row.status.status] += 1
    table = [
        {
            "district": d,
            "option": d.renewal_option,
            "counts": [counts[d.pk][s] for s in STATUSES],
            "at_risk": sum(1 for r in rows if r.educator.district_id == d.pk and r.at_risk(as_of)),
        }
        for d in districts
    ]
    totals = Counter(row.status.status for row in rows)
    return {
        "districts": table,
        "option_2": [d for d in districts if d.renewal_option == 2],
        "high_need": [d for d in districts if d.high_need],
        "totals": [(STATUS_TEXT[s], totals[s]) for s in STATUSES],
        "no_district": [counts[None][s] for s in STATUSES],
        "statuses": [STATUS_TEXT[s] for s in STATUSES],
    }


def study_rows(*, as_of: dt.date) -> list[dict]:
    """Renewal outcomes for studying the rollout: by route group, high-need, cycle start year.

    One row per (option on the cycle's start, high-need district, the year the cycle
    started): educators, met, open, not met, and micro-credentials counted on average.
    """
    groups: dict[tuple, Counter] = defaultdict(Counter)
    for row in renewals(licenses=License.objects.all(), as_of=as_of):
        district = row.district
        option = district.option_on(row.status.cycle_start) if district else 1
        key = (option, bool(district and district.high_need), row.status.cycle_start.year)
        groups[key]["educators"] += 1
        groups[key][row.status.status] += 1
        groups[key]["counted"] += len(row.status.counted)
    out = []
    for (option, high_need, year), c in sorted(groups.items()):
        out.append(
            {
                "option": option,
                "high_need": high_need,
                "cycle_year": year,
                "educators": c["educators"],
                "met": c[MET],
                "open": c[OPEN],
                "not_met": c[NOT_MET],
                "percent_met": round(100 * c[MET] / c["educators"]) if c["educators"] else 0,
                "average_counted": round(c["counted"] / c["educators"], 2),
            }
        )
    return out


def home_context(request) -> dict:
    """The home page's renewal panel: the educator's own status; an admin's districts."""
    from django.utils import timezone

    user = request.user
    today = timezone.localdate()
    profile = getattr(user, "educator_profile", None)
    return {
        "renewal": educator_renewal(educator=profile, as_of=today) if profile else None,
        "administered": list(District.objects.editable_by(user)),
    }
