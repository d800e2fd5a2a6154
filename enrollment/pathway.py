"""An educator's pathway through a programme: rows, statuses, fees and one next step.

Built from a handful of bulk queries whatever the number of enrolments, so the pathway
page, the home page and the enrolment service all read the same rules.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.dateformat import format as date_format

from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from catalogue.stacks import StackDefinition
from enrollment.eligibility import level_refusal, missing_for_programme, passed_ids
from enrollment.models import Cohort, EducatorProfile, ElectiveChoice, Enrollment, Intent
from enrollment.progress import EnrollmentNote, notes_for
from enrollment.stacks import Catalogue, passed_codes, read_catalogue


def day(value: dt.date) -> str:
    return date_format(value, "F j, Y")


@dataclass
class NextStep:
    text: str
    url: str | None = None
    link_text: str | None = None
    urgent: bool = False  # work open now (a resubmission window), ahead of enrolling again


@dataclass
class Candidate:
    """A micro-credential the educator may enrol in next, and its cohorts."""

    micro_credential: MicroCredential
    open_cohort: Cohort | None = None
    next_cohort: Cohort | None = None

    def when_text(self, current: Quarter, *, ignore_open: bool = False) -> str:
        if self.open_cohort is not None and not ignore_open:
            return f"A {self.open_cohort.quarter} cohort has a seat for you now."
        if self.next_cohort is not None:
            quarter = self.next_cohort.quarter
            return f"The next cohort opens in {quarter}, on {day(quarter.first_day)}."
        following = current.next()
        return (
            "No later cohort is scheduled yet. The Licensure Advancement Coordinator "
            f"schedules cohorts each quarter; look again before {following} starts on "
            f"{day(following.first_day)}."
        )


@dataclass
class Row:
    label: str
    micro_credential: MicroCredential | None
    enrollment: Enrollment | None
    status: str
    status_code: str
    fee: str
    notes: list[EnrollmentNote] = field(default_factory=list)
    next_step: NextStep | None = None
    can_withdraw: bool = False
    fee_unpaid: bool = False


@dataclass
class ProgrammePathway:
    programme: Programme
    intent: Intent | None
    rows: list[Row]
    candidates: list[Candidate]
    completed: bool
    missing: list[str]
    running: Enrollment | None
    survey_due: Enrollment | None
    electives_needed: int
    next_step: NextStep
    blocked_reason: str | None  # why the educator may not enrol now; None when they may

    @property
    def fees_unpaid(self) -> bool:
        return any(row.fee_unpaid for row in self.rows)

    @property
    def can_enrol(self) -> bool:
        return self.blocked_reason is None

    def candidate_for(self, micro_credential_id: int) -> Candidate | None:
        return next(
            (c for c in self.candidates if c.micro_credential.pk == micro_credential_id), None
        )


def _status(enrollment: Enrollment | None) -> tuple[str, str]:
    if enrollment is None:
        return "not_started", "Not started"
    quarter = enrollment.cohort.quarter
    score = f"{enrollment.score:.0f}%" if enrollment.score is not None else None
    match enrollment.status:
        case Enrollment.Status.ENROLLED:
            return "enrolled", f"Enrolled in {quarter}"
        case Enrollment.Status.PASSED:
            return "passed", f"Passed with {score}" if score else "Passed"
        case Enrollment.Status.NOT_PASSED:
            return "not_passed", f"Not passed ({score})" if score else "Not passed"
        case _:
            return "withdrawn", f"Withdrawn ({quarter})"


def _fee(mc: MicroCredential, enrollment: Enrollment | None) -> str:
    if enrollment is None or enrollment.status == Enrollment.Status.WITHDRAWN:
        return f"${mc.fee} when you enroll"
    if enrollment.payment_state == Enrollment.Payment.UNPAID:
        return f"${mc.fee}, not paid yet"
    return enrollment.get_payment_state_display()


def _pick_intent(intents: list[Intent]) -> Intent | None:
    open_ = [i for i in intents if i.status in Intent.OPEN_STATUSES]
    return (open_ or intents or [None])[0]


@dataclass
class _Loaded:
    profile: EducatorProfile
    enrollments: list[Enrollment]
    intents: list[Intent]
    choices: list[ElectiveChoice]
    surveyed: set[int]
    micro_credentials: list[MicroCredential]
    stacks: dict[int, StackDefinition]  # each programme's stack, by programme id


def _load(profile: EducatorProfile, catalogue: Catalogue | None = None) -> _Loaded:
    catalogue = catalogue or read_catalogue()
    enrollments = list(
        Enrollment.objects.filter(educator=profile)
        .select_related("cohort__micro_credential__programme", "survey_response")
        .order_by("cohort__quarter", "enrolled_at", "pk")
    )
    return _Loaded(
        profile=profile,
        enrollments=enrollments,
        intents=list(Intent.objects.filter(educator=profile).select_related("programme")),
        choices=list(
            ElectiveChoice.objects.filter(educator=profile).select_related("micro_credential")
        ),
        surveyed={e.pk for e in enrollments if hasattr(e, "survey_response")},
        micro_credentials=catalogue.micro_credentials,
        stacks=catalogue.stacks,
    )


def _cohorts(mc_ids: set[int], current: Quarter, taken_ids: set[int]) -> dict[int, list[Cohort]]:
    """Current and later cohorts of these micro-credentials with their seats taken."""
    by_mc: dict[int, list[Cohort]] = defaultdict(list)
    if not mc_ids:
        return by_mc
    cohorts = (
        Cohort.objects.filter(micro_credential_id__in=mc_ids, quarter__gte=current)
        .exclude(pk__in=taken_ids)
        .annotate(seats_taken=Count("enrollments", filter=~Q(enrollments__status="withdrawn")))
        .order_by("quarter")
    )
    for cohort in cohorts:
        by_mc[cohort.micro_credential_id].append(cohort)
    return by_mc


def _has_seat(cohort: Cohort) -> bool:
    return cohort.capacity is None or cohort.seats_taken < cohort.capacity


def educator_pathway(
    *, profile: EducatorProfile, programme, today: dt.date, with_notes: bool = False
) -> ProgrammePathway | None:
    """The educator's pathway in one programme, or None when they take no part in it."""
    return next(
        (
            p
            for p in educator_pathways(profile=profile, today=today, with_notes=with_notes)
            if p.programme.pk == programme.pk
        ),
        None,
    )


def educator_pathways(
    *,
    profile: EducatorProfile,
    today: dt.date,
    with_notes: bool = True,
    catalogue: Catalogue | None = None,
) -> list[ProgrammePathway]:
    """Every programme the educator takes part in (or the one for their level).

    ``catalogue``: the catalogue already read (``kept_catalogue()``); read afresh if None.
    """
    data = _load(profile, catalogue)
    current = Quarter.containing(today)
    programmes = {i.programme_id: i.programme for i in data.intents}
    for e in data.enrollments:
        programmes.setdefault(e.cohort.micro_credential.programme_id, e.micro_credential.programme)
    if not programmes:
        fitting = next(
            (
                mc.programme
                for mc in data.micro_credentials
                if mc.programme.from_level == profile.license_level
            ),
            None,
        )
        if fitting is not None:
            programmes[fitting.pk] = fitting
    latest: dict[int, Enrollment] = {}
    for e in data.enrollments:
        latest[e.cohort.micro_credential_id] = e  # ordered by quarter: the last one wins
    passed = passed_ids(data.enrollments)
    row_mcs = {
        pk: _row_mcs(programme, data, today)
        for pk, programme in sorted(programmes.items(), key=lambda kv: kv[1].position)
    }
    wanted = {
        mc.pk for mcs in row_mcs.values() for mc in mcs if mc.pk not in passed
    }  # candidates' cohorts, fetched once for every programme
    cohorts = _cohorts(wanted, current, {e.cohort_id for e in data.enrollments})
    notes = notes_for(data.enrollments) if with_notes and data.enrollments else {}
    return [
        _build(programmes[pk], mcs, data, latest, passed, cohorts, notes, current, today)
        for pk, mcs in row_mcs.items()
    ]


def _row_mcs(programme: Programme, data: _Loaded, today: dt.date) -> list[MicroCredential]:
    """The programme's required micro-credentials and the electives chosen, in catalogue order."""
    chosen = {c.micro_credential_id for c in data.choices if c.programme_id == programme.pk}
    enrolled_in = {e.cohort.micro_credential_id for e in data.enrollments}
    rows = []
    for mc in data.micro_credentials:
        if mc.programme_id != programme.pk:
            continue
        if mc.is_elective and mc.pk not in chosen:
            continue
        retired = mc.retired_on is not None and mc.retired_on <= today
        if retired and mc.pk not in enrolled_in:
            continue
        rows.append(mc)
    return rows


def _candidates(mcs, latest, cohorts, current: Quarter) -> list[Candidate]:
    """The micro-credentials the educator could enrol in next, with their cohorts' seats."""
    candidates = []
    for mc in mcs:
        status = latest[mc.pk].status if mc.pk in latest else None
        if status in (Enrollment.Status.PASSED, Enrollment.Status.ENROLLED):
            continue
        if not mc.offered_in(current) and not any(
            mc.offered_in(c.quarter) for c in cohorts.get(mc.pk, [])
        ):
            continue
        own = cohorts.get(mc.pk, [])
        open_cohort = next((c for c in own if c.quarter == current and _has_seat(c)), None)
        later = next((c for c in own if c.quarter > current and _has_seat(c)), None)
        candidates.append(Candidate(mc, open_cohort, later))
    return candidates


def _build(programme, mcs, data, latest, passed, cohorts, notes, current, today):
    intent = _pick_intent([i for i in data.intents if i.programme_id == programme.pk])
    chosen = [
        c.micro_credential
        for c in sorted(data.choices, key=lambda c: c.slot)
        if c.programme_id == programme.pk
    ]
    missing = missing_for_programme(
        definition=data.stacks[programme.pk],
        passed=passed_codes(data.enrollments),
        chosen_electives=chosen,
    )
    mine = [e for e in data.enrollments if e.cohort.micro_credential.programme_id == programme.pk]
    running = next((e for e in mine if e.status == Enrollment.Status.ENROLLED), None)
    survey_due = next(
        (e for e in mine if e.status == Enrollment.Status.PASSED and e.pk not in data.surveyed),
        None,
    )
    electives_needed = max(0, programme.elective_count - len(chosen))
    candidates = _candidates(mcs, latest, cohorts, current)
    blocked = _blocked_reason(
        programme, data.profile, intent, running, survey_due, missing, candidates
    )
    rows = _rows(mcs, latest, notes, candidates, survey_due, blocked, programme, current)
    rows.extend(
        Row(
            label=f"Elective {len(chosen) + n + 1} (not chosen yet)",
            micro_credential=None,
            enrollment=None,
            status="Not chosen yet",
            status_code="not_started",
            fee="",
            next_step=NextStep(
                "Choose your electives.",
                reverse("enrollment:electives", args=[programme.slug]),
                "Choose electives",
            ),
        )
        for n in range(electives_needed)
    )
    pathway = ProgrammePathway(
        programme=programme,
        intent=intent,
        rows=rows,
        candidates=candidates,
        completed=not missing,
        missing=missing,
        running=running,
        survey_due=survey_due,
        electives_needed=electives_needed,
        next_step=NextStep(""),
        blocked_reason=blocked,
    )
    pathway.next_step = _overall_next_step(pathway, data.profile, current)
    return pathway


def _blocked_reason(programme, profile, intent, running, survey_due, missing, candidates):
    if not missing:
        return f"You have passed every {programme.name} micro-credential."
    if intent is None or intent.status != Intent.Status.ACCEPTED:
        if intent is not None and intent.status == Intent.Status.PENDING:
            return (
                "Your intent to enroll is waiting for the Licensure Advancement "
                "Coordinator's review; you can enroll once it is accepted."
            )
        return "You can enroll once your intent to enroll is accepted."
    if running is not None:
        return f"You are taking {running.micro_credential.name} in {running.cohort.quarter}."
    if survey_due is not None:
        return (
            f"Fill in the end-of-micro-credential survey for "
            f"{survey_due.micro_credential.name} first; it opens your next enrollment."
        )
    if not candidates:
        return "Choose your electives to see what comes next."
    return None


def _rows(mcs, latest, notes, candidates, survey_due, blocked, programme, current):
    rows = []
    enrol_url = reverse("enrollment:enrol", args=[programme.slug])
    for mc in mcs:
        enrollment = latest.get(mc.pk)
        code, status = _status(enrollment)
        row_notes = notes.get(enrollment.pk, []) if enrollment else []
        row = Row(
            label=mc.report_label,
            micro_credential=mc,
            enrollment=enrollment,
            status=status,
            status_code=code,
            fee=_fee(mc, enrollment),
            notes=[n for n in row_notes if not n.is_next_step],
            can_withdraw=code == "enrolled",
            fee_unpaid=enrollment is not None
            and enrollment.status != Enrollment.Status.WITHDRAWN
            and enrollment.payment_state == Enrollment.Payment.UNPAID,
        )
        flagged = next((n for n in row_notes if n.is_next_step), None)
        candidate = next((c for c in candidates if c.micro_credential.pk == mc.pk), None)
        if flagged is not None:
            row.next_step = NextStep(
                flagged.text, flagged.url, flagged.link_text, urgent=code == "not_passed"
            )
        elif survey_due is not None and enrollment is survey_due:
            row.next_step = NextStep(
                "Fill in the end-of-micro-credential survey to open your next enrollment.",
                reverse("enrollment:survey", args=[enrollment.pk]),
                "Fill in the survey",
            )
        elif code == "enrolled":
            last = enrollment.cohort.quarter.last_day
            row.next_step = NextStep(
                f"Work through the micro-credential and submit your mastery tasks before "
                f"{day(last)}."
            )
        elif candidate is not None and blocked is None:
            if candidate.open_cohort is not None:
                row.next_step = NextStep(
                    f"A seat is free in {candidate.open_cohort.quarter}.",
                    f"{enrol_url}?micro_credential={mc.pk}",
                    f"Enroll in {mc.name}",
                )
            elif candidate.next_cohort is not None:
                quarter = candidate.next_cohort.quarter
                row.next_step = NextStep(f"Next cohort: {quarter}, from {day(quarter.first_day)}.")
            else:
                row.next_step = NextStep("No cohort scheduled yet.")
        rows.append(row)
    return rows


def _step_without_intent(pathway: ProgrammePathway, profile) -> NextStep:
    """The next step of an educator with no intent standing (none, declined, withdrawn)."""
    programme, intent = pathway.programme, pathway.intent
    intent_url = reverse("enrollment:intent", args=[programme.slug])
    refusal = level_refusal(license_level=profile.license_level, programme=programme)
    if refusal and intent is None:
        return NextStep(refusal)
    if intent is not None and intent.status == Intent.Status.DECLINED:
        reason = f" The reason given: {intent.decision_reason}" if intent.decision_reason else ""
        return NextStep(
            f"Your intent to enroll was declined.{reason} You may submit a new one.",
            intent_url,
            "Submit an intent to enroll",
        )
    if not pathway.missing:
        return NextStep(f"You have completed {programme.name}.")
    return NextStep(
        f"Submit your intent to enroll in {programme.name}.",
        intent_url,
        "Submit an intent to enroll",
    )


def _overall_next_step(pathway: ProgrammePathway, profile, current: Quarter) -> NextStep:
    programme = pathway.programme
    intent = pathway.intent
    if intent is None or intent.status in (Intent.Status.DECLINED, Intent.Status.WITHDRAWN):
        return _step_without_intent(pathway, profile)
    if not pathway.missing:
        return NextStep(
            f"You have completed {programme.name}. See what else advancing needs.",
            reverse("enrollment:eligibility"),
            "Check your eligibility to advance",
        )
    flagged = [r.next_step for r in pathway.rows if r.next_step and r.next_step.url]
    for row in pathway.rows:
        current_work = (
            row.enrollment is pathway.survey_due
            or row.status_code == "enrolled"
            or (row.next_step is not None and row.next_step.urgent)
        )
        if row.enrollment is not None and row.next_step is not None and current_work:
            return row.next_step
    if intent.status == Intent.Status.PENDING:
        return NextStep(
            f"Your intent to enroll (submitted {day(intent.submitted_on)}) is waiting for the "
            "Licensure Advancement Coordinator's review. We will email you the decision."
        )
    if pathway.electives_needed and not any(c.open_cohort for c in pathway.candidates):
        return NextStep(
            f"Choose your {programme.elective_count} electives.",
            reverse("enrollment:electives", args=[programme.slug]),
            "Choose electives",
        )
    opening = next((c for c in pathway.candidates if c.open_cohort is not None), None)
    if opening is not None:
        return NextStep(
            f"Enroll in your next micro-credential for {current}.",
            reverse("enrollment:enrol", args=[programme.slug]),
            "Choose and enroll",
        )
    if pathway.candidates:
        first = pathway.candidates[0]
        return NextStep(
            f"No cohort has a seat for you this quarter ({current}). "
            f"{first.micro_credential.name}: {first.when_text(current)} You may skip a quarter "
            "and resume where you left off; nothing you have passed is lost."
        )
    return flagged[0] if flagged else NextStep(pathway.blocked_reason or "")
