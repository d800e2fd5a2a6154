"""Writes from the educator directory: the advancement facts the LAC records."""

from django.db import transaction

from audit.services import audit_log
from enrollment.models import EducatorProfile

ADVANCEMENT_FIELDS = ("years_at_current_level", "evaluations_successful", "mentorship_completed")


@transaction.atomic
def educator_advancement_update(
    *,
    educator: EducatorProfile,
    years_at_current_level: int,
    evaluations_successful: bool,
    mentorship_completed: bool,
    by,
    request=None,
    reason: str = "directory",
) -> list[str]:
    """Record years at level, evaluations and mentorship; return the fields that changed."""
    educator = EducatorProfile.objects.select_for_update().get(pk=educator.pk)
    wanted = {
        "years_at_current_level": years_at_current_level,
        "evaluations_successful": evaluations_successful,
        "mentorship_completed": mentorship_completed,
    }
    before = {name: getattr(educator, name) for name in ADVANCEMENT_FIELDS}
    changed = [name for name in ADVANCEMENT_FIELDS if before[name] != wanted[name]]
    if not changed:
        return []
    for name in changed:
        setattr(educator, name, wanted[name])
    educator._history_user = by
    educator._change_reason = reason[:100]
    educator.full_clean()
    educator.save(update_fields=changed)
    audit_log(
        action="educator.advancement_changed",
        actor=by,
        request=request,
        target=educator,
        before={n: before[n] for n in changed},
        after={n: wanted[n] for n in changed},
    )
    return changed
