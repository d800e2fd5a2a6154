"""The pathway page's note for a passed enrolment: where to get and share its credential."""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from enrollment.progress import EnrollmentNote


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "F j, Y")


def credential_notes(enrollments) -> dict[int, list[EnrollmentNote]]:
    """One query for every enrolment on the page."""
    from credentials.models import Credential

    ids = [e.pk for e in enrollments if e.status == "passed"]
    if not ids:
        return {}
    notes = {}
    for credential in Credential.objects.filter(enrollment_id__in=ids).only(
        "pk", "enrollment_id", "issued_at", "revoked_at"
    ):
        if credential.revoked_at:
            text = f"Credential revoked on {_day(credential.revoked_at)}."
        else:
            text = f"Credential issued {_day(credential.issued_at)}."
        notes[credential.enrollment_id] = [
            EnrollmentNote(
                text=text,
                url=reverse("credentials:credential-detail", args=[credential.pk]),
                link_text="Download the badge and certificate, or share it",
            )
        ]
    return notes
