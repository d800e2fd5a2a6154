"""The educator's journey: intent, pathway, electives, enrolment, withdrawal, survey,
eligibility to advance; and the survey results the LAC and the liaison read."""

import csv
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from apl import versions
from apl.forms import filter_form
from apl.quarters import Quarter
from apl.spreadsheet import safe_cell
from audit.services import audit_log
from catalogue.models import MicroCredential, Programme
from enrollment import services, survey_services
from enrollment.eligibility import advancement_for, missing_for_programme
from enrollment.forms import (
    ConfirmIntentForm,
    ElectivesForm,
    EnrolForm,
    ProfileFieldsForm,
    SignUpIntentForm,
    SurveyFilterForm,
)
from enrollment.models import Enrollment, SurveyResponse
from enrollment.pathway import educator_pathway, educator_pathways
from enrollment.selectors import (
    survey_answers,
    survey_group_sizes,
    survey_min_group,
    survey_results,
)
from enrollment.stacks import kept_catalogue, programme_definition


def _profile(request):
    """The signed-in educator's profile; people without one may not use educator pages."""
    profile = getattr(request.user, "educator_profile", None)
    if profile is None:
        raise PermissionDenied("This page is for educators.")
    return profile


def _own_enrollment(request, pk: int) -> Enrollment:
    """404 outside the enrolment's scope; 403 for staff who may see it but not act for it."""
    enrollment = get_object_or_404(
        Enrollment.objects.visible_to(request.user).select_related(
            "educator__user", "cohort__micro_credential__programme"
        ),
        pk=pk,
    )
    if enrollment.educator.user_id != request.user.pk:
        raise PermissionDenied("Only the educator may do this.")
    return enrollment


def _add_errors(form, exc: ValidationError, field: str | None) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, exc.messages)


# --- intent to enrol (public link) ----------------------------------------------------


@require_http_methods(["GET", "POST"])
def intent(request, slug: str):
    """The stable link PED hands out: sign up and state intent, or confirm it."""
    programme = get_object_or_404(Programme, slug=slug)
    data = request.POST if request.method == "POST" else None
    user = request.user
    profile = getattr(user, "educator_profile", None) if user.is_authenticated else None
    refusal = None
    if not user.is_authenticated:
        form = SignUpIntentForm(data, programme=programme)
    elif profile is None:
        form = ProfileFieldsForm(data, programme=programme)
    else:
        form = ConfirmIntentForm(data, programme=programme)
        refusal = services.intent_refusal(educator=profile, programme=programme)
    if request.method == "POST" and form.is_valid():
        response = _intent_save(request, form, programme, profile)
        if response is not None:
            return response
    context = {"programme": programme, "form": form, "profile": profile, "refusal": refusal}
    return render(request, "enrollment/intent.html", context)


def _intent_save(request, form, programme, profile):
    if not request.user.is_authenticated:
        from allauth.core import ratelimit

        if not ratelimit.consume(request, action="signup"):
            form.add_error(None, "Too many sign-ups from this address; try again in a minute.")
            return None
        data = form.cleaned_data
        services.educator_sign_up(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            programme=programme,
            request=request,
            **form.profile_data(),
        )
        # The same answer whether or not the address already had an account.
        messages.success(
            request,
            f"Your intent to enroll in {programme.name} was received. Confirm your email "
            "address with the link we sent; the Licensure Advancement Coordinator then "
            "reviews your intent and emails you the decision. Your pathway shows it once "
            "you sign in.",
        )
        return redirect("account_email_verification_sent")
    try:
        if profile is None:
            profile = services.educator_profile_create(
                user=request.user, request=request, **form.profile_data()
            )
        services.intent_submit(educator=profile, programme=programme, request=request)
    except ValidationError as exc:
        field = "license_level" if "license_level" in form.fields else "confirm"
        _add_errors(form, exc, field)
        return None
    messages.success(
        request,
        f"Your intent to enroll in {programme.name} is recorded. The Licensure Advancement "
        "Coordinator reviews it; we will email you the decision.",
    )
    return redirect("enrollment:pathway")


# --- pathway ----------------------------------------------------------------------------


@login_required
@require_safe
def pathway(request):
    """The educator's programmes, progress, next steps and every provider's notes.

    All of it follows from the records, the educator, the day and the fee instructions, so
    it is rendered once (``pathway.html#content``) and kept in the worker under the
    version of the records (``apl.versions``): a write to any record, by any code, shows
    on the very next visit; a new day, another educator or other fee instructions is
    another key. What follows from the clock alone (a resubmission window closing at a
    given minute, a cohort's quarter starting) may lag by up to 60 seconds. The layout,
    messages and anything with a CSRF token are rendered for each request.
    """
    user = request.user
    today = timezone.localdate()
    fees = hashlib.blake2b(settings.APL_FEE_INSTRUCTIONS.encode(), digest_size=8).hexdigest()
    content = versions.remember(
        f"enrollment:pathway:{user.pk}:{today:%Y-%m-%d}:{fees}",
        [versions.RECORDS],
        lambda: _pathway_content(user, today),
        for_seconds=60,
    )
    if content is None:
        raise PermissionDenied("This page is for educators.")
    return render(request, "enrollment/pathway.html", {"content": content})


def _pathway_content(user, today) -> str | None:
    """The pathway page's content as HTML, or None for someone without an educator profile."""
    profile = getattr(user, "educator_profile", None)
    if profile is None:
        return None
    context = {
        "pathways": educator_pathways(profile=profile, today=today, catalogue=kept_catalogue()),
        "profile": profile,
        "current": Quarter.containing(today),
        "fee_instructions": settings.APL_FEE_INSTRUCTIONS,
    }
    return render_to_string("enrollment/pathway.html#content", context)


@login_required
@require_http_methods(["GET", "POST"])
def electives(request, slug: str):
    profile = _profile(request)
    programme = get_object_or_404(Programme, slug=slug, elective_count__gt=0)
    today = timezone.localdate()
    current = list(
        profile.elective_choices.filter(programme=programme).values_list(
            "micro_credential_id", flat=True
        )
    )
    offered = programme.micro_credentials.filter(kind=MicroCredential.Kind.ELECTIVE).filter(
        pk__in=list(programme.micro_credentials.offered_on(today).values_list("pk", flat=True))
        + current
    )
    form = ElectivesForm(
        request.POST if request.method == "POST" else None,
        programme=programme,
        offered=offered,
        current_ids=current,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["seen"] != ElectivesForm.token(current):
            status = 409  # another tab changed them: show the current choice, lose nothing
            messages.warning(
                request,
                "Your electives were changed in another window. Here they are now; "
                "choose again if you want to change them.",
            )
            form = ElectivesForm(programme=programme, offered=offered, current_ids=current)
        else:
            try:
                services.elective_choices_set(
                    educator=profile,
                    programme=programme,
                    micro_credentials=form.cleaned_data["micro_credentials"],
                    today=today,
                )
            except ValidationError as exc:
                _add_errors(form, exc, "micro_credentials")
            else:
                messages.success(request, "Your electives are saved.")
                return redirect("enrollment:pathway")
    context = {"programme": programme, "form": form}
    return render(request, "enrollment/electives.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request, slug: str):
    """Pick the next micro-credential and take a seat in its cohort for this quarter."""
    profile = _profile(request)
    programme = get_object_or_404(Programme, slug=slug)
    today = timezone.localdate()
    current = Quarter.containing(today)
    pathway = educator_pathway(profile=profile, programme=programme, today=today)
    candidates = pathway.candidates if pathway and pathway.can_enrol else []
    form = EnrolForm(
        request.POST if request.method == "POST" else None, candidates=candidates, current=current
    )
    chosen = filter_form(request).data.get("micro_credential", "")
    if chosen.isdigit():
        form.initial["micro_credential"] = int(chosen)
    if request.method == "POST" and candidates and form.is_valid():
        mc = next(
            c.micro_credential
            for c in candidates
            if c.micro_credential.pk == form.cleaned_data["micro_credential"]
        )
        try:
            enrollment = services.enrollment_enrol_next(
                educator=profile, micro_credential=mc, request=request, today=today
            )
        except ValidationError as exc:
            _add_errors(form, exc, "micro_credential")
        else:
            quarter = enrollment.cohort.quarter
            messages.success(
                request,
                f"You are enrolled in {mc.name} for {quarter} "
                f"({quarter.first_day:%B} {quarter.first_day.day} to "
                f"{quarter.last_day:%B} {quarter.last_day.day}, {quarter.last_day.year}).",
            )
            return redirect("enrollment:pathway")
    context = {"programme": programme, "pathway": pathway, "form": form, "current": current}
    return render(request, "enrollment/enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    enrollment = _own_enrollment(request, pk)
    if enrollment.status != Enrollment.Status.ENROLLED:
        messages.info(request, "That micro-credential is not running; there is nothing to leave.")
        return redirect("enrollment:pathway")
    if request.method == "POST":
        services.enrollment_withdraw_own(enrollment=enrollment, by=request.user, request=request)
        messages.success(
            request,
            f"You have withdrawn from {enrollment.cohort}. You can enroll in a later cohort "
            "whenever you are ready.",
        )
        return redirect("enrollment:pathway")
    return render(request, "enrollment/withdraw.html", {"enrollment": enrollment})


@login_required
@require_http_methods(["GET", "POST"])
def survey(request, pk: int):
    """The end-of-micro-credential survey; sending it opens the next enrolment."""
    from enrollment.forms import SurveyForm

    enrollment = _own_enrollment(request, pk)
    done = SurveyResponse.objects.filter(enrollment=enrollment).exists()
    is_open = enrollment.status == Enrollment.Status.PASSED and not done
    questions = survey_services.survey_questions_for(enrollment.micro_credential) if is_open else []
    form = SurveyForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            survey_services.survey_submit(
                enrollment=enrollment, answers=form.answers(), by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc, None)
        else:
            messages.success(
                request, "Thank you: your survey is sent, and your next enrollment is open."
            )
            return redirect("enrollment:pathway")
    context = {"enrollment": enrollment, "form": form, "done": done, "is_open": is_open}
    return render(request, "enrollment/survey.html", context)


# --- eligibility to advance -------------------------------------------------------------


def _advancement(profile):
    today = timezone.localdate()
    programme = Programme.objects.filter(from_level=profile.license_level).first()
    missing: list[str] = []
    if programme is not None:
        mine = educator_pathway(profile=profile, programme=programme, today=today)
        if mine is not None:
            missing = mine.missing
        else:  # not started: everything is still to do, worded as on the pathway
            missing = missing_for_programme(
                definition=programme_definition(programme), passed=set(), chosen_electives=[]
            )
    return programme, advancement_for(profile=profile, programme=programme, missing=missing)


@login_required
@require_safe
def eligibility(request):
    profile = _profile(request)
    programme, advancement = _advancement(profile)
    context = {"profile": profile, "programme": programme, "advancement": advancement}
    return render(request, "enrollment/eligibility.html", context)


@login_required
@require_safe
def eligibility_pdf(request):
    from enrollment.statement import statement_pdf

    profile = _profile(request)
    programme, advancement = _advancement(profile)
    pdf = statement_pdf(
        profile=profile,
        programme=programme,
        advancement=advancement,
        today=timezone.localdate(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="apl-eligibility-statement.pdf"'
    return response


# --- survey results (LAC and liaison) ---------------------------------------------------


def _filters(request):
    form = SurveyFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["micro_credential"], form.cleaned_data["quarter"]
    return form, None, None


@login_required
@permission_required("enrollment.view_survey_results", raise_exception=True)
@require_safe
def survey_results_view(request):
    form, mc, quarter = _filters(request)
    # A filter with an error shows its message and no answers, not every answer.
    invalid = form.is_bound and not form.is_valid()
    groups = [] if invalid else survey_results(micro_credential=mc, quarter=quarter)
    query = request.GET.urlencode()
    csv_url = reverse("enrollment:survey-results-csv") + (f"?{query}" if query else "")
    return render(
        request,
        "enrollment/survey_results.html",
        {"form": form, "groups": groups, "csv_url": csv_url, "min_group": survey_min_group()},
    )


@login_required
@permission_required("enrollment.view_survey_results", raise_exception=True)
@require_safe
def survey_results_csv(request):
    form, mc, quarter = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            "The survey filter is not valid: "
            + "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="apl-survey-answers.csv"'
    writer = csv.writer(response)
    writer.writerow(["micro_credential", "quarter", "question", "kind", "answer", "submitted_on"])
    rows = 0
    sizes = survey_group_sizes(micro_credential=mc, quarter=quarter)
    for answer in survey_answers(micro_credential=mc, quarter=quarter).iterator():
        cohort = answer.response.enrollment.cohort
        if sizes.get((cohort.micro_credential_id, cohort.quarter.index), 0) < survey_min_group():
            continue  # a small group's answers and dates could name who gave them
        value = answer.likert if answer.likert is not None else answer.text
        writer.writerow(
            [
                safe_cell(cohort.micro_credential.name),
                safe_cell(cohort.quarter.label),
                safe_cell(answer.question.text),
                answer.question.kind,
                safe_cell(value),
                timezone.localtime(answer.response.submitted_at).date().isoformat(),
            ]
        )
        rows += 1
    audit_log(
        action="survey.exported",
        request=request,
        micro_credential=mc.code if mc else "all",
        quarter=quarter.label if quarter else "all",
        rows=rows,
    )
    return response
