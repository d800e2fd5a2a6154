"""Every write of the career lattice: applying, the interview, the award, the rules.

Validated, atomic, audited. An application keeps the route's rules of the day it was
made, so a later change of the rules applies to new applications only (hold harmless).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from districts.models import District
from enrollment.models import EducatorProfile
from lattice.models import AdvancedRole, Application, Designation, DistrictCriterion, Route
from lattice.rules import RouteRules
from lattice.selectors import earned_codes, educator_facts, route_standing

RULE_FIELDS = ("min_license_level", "min_years_at_level", "nbct_required", "masters_required")


@transaction.atomic
def application_create(
    *, educator: EducatorProfile, route: Route, district: District, request=None
) -> Application:
    """Apply for the route's role to a hiring district, once the route is satisfied."""
    EducatorProfile.objects.select_for_update().get(pk=educator.pk)
    route = Route.objects.select_related("role").get(pk=route.pk)
    role = route.role
    if not (role.active and route.active) or route.kind == Route.Kind.OTHER:
        raise ValidationError({"route": "This route is not open to applications."})
    if Designation.objects.filter(educator=educator, role=role).exists():
        raise ValidationError({"route": f"You hold the {role.name} designation already."})
    if Application.objects.open().filter(educator=educator, role=role).exists():
        raise ValidationError({"route": f"Your application for {role.name} is under way."})
    standing = route_standing(
        route=route,
        facts=educator_facts(educator=educator, today=timezone.localdate()),
        codes=earned_codes(educator=educator),
    )
    if not standing.satisfied:
        raise ValidationError({"route": f"Not yet: {standing.next_step}"})
    application = Application(
        educator=educator,
        role=role,
        route=route,
        district=district,
        rules=standing.rules.as_json(),
        standing=standing.as_json(),
    )
    application.full_clean()
    application.save()
    audit_log(
        action="lattice.applied",
        actor=educator.user,
        request=request,
        target=application,
        route_version=route.version,
    )
    return application


def _lock(application: Application, *statuses) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in statuses:
        raise ValidationError(
            f"This application is {application.get_status_display().lower()} already."
        )
    return application


@transaction.atomic
def interview_record(
    *,
    application: Application,
    by,
    interview_on: dt.date,
    outcome: str,
    interviewer_name: str,
    request=None,
) -> Application:
    """The hiring district records its behavioural interview; the questions stay with it."""
    if not District.objects.editable_by(by).filter(pk=application.district_id).exists():
        raise PermissionDenied("Only the hiring district's administrators record interviews.")
    application = _lock(application, Application.Status.APPLIED)
    errors = {}
    if interview_on > timezone.localdate():
        errors["interview_on"] = "Record an interview once it has taken place."
    elif interview_on < timezone.localdate(application.applied_at):
        errors["interview_on"] = "The interview cannot be before the application."
    if not interviewer_name.strip():
        errors["interviewer_name"] = "Name who interviewed."
    if outcome not in Application.Outcome.values:
        errors["outcome"] = "Choose recommended or not recommended."
    if errors:
        raise ValidationError(errors)
    application.interview_on = interview_on
    application.interview_outcome = outcome
    application.interviewer_name = interviewer_name.strip()
    application.interview_recorded_by = by
    application.status = outcome  # the two outcomes are also the two statuses that follow
    application.full_clean()
    application.save()
    audit_log(
        action="lattice.interview_recorded",
        actor=by,
        request=request,
        target=application,
        outcome=outcome,
    )
    return application


@transaction.atomic
def application_award(*, application: Application, by, request=None) -> Designation:
    """The state awards the designation the district recommended, and issues its credential."""
    application = _lock(application, Application.Status.RECOMMENDED)
    application.status = Application.Status.AWARDED
    application.decided_by, application.decided_at = by, timezone.now()
    application.save()
    rules = RouteRules.from_json(application.rules)
    designation = Designation(
        educator=application.educator,
        role=application.role,
        route=application.route,
        route_kind=rules.kind,
        awarded_on=timezone.localdate(),
        application=application,
        district=application.district,
    )
    designation.full_clean()
    designation.save()
    designation_credential_issue(designation=designation)
    audit_log(action="lattice.awarded", actor=by, request=request, target=designation)
    return designation


@transaction.atomic
def application_decline(*, application: Application, by, reason: str, request=None) -> Application:
    """The state declines the designation, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the designation is declined."})
    application = _lock(application, Application.Status.RECOMMENDED)
    application.status = Application.Status.DECLINED
    application.decline_reason = reason.strip()
    application.decided_by, application.decided_at = by, timezone.now()
    application.save()
    audit_log(action="lattice.declined", actor=by, request=request, target=application)
    return application


def designation_credential_issue(*, designation: Designation):
    """Issue (once) the designation's verifiable credential and link it."""
    from credentials.models import Credential
    from credentials.services import credential_issue_for_achievement

    role = designation.role
    if designation.application_id:
        rules = RouteRules.from_json(designation.application.rules)
    else:
        rules = RouteRules(kind=designation.route_kind)
    credential = credential_issue_for_achievement(
        educator=designation.educator,
        kind=Credential.Kind.DESIGNATION,
        source=designation,
        code=f"designation-{role.code}".lower().replace("_", "-")[:80],
        name=f"{role.name} designation",
        description=role.responsibilities,
        criteria=" ".join(
            [*rules.describe(), "Recommended by the hiring district after a behavioural interview."]
            if designation.application_id
            else rules.describe()
        ),
        achievement_type="Certification",
        tags=("advanced teacher role",),
    )
    if designation.credential_id != credential.pk:
        designation.credential = credential
        designation.save(update_fields=["credential"])
    return credential


@transaction.atomic
def route_update(*, route: Route, by, request=None, **rules) -> Route:
    """Change a route's rules: a new version, for new applications only."""
    unknown = set(rules) - set(RULE_FIELDS) - {"active"}
    if unknown:
        raise ValueError(f"not a rule of a route: {sorted(unknown)}")
    route = Route.objects.select_for_update().get(pk=route.pk)
    before = {name: getattr(route, name) for name in rules}
    for name, value in rules.items():
        setattr(route, name, value)
    changed = {n: v for n, v in rules.items() if before[n] != v}
    if not changed:
        return route
    if set(changed) & set(RULE_FIELDS):
        route.version += 1
    route.full_clean()
    route.save()
    audit_log(
        action="lattice.route_changed",
        actor=by,
        request=request,
        target=route,
        version=route.version,
        changed=sorted(changed),
    )
    return route


@transaction.atomic
def criterion_add(
    *, district: District, role: AdvancedRole, text: str, by, request=None
) -> DistrictCriterion:
    """A district's own criterion for its hires into a role, shown to applicants."""
    if not District.objects.editable_by(by).filter(pk=district.pk).exists():
        raise PermissionDenied("Only the district's administrators add its criteria.")
    criterion = DistrictCriterion(district=district, role=role, text=text.strip())
    criterion.full_clean()
    criterion.save()
    audit_log(action="lattice.criterion_added", actor=by, request=request, target=criterion)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: DistrictCriterion, by, request=None) -> None:
    if not District.objects.editable_by(by).filter(pk=criterion.district_id).exists():
        raise PermissionDenied("Only the district's administrators remove its criteria.")
    audit_log(action="lattice.criterion_removed", actor=by, request=request, target=criterion)
    criterion.delete()
