"""The pathway page's notes for passed enrolments: where to get and share the credential,
and, on the enrolment that completed a programme, the programme credential."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from enrollment.progress import EnrollmentNote


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "F j, Y")


def _note(row: dict, what: str) -> EnrollmentNote:
    if row["revoked_at"]:
        text = f"{what} revoked on {_day(row['revoked_at'])}."
    else:
        text = f"{what} issued {_day(row['issued_at'])}."
    return EnrollmentNote(
        text=text,
        url=reverse("credentials:credential-detail", args=[row["pk"]]),
        link_text="Download the badge and certificate, or share it",
    )


def _wallet_note(row: dict) -> EnrollmentNote:
    return EnrollmentNote(
        text="Take it with you:",
        url=reverse("credentials:credential-wallet", args=[row["pk"]]),
        link_text="Add to wallet or LinkedIn",
    )


def credential_notes(enrollments) -> dict[int, list[EnrollmentNote]]:
    """One query for every enrolment on the page."""
    from credentials.models import Credential

    ids = [e.pk for e in enrollments if e.status == "passed"]
    if not ids:
        return {}
    rows = (
        Credential.objects.filter(
            Q(enrollment_id__in=ids) | Q(kind="programme", stacked__enrollment_id__in=ids)
        )
        .annotate(
            via=F("stacked__enrollment_id"),
            via_issued=F("stacked__issued_at"),
            programme_name=F("programme__name"),
        )
        .values(
            "pk",
            "kind",
            "enrollment_id",
            "issued_at",
            "revoked_at",
            "programme_name",
            "via",
            "via_issued",
        )
    )
    notes: dict[int, list[EnrollmentNote]] = {}
    last_stacked: dict[int, dict] = {}  # programme credential pk → its latest stacked row
    for row in rows:
        if row["kind"] != "programme":
            own = notes.setdefault(row["enrollment_id"], [])
            if not row["revoked_at"]:
                own.insert(0, _wallet_note(row))
            own.insert(0, _note(row, "Credential"))
        elif (
            row["pk"] not in last_stacked
            or row["via_issued"] > last_stacked[row["pk"]]["via_issued"]
        ):
            last_stacked[row["pk"]] = row
    for row in last_stacked.values():
        notes.setdefault(row["via"], []).append(
            _note(row, f"{row['programme_name']} program credential")
        )
    return notes
