"""Stacks applied to what educators passed: programme completion and completed stacks.

The rule itself is catalogue's (``catalogue.stacks.stack_progress``, pure); this module
loads what it needs (the stacks, the codes an educator passed) and asks it. Every reading
of "has completed the programme" goes through here or through that rule.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from apl import versions
from catalogue.models import MicroCredential, Programme, Stack
from catalogue.selectors import programme_stack_definitions, stack_definitions
from catalogue.stacks import StackDefinition, StackProgress, stack_progress
from enrollment.models import EducatorProfile, Enrollment


def programme_definitions() -> dict[int, StackDefinition]:
    """Each programme's stack as plain values, by programme id (one query)."""
    return programme_stack_definitions()


def programme_definition(programme: Programme) -> StackDefinition:
    """The stack that completes ``programme`` (one query); a programme without one is a
    data error."""
    found = stack_definitions(Stack.objects.filter(programme=programme))
    if not found:
        raise Stack.DoesNotExist(f"{programme.name} has no stack: add it in the admin.")
    return next(iter(found.values()))


def passed_codes(enrollments: Iterable[Enrollment]) -> set[str]:
    """Codes of the micro-credentials passed in these enrolments (cohort and its
    micro-credential loaded)."""
    return {
        e.cohort.micro_credential.code for e in enrollments if e.status == Enrollment.Status.PASSED
    }


def earned_codes(educator: EducatorProfile) -> set[str]:
    """Codes of every micro-credential the educator passed (one query)."""
    return set(
        Enrollment.objects.filter(educator=educator, status=Enrollment.Status.PASSED)
        .order_by()
        .values_list("cohort__micro_credential__code", flat=True)
        .distinct()
    )


def programme_progress(programme: Programme, enrollments: Iterable[Enrollment]) -> StackProgress:
    """Progress through ``programme``'s stack on the passes among ``enrollments``."""
    return stack_progress(programme_definition(programme), passed_codes(enrollments))


def completed_stacks(educator: EducatorProfile) -> list[Stack]:
    """The stacks the educator has completed, in stack order: the programmes' and any other.

    Three queries whatever the number of stacks: the educator's passes, the stacks'
    definitions, and the completed stacks themselves.
    """
    earned = earned_codes(educator)
    if not earned:
        return []
    done = [pk for pk, d in stack_definitions().items() if stack_progress(d, earned).complete]
    return list(Stack.objects.filter(pk__in=done)) if done else []


@dataclass(frozen=True)
class Catalogue:
    """What the pathway reads of the catalogue: the APL micro-credentials (programme
    loaded) in catalogue order, and each programme's stack by programme id."""

    micro_credentials: list[MicroCredential]
    stacks: dict[int, StackDefinition]


def read_catalogue() -> Catalogue:
    """Two queries (the stacks' SQL compiled once per process)."""
    return Catalogue(
        micro_credentials=list(MicroCredential.objects.apl().select_related("programme")),
        stacks=programme_definitions(),
    )


def kept_catalogue() -> Catalogue:
    """``read_catalogue()``, kept in this worker until a record changes: no query while it
    stands. Shared between requests: read it, never change it (for pages, not for the
    services that enrol, which read the catalogue in their own transaction)."""
    return versions.remember("enrollment:pathway:catalogue", [versions.RECORDS], read_catalogue)
