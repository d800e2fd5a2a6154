"""Notes that downstream apps add to an educator's pathway, one list per enrolment.

Enrollment knows nothing of grading or credentials; they register a provider here (in
their AppConfig.ready) so the pathway page can say "awaiting grade", "resubmission open
until …" or offer a certificate download without enrollment importing them.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EnrollmentNote:
    text: str
    url: str | None = None
    link_text: str | None = None
    is_next_step: bool = False


Provider = Callable[[list], dict[int, list[EnrollmentNote]]]
_providers: list[Provider] = []


def register_note_provider(provider: Provider) -> Provider:
    """Add ``provider(enrollments) -> {enrollment_id: [EnrollmentNote, ...]}`` (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def notes_for(enrollments: Iterable) -> dict[int, list[EnrollmentNote]]:
    """Every provider's notes for these enrolments; providers must query in bulk."""
    enrollments = list(enrollments)
    merged: dict[int, list[EnrollmentNote]] = defaultdict(list)
    for provider in _providers:
        for enrollment_id, notes in provider(enrollments).items():
            merged[enrollment_id].extend(notes)
    return dict(merged)
