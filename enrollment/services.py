"""Every write to enrolments goes through here: validated, atomic, audited."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apl.locks import lock_object
from apl.notify import email_on_commit
from apl.quarters import Quarter
from audit.services import audit_log
from catalogue.models import MicroCredential, Programme
from districts.models import District
from enrollment.models import (
    PROFILE_FIELDS,
    Cohort,
    EducatorProfile,
    ElectiveChoice,
    Enrollment,
    Intent,
)
from enrollment.rules import score_passes
from enrollment.signals import enrollment_passed


@transaction.atomic
def enrollment_create(
    *, educator: EducatorProfile, cohort: Cohort, facilitator=None, payment_state=None
) -> Enrollment:
    """Enrol an educator in a cohort, holding the cohort's capacity under a row lock."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.capacity is not None:
        taken = cohort.enrollments.counted().count()
        if taken >= cohort.capacity:
            raise ValidationError(f"{cohort} is full ({cohort.capacity} seats).", code="full")
    if Enrollment.objects.filter(educator=educator, cohort=cohort).exists():
        raise ValidationError(f"{educator} is already enrolled in {cohort}.", code="duplicate")
    _refuse_retake_of_a_pass(educator=educator, cohort=cohort)
    enrollment = Enrollment(
        educator=educator,
        cohort=cohort,
        facilitator=facilitator,
        payment_state=payment_state or Enrollment.Payment.UNPAID,
    )
    enrollment.full_clean()
    enrollment.save()
    return enrollment


def _refuse_retake_of_a_pass(*, educator: EducatorProfile, cohort: Cohort) -> None:
    """A passed micro-credential is not taken again: passing it twice completes nothing,
    and the seat, the fee and the facilitator's time would go to no purpose."""
    passed = (
        Enrollment.objects.filter(
            educator=educator,
            cohort__micro_credential_id=cohort.micro_credential_id,
            status=Enrollment.Status.PASSED,
        )
        .select_related("cohort__micro_credential")
        .first()
    )
    if passed is not None:
        raise ValidationError(
            f"{educator} passed {passed.cohort.micro_credential.name} in "
            f"{passed.cohort.quarter}; a passed micro-credential is not taken again.",
            code="already_passed",
        )


def _history_reason(reason: str) -> str | None:
    """The reason clipped to the history's column (100 characters); the caller keeps the
    full text where it belongs (a reopened grade's reason, the audit record)."""
    limit = Enrollment.history.model._meta.get_field("history_change_reason").max_length
    reason = (reason or "").strip()
    return (reason[: limit - 1] + "…" if len(reason) > limit else reason) or None


@transaction.atomic
def enrollment_set_outcome(
    *, enrollment: Enrollment, status: str, score: Decimal | None, by=None, reason: str = ""
) -> Enrollment:
    """Record a mastery outcome (passed at 85 or more) and tell downstream apps of a pass."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if status == Enrollment.Status.PASSED and score is not None and not score_passes(score):
        raise ValidationError({"score": "A passed enrollment needs a score of 85 or more."})
    if status == Enrollment.Status.NOT_PASSED and score is not None and score_passes(score):
        raise ValidationError({"score": "A score of 85 or more passes."})
    was_passed = enrollment.status == Enrollment.Status.PASSED
    enrollment.status = status
    enrollment.score = score
    enrollment._change_reason = _history_reason(reason)
    if by is not None:
        enrollment._history_user = by
    enrollment.full_clean()
    enrollment.save()
    if status == Enrollment.Status.PASSED and not was_passed:
        pk = enrollment.pk
        transaction.on_commit(lambda: enrollment_passed.send(sender=Enrollment, enrollment_id=pk))
    return enrollment


@transaction.atomic
def enrollment_set_payment(*, enrollment: Enrollment, payment_state: str, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    enrollment.payment_state = payment_state
    if by is not None:
        enrollment._history_user = by
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.ENROLLED:
        raise ValidationError("Only a running micro-credential can be withdrawn from.")
    enrollment.status = Enrollment.Status.WITHDRAWN
    if by is not None:
        enrollment._history_user = by
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_assign_facilitator(*, enrollment: Enrollment, facilitator, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if (
        facilitator is not None
        and not enrollment.cohort.facilitators.filter(pk=facilitator.pk).exists()
    ):
        raise ValidationError({"facilitator": "Choose a facilitator of this cohort."})
    enrollment.facilitator = facilitator
    if by is not None:
        enrollment._history_user = by
    enrollment.save()
    return enrollment


# --- the educator's journey ------------------------------------------------------------
# Intent, electives, enrolment in the next micro-credential, withdrawal and the survey.


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _lock_profile(educator: EducatorProfile) -> EducatorProfile:
    """Serialise one educator's journey writes (two tabs, a double click)."""
    return lock_object(EducatorProfile.objects.select_related("user"), educator.pk)


def intent_refusal(*, educator: EducatorProfile, programme: Programme) -> tuple[str, str] | None:
    """``(code, message)`` saying why ``educator`` may not state intent now, or None.

    Codes: ``level`` (license level does not fit), ``open`` (an open intent exists),
    ``completed`` (the programme is passed already).
    """
    from enrollment.eligibility import level_refusal
    from enrollment.pathway import educator_pathway

    refusal = level_refusal(license_level=educator.license_level, programme=programme)
    if refusal:
        return "level", refusal
    existing = Intent.objects.open().filter(educator=educator, programme=programme).first()
    if existing is not None:
        return "open", (
            f"You already have an intent to enroll in {programme.name} "
            f"({existing.get_status_display().lower()}, submitted "
            f"{existing.submitted_on:%B} {existing.submitted_on.day}, "
            f"{existing.submitted_on.year}). There is nothing more to submit."
        )
    pathway = educator_pathway(profile=educator, programme=programme, today=timezone.localdate())
    if pathway is not None and pathway.completed:
        return "completed", f"You have already completed {programme.name}."
    return None


@transaction.atomic
def intent_submit(
    *, educator: EducatorProfile, programme: Programme, request=None, today=None
) -> Intent:
    """Record an educator's intent to enrol (pending the LAC's review) and tell them."""
    educator = _lock_profile(educator)
    refusal = intent_refusal(educator=educator, programme=programme)
    if refusal is not None:
        raise ValidationError(refusal[1], code=refusal[0])
    intent = Intent(educator=educator, programme=programme, submitted_on=_today(today))
    intent.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            intent.save()
    except IntegrityError as exc:  # a second tab won the race
        raise ValidationError(
            f"You already have an intent to enroll in {programme.name}.", code="open"
        ) from exc
    audit_log(action="intent.submitted", actor=educator.user, request=request, target=intent)
    email_on_commit(
        user=educator.user,
        subject=f"We received your intent to enroll in {programme.name}",
        template="email/enrollment/intent_received.txt",
        context={
            "first_name": educator.user.first_name,
            "programme": programme.name,
            "submitted_on": intent.submitted_on.isoformat(),
        },
    )
    return intent


@transaction.atomic
def educator_profile_create(*, user, request=None, **fields) -> EducatorProfile:
    """Give a signed-in person an educator profile and the Educator role."""
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    values = {k: fields[k] for k in PROFILE_FIELDS if k in fields}
    if "district" in values:
        # The district as written is kept; the record links to the district it names.
        written = values.pop("district") or ""
        values["district_as_written"] = written
        values["district"] = District.objects.matching(written).first()
    profile = EducatorProfile(user=user, **values)
    profile.full_clean()
    profile.save()
    user.groups.add(Group.objects.get(name=Role.EDUCATOR.value))
    user.__dict__.pop("_role_names", None)
    return profile


@transaction.atomic
def educator_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    programme: Programme,
    request=None,
    **profile_fields,
):
    """Create an account, profile and intent, and send allauth's verification email.

    For an email that already has an account nothing is created and the owner is
    emailed instead; the caller answers exactly as for a new account (no enumeration).
    Returns the new user, or None when the address was taken.
    """
    from allauth.account.models import EmailAddress

    from accounts.models import User

    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, first_name=first_name, last_name=last_name
                )
        except IntegrityError:  # the same form, submitted twice at once
            existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _tell_owner_of_sign_up_attempt(existing, programme)
        audit_log(action="signup.existing_email", request=request, actor_label=email)
        return None
    address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    profile = educator_profile_create(user=user, **profile_fields)
    intent_submit(educator=profile, programme=programme, request=request)
    audit_log(action="educator.signed_up", actor=user, request=request, target=profile)
    transaction.on_commit(lambda: _send_verification(address, request))
    return user


def _send_verification(address, request) -> None:
    """allauth's own verification email; allauth reads the request from its context."""
    from allauth.core import context

    with context.request_context(request):
        address.send_confirmation(request, signup=True)


def _tell_owner_of_sign_up_attempt(user, programme: Programme) -> None:
    email_on_commit(
        user=user,
        subject="Someone tried to create an APL account with your email address",
        template="email/enrollment/account_exists.txt",
        context={
            "first_name": user.first_name,
            "programme": programme.name,
            "intent_path": reverse("enrollment:intent", args=[programme.slug]),
            "reset_path": reverse("account_reset_password"),
        },
    )


def _drop_electives(educator: EducatorProfile, dropped: list[ElectiveChoice]) -> None:
    """Delete these choices, refusing one the educator has enrolled in (not withdrawn)."""
    kept_by_enrolment = set(
        Enrollment.objects.filter(
            educator=educator,
            cohort__micro_credential_id__in=[c.micro_credential_id for c in dropped],
        )
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .values_list("cohort__micro_credential_id", flat=True)
    )
    for choice in dropped:
        if choice.micro_credential_id in kept_by_enrolment:
            raise ValidationError(
                {
                    "micro_credentials": f"{choice.micro_credential.name} stays: you have "
                    "enrolled in it already."
                }
            )
        choice.delete()


@transaction.atomic
def elective_choices_set(
    *,
    educator: EducatorProfile,
    programme: Programme,
    micro_credentials: list[MicroCredential],
    today: dt.date | None = None,
) -> list[ElectiveChoice]:
    """Replace the educator's electives; ones already taken or passed cannot be dropped."""
    educator = _lock_profile(educator)
    day = _today(today)
    wanted = {mc.pk: mc for mc in micro_credentials}
    if len(wanted) > programme.elective_count:
        raise ValidationError(
            {"micro_credentials": f"Choose at most {programme.elective_count} electives."}
        )
    offered = set(
        programme.micro_credentials.filter(kind=MicroCredential.Kind.ELECTIVE)
        .offered_on(day)
        .values_list("pk", flat=True)
    )
    current = {
        c.micro_credential_id: c for c in educator.elective_choices.filter(programme=programme)
    }
    for pk, mc in wanted.items():
        if pk not in offered and pk not in current:
            raise ValidationError(
                {"micro_credentials": f"{mc.name} is not offered as an elective yet."}
            )
    _drop_electives(educator, [c for pk, c in current.items() if pk not in wanted])
    free_slots = sorted(
        set(range(1, programme.elective_count + 1))
        - {c.slot for pk, c in current.items() if pk in wanted}
    )
    try:
        with transaction.atomic():
            for pk, mc in wanted.items():
                if pk in current:
                    continue
                choice = ElectiveChoice(
                    educator=educator,
                    programme=programme,
                    micro_credential=mc,
                    slot=free_slots.pop(0),
                )
                choice.full_clean(validate_constraints=False)
                choice.save()
    except IntegrityError as exc:
        raise ValidationError("Your electives changed meanwhile; look again and choose.") from exc
    return list(educator.elective_choices.filter(programme=programme))


class NoOpenCohort(ValidationError):
    """No cohort of the micro-credential has a free seat this quarter."""


def _next_candidate(educator, micro_credential, *, day: dt.date, current: Quarter):
    """The pathway's candidate for ``micro_credential``, with an open cohort, or why not."""
    from enrollment.pathway import educator_pathway

    pathway = educator_pathway(profile=educator, programme=micro_credential.programme, today=day)
    if pathway is None:
        raise ValidationError("Submit an intent to enroll in this program first.", code="intent")
    if pathway.blocked_reason:
        raise ValidationError(pathway.blocked_reason, code="blocked")
    candidate = pathway.candidate_for(micro_credential.pk)
    if candidate is None:
        raise ValidationError(
            f"{micro_credential.name} is not one of your next micro-credentials.", code="order"
        )
    if candidate.open_cohort is None:
        raise NoOpenCohort(
            f"{micro_credential.name} has no cohort with a free seat in {current}. "
            + candidate.when_text(current),
            code="no_cohort",
        )
    return candidate


@transaction.atomic
def enrollment_enrol_next(
    *,
    educator: EducatorProfile,
    micro_credential: MicroCredential,
    request=None,
    today: dt.date | None = None,
) -> Enrollment:
    """Enrol the educator in ``micro_credential``'s cohort for the current quarter."""
    from enrollment.pathway import day as long_day

    educator = _lock_profile(educator)
    day = _today(today)
    current = Quarter.containing(day)
    candidate = _next_candidate(educator, micro_credential, day=day, current=current)
    cohort = candidate.open_cohort
    try:
        with transaction.atomic():
            enrollment = enrollment_create(educator=educator, cohort=cohort)
    except IntegrityError as exc:
        raise ValidationError(f"You are already enrolled in {cohort}.", code="duplicate") from exc
    except ValidationError as exc:
        if getattr(exc, "code", None) == "full":
            raise NoOpenCohort(
                f"The last seat in {cohort} was just taken. "
                + candidate.when_text(current, ignore_open=True),
                code="no_cohort",
            ) from exc
        raise
    audit_log(action="enrollment.created", actor=educator.user, request=request, target=enrollment)
    quarter = cohort.quarter
    email_on_commit(
        user=educator.user,
        subject=f"You are enrolled in {micro_credential.name} ({quarter})",
        template="email/enrollment/enrolled.txt",
        context={
            "first_name": educator.user.first_name,
            "micro_credential": micro_credential.name,
            "quarter": quarter.label,
            "first_day": long_day(quarter.first_day),
            "last_day": long_day(quarter.last_day),
            "fee": str(micro_credential.fee),
        },
    )
    return enrollment


@transaction.atomic
def enrollment_withdraw_own(*, enrollment: Enrollment, by, request=None) -> Enrollment:
    """An educator leaves a running micro-credential; they may enrol again in a later cohort."""
    if enrollment.educator.user_id != by.pk:
        raise ValidationError("Only the educator may withdraw from their enrollment.")
    enrollment = enrollment_withdraw(enrollment=enrollment, by=by)
    audit_log(action="enrollment.withdrawn", actor=by, request=request, target=enrollment)
    return enrollment
