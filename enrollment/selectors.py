"""Reads that span models, for pages and the home screen."""

from django.db.models import Count, Q

from apl.quarters import Quarter
from catalogue.models import Programme
from enrollment.models import Cohort, Enrollment, Intent


def educator_home_summary(*, user) -> dict:
    profile = getattr(user, "educator_profile", None)
    if profile is None:
        return {
            "profile": None,
            "intents": [],
            "enrollments": [],
            "programmes": Programme.objects.all(),
        }
    intents = list(Intent.objects.filter(educator=profile).select_related("programme"))
    enrollments = list(
        Enrollment.objects.filter(educator=profile)
        .select_related("cohort__micro_credential__programme")
        .order_by("-cohort__quarter")
    )
    return {
        "profile": profile,
        "intents": intents,
        "enrollments": enrollments,
        "programmes": Programme.objects.all(),
    }


def programme_home_summary() -> dict:
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    quarter = Quarter.containing(today if isinstance(today, dt.date) else today.date())
    pending = Intent.objects.filter(status=Intent.Status.PENDING).count()
    cohorts = (
        Cohort.objects.filter(quarter=quarter)
        .select_related("micro_credential")
        .annotate(seats=Count("enrollments", filter=~Q(enrollments__status="withdrawn")))
    )
    return {"quarter": quarter, "pending_intents": pending, "current_cohorts": list(cohorts)}
