"""The home page's advanced-roles panel, for educators, district administrators and the state."""

from django.utils import timezone

from districts.models import District
from lattice.models import Application, Designation
from lattice.selectors import educator_lattice


def home_context(request) -> dict:
    user = request.user
    profile = getattr(user, "educator_profile", None)
    views = educator_lattice(educator=profile, today=timezone.localdate()) if profile else []
    administered = list(District.objects.editable_by(user))
    pending = Application.objects.filter(
        district__in=administered, status=Application.Status.APPLIED
    )
    state = user.has_perm("lattice.view_all_designations")
    return {
        "held": [v.designation for v in views if v.designation],
        "may_apply": [v.role for v in views if v.may_apply],
        "open": [v.open_application for v in views if v.open_application],
        "administered": administered,
        "interviews_pending": pending.count() if administered else 0,
        "state": state,
        "awaiting_award": (
            Application.objects.filter(status=Application.Status.RECOMMENDED).count()
            if state
            else 0
        ),
        "designations": Designation.objects.count() if state else 0,
    }
