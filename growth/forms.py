"""Forms validate what educators, reviewers and the coordinator send; services write."""

from django import forms

from accounts.models import User
from accounts.roles import Role
from apl.forms import FilterForm
from catalogue.models import MicroCredential
from enrollment.models import EducatorProfile
from growth.models import Consultation, Goal, GrowthPlan, RubricLevel, Stipend

DATE = forms.DateInput(attrs={"type": "date"})


class PrefixedForm(forms.Form):
    """Several small forms share the plan page: give each its own ids."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class PlanStartForm(forms.Form):
    carry_forward = forms.BooleanField(
        label="Carry forward last year's unmet goals, activities and consultations",
        required=False,
    )


class ContextForm(PrefixedForm):
    id_prefix = "context"
    context = forms.CharField(
        label="Data and context", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class GoalForm(PrefixedForm):
    id_prefix = "goal"
    statement = forms.CharField(
        label="Growth goal", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    route = forms.ChoiceField(
        label="How will you meet it?",
        choices=Goal.Route.choices,
        widget=forms.RadioSelect,
        initial=Goal.Route.OTHER,
    )
    micro_credential = forms.ModelChoiceField(
        label="Micro-credential from the state's catalog",
        queryset=MicroCredential.objects.none(),
        required=False,
        help_text="Only when you meet the goal by a catalog micro-credential.",
    )
    outside_name = forms.CharField(
        label="Outside micro-credential (name and provider)",
        max_length=200,
        required=False,
        help_text="An outside micro-credential earns no stipend; propose it for the catalog.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["micro_credential"].queryset = MicroCredential.objects.select_related(
            "programme"
        ).order_by("name")

    def clean(self):
        data = super().clean()
        route = data.get("route")
        if route == Goal.Route.MICRO_CREDENTIAL and not data.get("micro_credential"):
            self.add_error("micro_credential", "Choose the micro-credential.")
        if route == Goal.Route.OUTSIDE and not (data.get("outside_name") or "").strip():
            self.add_error("outside_name", "Name the outside micro-credential.")
        return data


class ConsultationForm(PrefixedForm):
    id_prefix = "consultation"
    name = forms.CharField(max_length=120)
    role = forms.ChoiceField(choices=Consultation.Role.choices)
    held_on = forms.DateField(label="Met on", required=False, widget=DATE)


class ActivityForm(PrefixedForm):
    id_prefix = "activity"
    description = forms.CharField(
        label="Planned activity", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    goal = forms.ModelChoiceField(queryset=Goal.objects.none(), required=False, label="For goal")
    target_date = forms.DateField(label="By", required=False, widget=DATE)

    def __init__(self, *args, plan: GrowthPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()


class EvidenceForm(PrefixedForm):
    id_prefix = "evidence"
    description = forms.CharField(
        label="Evidence", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    goal = forms.ModelChoiceField(queryset=Goal.objects.none(), required=False, label="For goal")
    link = forms.URLField(label="Link (optional)", required=False, max_length=500)

    def __init__(self, *args, plan: GrowthPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()


class AssessForm(forms.Form):
    outcome = forms.ModelChoiceField(
        label="Outcome on the state's sample rubric",
        queryset=RubricLevel.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    assessment = forms.CharField(
        label="What the evidence shows",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class AssignmentForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="PGP reviewer", queryset=User.objects.filter(groups__name=Role.PGP_REVIEWER.value)
    )
    educator = forms.ModelChoiceField(
        label="Educator", queryset=EducatorProfile.objects.select_related("user")
    )


class StipendFilterForm(FilterForm):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Stipend.Status.choices]
    )
    school_year = forms.TypedChoiceField(
        label="School year", required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        from growth.years import school_year_label

        self.fields["school_year"].choices = [("", "Any year")] + [
            (year, school_year_label(year)) for year in years
        ]


class StipendApproveForm(forms.Form):
    stipends = forms.ModelMultipleChoiceField(
        queryset=Stipend.objects.filter(status=Stipend.Status.DUE),
        error_messages={"required": "Select the stipends to approve."},
    )


class PaymentFileForm(forms.Form):
    file = forms.FileField(label="The payment office's return file (CSV)")
    dry_run = forms.BooleanField(label="Check only; write nothing", required=False)


class PlanFilterForm(FilterForm):
    """The plan list's filters; a value that is not one of them filters nothing."""

    status = forms.ChoiceField(required=False, choices=[("", "Any"), *GrowthPlan.Status.choices])
    year = forms.IntegerField(required=False)
