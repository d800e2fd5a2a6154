"""Who is in the directory for whom, searching it, and the reads of an educator's record."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.roles import Role
from audit.models import AuditEvent
from enrollment.models import EducatorProfile, Enrollment, Intent

READ_ALL = "enrollment.view_all_enrollments"
MANAGE = "enrollment.manage_programme"

SORTS = {
    "name": ("user__last_name", "user__first_name", "user__email"),
    "email": ("user__email",),
    "license": ("license_number",),
    "level": ("license_level",),
    "district": ("district_as_written",),
}


def may_use_directory(user) -> bool:
    """The LAC and the liaison (every educator) and district administrators (their own)."""
    return user.is_authenticated and (user.has_perm(READ_ALL) or user.has_role(Role.DISTRICT_ADMIN))


def directory_scope(user) -> QuerySet:
    """The educators this user finds in the directory; facilitators find none here."""
    profiles = EducatorProfile.objects.all()
    if not user.is_authenticated:
        return profiles.none()
    if user.has_perm(READ_ALL):
        return profiles
    if user.has_role(Role.DISTRICT_ADMIN):
        return profiles.filter(district__administrators=user)
    return profiles.none()


def educator_search(*, user, q: str = "", district: str = "", level: int | None = None):
    """Search by name, email or license number (every word must match), and district."""
    profiles = directory_scope(user).select_related("user", "district")
    for word in q.split():
        profiles = profiles.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(license_number__icontains=word)
        )
    if district:
        profiles = profiles.filter(
            Q(district_as_written__iexact=district)
            | Q(district__name__iexact=district)
            | Q(district__code__iexact=district)
        )
    if level:
        profiles = profiles.filter(license_level=level)
    return profiles


def district_choices(user) -> list[str]:
    return list(
        directory_scope(user)
        .exclude(district_as_written="")
        .order_by("district_as_written")
        .values_list("district_as_written", flat=True)
        .distinct()
    )


def record_intents(educator) -> list[Intent]:
    return list(
        educator.intents.select_related("programme", "decided_by").order_by("-submitted_on")
    )


def record_enrollments(educator) -> list[Enrollment]:
    return list(
        educator.enrollments.select_related(
            "cohort__micro_credential__programme", "facilitator"
        ).order_by("-cohort__quarter", "pk")
    )


def _label(field: str) -> str:
    try:
        return str(EducatorProfile._meta.get_field(field).verbose_name)
    except Exception:  # a field since removed from the model
        return field


def record_history(educator, *, limit: int = 50) -> list[dict]:
    """Changes to the profile (who, when, what) and audit events about the educator."""
    rows = []
    versions = list(
        educator.history.select_related("history_user").order_by("-history_date")[:limit]
    )
    for newer, older in zip(versions, [*versions[1:], None], strict=False):
        changed = []
        if older is not None:
            changed = [_label(c.field) for c in newer.diff_against(older).changes]
        rows.append(
            {
                "at": newer.history_date,
                "who": newer.history_user.email if newer.history_user else "system or import",
                "what": (
                    "Profile created"
                    if older is None
                    else ("Changed " + ", ".join(changed) if changed else "Saved, no change")
                ),
                "reason": newer.history_change_reason or "",
            }
        )
    events = AuditEvent.objects.filter(
        Q(target_type="enrollment.educatorprofile", target_id=str(educator.pk))
        | Q(
            target_type="enrollment.intent",
            target_id__in=[str(pk) for pk in educator.intents.values_list("pk", flat=True)],
        )
    ).order_by("-at")[:limit]
    for event in events:
        rows.append(
            {
                "at": event.at,
                "who": event.actor_label or "system",
                "what": event.action,
                "reason": "",
            }
        )
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows[:limit]
