"""Forms validate and clean what the coordinator sends; services write."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from accounts.roles import Role
from apl.fields import QuarterFormField
from apl.forms import FilterForm
from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent
from intake import selectors
from intake.services import MAX_FACILITATORS_PER_LEAD


def _planning_quarters():
    return [(q.label, q.label) for q in selectors.quarter_choices()]


class QuarterChoiceField(forms.TypedChoiceField):
    """A select of planning quarters, cleaned to a Quarter.

    The choices are a callable, read on every use: a server process outlives a quarter.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("coerce", Quarter.parse)
        kwargs.setdefault("choices", _planning_quarters)
        super().__init__(**kwargs)


def _optional_choice(choices, empty="Any"):
    return [("", empty), *choices]


class IntentFilterForm(FilterForm):
    q = forms.CharField(label="Search name, email or license", required=False)
    status = forms.ChoiceField(
        required=False,
        choices=_optional_choice(Intent.Status.choices, "Any status"),
        initial=Intent.Status.PENDING,
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(), required=False, empty_label="Any program"
    )
    district = forms.ChoiceField(required=False)
    level = forms.TypedChoiceField(
        label="License level",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_optional_choice(EducatorProfile.Level.choices, "Any level"),
    )
    submitted_from = forms.DateField(
        label="Submitted on or after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        label="Submitted on or before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _optional_choice(
            [(d, d) for d in selectors.districts()], "Any district"
        )


class DecisionForm(forms.Form):
    id_prefix = "accept"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label="Reason (sent to the educator)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class DeclineForm(DecisionForm):
    id_prefix = "decline"
    reason = forms.CharField(
        label="Reason for declining (sent to the educator)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class BulkScopeForm(forms.Form):
    """Which rows a bulk action applies to: those ticked, or all its filter matches.

    ``filter`` is the list's query string, re-evaluated on the server; ``expected`` the
    count the coordinator confirmed, so that a list that changed meanwhile is shown again
    rather than applied; ``confirmed`` says the confirmation page was seen.
    """

    SELECTED, MATCHING = "selected", "matching"
    selection_field = ""  # the ModelMultipleChoiceField of ticked rows
    scope = forms.ChoiceField(
        choices=[(SELECTED, SELECTED), (MATCHING, MATCHING)], required=False, initial=SELECTED
    )
    filter = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)
    expected = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_scope(self):
        return self.cleaned_data["scope"] or self.SELECTED

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.MATCHING:
            self.errors.pop(self.selection_field, None)
            cleaned[self.selection_field] = []
        return cleaned


class BulkAcceptForm(BulkScopeForm):
    selection_field = "intents"
    intents = forms.ModelMultipleChoiceField(
        queryset=Intent.objects.none(),
        widget=forms.MultipleHiddenInput,
        required=False,
    )
    quarter = QuarterChoiceField(label="Enroll into the cohorts of")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intents"].queryset = (
            Intent.objects.visible_to(user)
            .open()
            .select_related("educator__user", "programme")
            .order_by("educator__user__last_name", "pk")
        )
        self.fields["quarter"].initial = selectors.today_quarter().next().label

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("intents")
        if cleaned.get("scope") == self.SELECTED and not chosen and "intents" not in self.errors:
            self.add_error("intents", "Select at least one intent.")
        return cleaned


class CohortCreateForm(forms.Form):
    quarter = QuarterChoiceField()
    micro_credentials = forms.ModelMultipleChoiceField(
        label="Micro-credentials offered in that quarter",
        queryset=MicroCredential.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one micro-credential."},
    )
    capacity = forms.IntegerField(
        required=False, min_value=1, help_text="Seats in each cohort; leave empty for no limit."
    )
    resubmission_window_days = forms.IntegerField(
        label="Resubmission window (days)",
        required=False,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text="3 to 5; leave empty to use each micro-credential's own window.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.data.get("quarter") or self.initial.get("quarter")
        try:
            quarter = Quarter.parse(label)
        except (TypeError, ValueError):
            quarter = selectors.today_quarter().next()
        self.fields["quarter"].initial = quarter.label
        self.quarter = quarter
        taken = set(
            Cohort.objects.filter(quarter=quarter).values_list("micro_credential_id", flat=True)
        )
        offered = [
            mc
            for mc in MicroCredential.objects.apl().select_related("programme")
            if mc.offered_in(quarter) and mc.pk not in taken
        ]
        self.fields["micro_credentials"].queryset = MicroCredential.objects.filter(
            pk__in=[mc.pk for mc in offered]
        )
        self.fields["micro_credentials"].choices = [
            (mc.pk, f"{mc.programme.name}: {mc.report_label} ({mc.code})") for mc in offered
        ]
        self.already_open = sorted(
            MicroCredential.objects.filter(pk__in=taken).values_list("name", flat=True)
        )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.email} ({obj.email})"


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.get_full_name() or obj.email} ({obj.email})"
        load = getattr(obj, "current_caseload", None)
        if load is None:
            return label
        return f"{label}: caseload {load} educator{'s' if load != 1 else ''} now"


class CohortSettingsForm(forms.Form):
    capacity = forms.IntegerField(
        required=False, min_value=1, help_text="Seats; leave empty for no limit."
    )
    resubmission_window_days = forms.IntegerField(
        label="Resubmission window (days)",
        required=False,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text="3 to 5; leave empty to use the micro-credential's window.",
    )
    lead_facilitator = UserChoiceField(
        queryset=selectors.people_with_role(Role.LEAD_FACILITATOR),
        required=False,
        empty_label="No lead facilitator",
    )
    facilitators = UserMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"A lead facilitator oversees at most {MAX_FACILITATORS_PER_LEAD}.",
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        role = selectors.scorer_role_for(cohort.micro_credential.programme)
        self.fields["facilitators"].queryset = selectors.with_caseload(
            selectors.people_with_role(role)
        )
        self.fields["facilitators"].label = f"{role.value}s who score this cohort"

    def clean_facilitators(self):
        chosen = self.cleaned_data["facilitators"]
        if len(chosen) > MAX_FACILITATORS_PER_LEAD:
            raise forms.ValidationError(
                f"A lead facilitator oversees at most {MAX_FACILITATORS_PER_LEAD} facilitators; "
                f"you chose {len(chosen)}."
            )
        return chosen


class ReassignForm(forms.Form):
    facilitator = UserChoiceField(queryset=None, required=False, empty_label="Nobody (unassigned)")

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = cohort.facilitators.all()


class PaymentFilterForm(FilterForm):
    q = forms.CharField(label="Search name, email or license", required=False)
    payment_state = forms.ChoiceField(
        label="Fee state",
        required=False,
        choices=_optional_choice(Enrollment.Payment.choices, "Any fee state"),
    )
    quarter = QuarterFormField(label="Quarter", required=False, help_text="Qn/yy, e.g. Q3/24.")
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(), required=False, empty_label="Any program"
    )
    district = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _optional_choice(
            [(d, d) for d in selectors.districts()], "Any district"
        )


class PaymentUpdateForm(BulkScopeForm):
    selection_field = "enrollments"
    enrollments = forms.ModelMultipleChoiceField(
        queryset=Enrollment.objects.none(), widget=forms.MultipleHiddenInput, required=False
    )
    payment_state = forms.ChoiceField(label="Set fee state to", choices=Enrollment.Payment.choices)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "update_%s")  # the filter form on the page has the same names
        super().__init__(*args, **kwargs)
        self.fields["enrollments"].queryset = Enrollment.objects.visible_to(user).order_by("pk")

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("enrollments")
        missing = not chosen and "enrollments" not in self.errors
        if cleaned.get("scope") == self.SELECTED and missing:
            self.add_error("enrollments", "Select at least one enrollment.")
        return cleaned
