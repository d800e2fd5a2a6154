"""The sections of an educator's record that the directory's own layer can read: profile
and advancement facts, intents, enrollments with grades, fees, and history. Apps above
(credentials, renewal) register theirs in their own AppConfig.ready."""

from django.utils import timezone

from directory import selectors
from enrollment.models import Enrollment


def profile_context(request, educator) -> dict:
    return {"educator": educator}


def intents_context(request, educator) -> dict:
    return {"intents": selectors.record_intents(educator)}


def enrollments_context(request, educator) -> dict:
    return {"enrollments": selectors.record_enrollments(educator), "today": timezone.localdate()}


def fees_context(request, educator) -> dict:
    rows = [
        e for e in selectors.record_enrollments(educator) if e.status != Enrollment.Status.WITHDRAWN
    ]
    unpaid = [e for e in rows if e.payment_state == Enrollment.Payment.UNPAID]
    return {
        "rows": rows,
        "unpaid": len(unpaid),
        "owed": sum((e.cohort.micro_credential.fee or 0) for e in unpaid),
    }


def history_context(request, educator) -> dict:
    return {"history": selectors.record_history(educator)}


SECTIONS = (
    ("profile", "Profile and advancement", "directory/_profile.html", profile_context, 10),
    ("intents", "Intents to enroll", "directory/_intents.html", intents_context, 20),
    (
        "enrollments",
        "Enrollments and grades",
        "directory/_enrollments.html",
        enrollments_context,
        30,
    ),
    ("fees", "Fees", "directory/_fees.html", fees_context, 40),
    ("history", "History", "directory/_history.html", history_context, 90),
)
