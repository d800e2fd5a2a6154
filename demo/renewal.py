"""Demonstration districts, licenses and a district administrator with a plan to write.

The districts are fictional ("Demo District A" …); no real district is named. Safe to run
twice: districts are matched on their code, licenses on their educator.
"""

import datetime as dt
import random

from django.db import transaction

from accounts.models import User
from districts.models import District
from enrollment.models import EducatorProfile
from renewal.models import License

DISTRICTS = [
    # code, name, option, option_from, high-need
    ("DEMO-A", "Demo District A", 1, None, True),
    ("DEMO-B", "Demo District B", 2, dt.date(2023, 7, 1), False),
    ("DEMO-C", "Demo District C", 2, dt.date(2024, 7, 1), True),
    ("DEMO-D", "Demo District D", 1, None, False),
]
DISTRICT_ADMIN_EMAIL = "district@apl.example"
HISTORY_EDUCATORS_PLACED = 240


def _districts() -> list[District]:
    found = []
    for code, name, option, option_from, high_need in DISTRICTS:
        district = District.objects.filter(code=code).first() or District(code=code)
        district.name, district.renewal_option = name, option
        district.option_from, district.high_need = option_from, high_need
        district.full_clean()
        district.save()
        found.append(district)
    return found


def _license(profile: EducatorProfile, number: str, start: dt.date) -> None:
    if License.objects.filter(educator=profile).exists():
        return
    License.objects.create(
        educator=profile,
        number=number,
        level=profile.license_level,
        cycle_start=start,
        level_since=start,
    )


def _place(profile: EducatorProfile, district: District) -> None:
    profile.district, profile.district_as_written = district, district.name
    profile.save(update_fields=["district", "district_as_written"])


@transaction.atomic
def load_renewal(*, stdout) -> None:
    districts = _districts()
    a = districts[0]
    admin = User.objects.filter(email=DISTRICT_ADMIN_EMAIL).first()
    if admin is not None:
        a.administrators.add(admin)
    for email, start in (
        ("educator@apl.example", dt.date(2022, 7, 1)),
        ("educator2@apl.example", dt.date(2023, 7, 1)),
    ):
        profile = EducatorProfile.objects.filter(user__email=email).first()
        if profile is not None:
            _place(profile, a)
            _license(profile, profile.license_number or f"NM-{email}", start)
    rng = random.Random(15)  # noqa: S311 - demonstration data
    others = EducatorProfile.objects.exclude(user__email__endswith="@apl.example").order_by("pk")
    for profile in others[:HISTORY_EDUCATORS_PLACED]:
        if profile.district_id is None:
            _place(profile, rng.choice(districts))
        start = dt.date(rng.choice((2020, 2021, 2022, 2023, 2024)), 7, 1)
        _license(profile, f"NM-R{profile.pk:06d}", start)
    stdout.write(
        f"Renewal: {len(districts)} demo districts, {License.objects.count()} licenses; "
        f"{DISTRICT_ADMIN_EMAIL} administers {a.name}."
    )
