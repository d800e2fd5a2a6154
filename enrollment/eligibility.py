"""The pathway's rules as plain functions: who may state intent, and who may advance.

They take records already loaded, so pages can apply them to many rows without queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from catalogue.models import MicroCredential, Programme
from catalogue.stacks import ALL, StackDefinition, stack_progress

YEARS_AT_LEVEL_NEEDED = 3


def level_refusal(*, license_level: int, programme: Programme) -> str | None:
    """Why a teacher at ``license_level`` may not enter ``programme``, or None."""
    if license_level == programme.from_level:
        return None
    if license_level >= 3:
        return (
            "You hold a Level 3 license, the highest level, so there is no program to advance with."
        )
    return (
        f"{programme.name} is for Level {programme.from_level} teachers and your license "
        f"is Level {license_level}. Level {license_level} teachers enroll in the program "
        f"for Level {license_level} to Level {license_level + 1}."
    )


def passed_ids(enrollments: Iterable) -> set[int]:
    """Ids of the micro-credentials passed in these enrolments (cohort loaded)."""
    return {e.cohort.micro_credential_id for e in enrollments if e.status == "passed"}


def missing_for_programme(
    *,
    definition: StackDefinition,
    passed: set[str],
    chosen_electives: list[MicroCredential],
) -> list[str]:
    """What is still to pass to complete a programme, in plain words.

    ``definition`` is the programme's stack and ``passed`` the codes passed; the stack's
    rule decides. Its open choice slots (the electives) are named by the electives the
    educator chose and has not passed, then counted as electives not chosen yet.
    """
    progress = stack_progress(definition, passed)
    if progress.complete:
        return []
    if definition.rule != ALL:
        return list(progress.missing)
    counted = set(progress.counted)
    missing = [definition.name_of(code) for code in definition.members if code not in counted]
    met_members = len(definition.members) - len(missing)
    short = len(definition.slots) - (len(counted) - met_members)
    chosen_open = [mc.name for mc in chosen_electives if mc.code not in counted]
    missing.extend(f"{name} (elective)" for name in chosen_open[:short])
    unchosen = short - min(short, len(chosen_open))
    if unchosen:
        missing.append(
            "one elective you have not chosen yet"
            if unchosen == 1
            else f"{unchosen} electives you have not chosen yet"
        )
    return missing


@dataclass
class Requirement:
    label: str
    met: bool
    detail: str = ""


@dataclass
class Route:
    name: str
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]


@dataclass
class Advancement:
    from_level: int
    to_level: int | None
    routes: list[Route]

    @property
    def eligible(self) -> bool:
        return any(route.eligible for route in self.routes)


def _license_record(profile):
    """The license record (renewal app) at the profile's level, if there is one."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        record = profile.license
    except (ObjectDoesNotExist, AttributeError):
        return None
    return record if record.level == profile.license_level else None


def years_at_current_level(profile, *, today=None) -> int:
    """Full school years at the current level: from the license record where there is one,
    else the number the LAC recorded."""
    record = _license_record(profile)
    if record is None:
        return profile.years_at_current_level
    return record.years_at_level(today or timezone.localdate())


def _years(profile) -> Requirement:
    years = years_at_current_level(profile)
    short = YEARS_AT_LEVEL_NEEDED - years
    source = "From the license record" if _license_record(profile) else "Recorded"
    return Requirement(
        f"Three full school years at Level {profile.license_level}",
        short <= 0,
        f"{source}: {years} year{'s' if years != 1 else ''}."
        + (f" {short} more needed." if short > 0 else ""),
    )


def _programme_requirement(programme: Programme, missing: list[str]) -> Requirement:
    label = f"The {programme.required_count} {programme.name} micro-credentials passed"
    if not missing:
        return Requirement(label, True, "All passed.")
    return Requirement(label, False, "Still to pass: " + "; ".join(missing) + ".")


def advancement_for(*, profile, programme: Programme | None, missing: list[str]) -> Advancement:
    """Whether ``profile`` may apply for the next license level, route by route."""
    level = profile.license_level
    if level >= 3 or programme is None:
        return Advancement(level, None, [])
    if level == 1:
        route = Route(
            "APL micro-credentials",
            [
                _programme_requirement(programme, missing),
                _years(profile),
                Requirement(
                    "Successful evaluations in each of those years",
                    profile.evaluations_successful,
                    "Recorded." if profile.evaluations_successful else "Not recorded yet.",
                ),
                Requirement(
                    "A completed mentorship",
                    profile.mentorship_completed,
                    "Recorded." if profile.mentorship_completed else "Not recorded yet.",
                ),
            ],
        )
        return Advancement(1, 2, [route])
    apl = Route(
        "APL micro-credentials",
        [
            _programme_requirement(programme, missing),
            _years(profile),
            Requirement(
                "A master's degree",
                profile.masters_degree,
                "Recorded." if profile.masters_degree else "Not recorded.",
            ),
        ],
    )
    nbct = Route(
        "National Board Certification",
        [
            Requirement(
                "National Board certified (no master's degree needed)",
                profile.nbct,
                "Recorded." if profile.nbct else "Not recorded.",
            )
        ],
    )
    return Advancement(2, 3, [apl, nbct])
