from django import forms
from django.utils import timezone

from catalogue.models import MicroCredential
from renewal.models import RenewalPlan


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PlanForm(forms.Form):
    protected_time = forms.CharField(
        label="Protected time and support for teachers",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Protected hours for professional learning, coaching and feedback, "
        "collaboration with peers (PLCs).",
    )
    choice_set = forms.ModelMultipleChoiceField(
        label="Micro-credentials teachers choose from",
        queryset=MicroCredential.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="From the state's renewal list.",
    )
    resources_requested = forms.CharField(
        label="Resources asked of the state",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text="Funding, additional staff to cover shifts, coaching.",
    )

    def __init__(self, *args, listed_codes, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["choice_set"]
        field.queryset = MicroCredential.objects.filter(code__in=listed_codes).order_by(
            "programme__position", "position"
        )
        field.label_from_instance = lambda mc: f"{mc.name} ({mc.code})"

    @classmethod
    def initial_for(cls, plan: RenewalPlan | None) -> dict:
        if plan is None:
            return {}
        return {
            "protected_time": plan.protected_time,
            "choice_set": list(plan.choice_set.all()),
            "resources_requested": plan.resources_requested,
        }


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve the plan"), ("return", "Return it with comments")],
        widget=forms.RadioSelect,
    )
    option_from = _date(
        "Option 2 applies from",
        required=False,
        help_text="For an approval: renewal cycles starting on or after this day follow the plan.",
    )
    comments = forms.CharField(
        label="Comments to the district",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("option_from"):
            cleaned["option_from"] = timezone.localdate()
        if cleaned.get("decision") == "return" and not cleaned.get("comments", "").strip():
            self.add_error("comments", "Say what the district should change.")
        return cleaned


class ListingForm(forms.Form):
    listed_from = _date(
        "On the list from", required=False, help_text="Empty: since it was first offered."
    )
    retired_on = _date("Retired from", required=False, help_text="First day off the list.")


class RetireForm(forms.Form):
    on = _date("Retire from", help_text="The first day it is no longer on the list.")


class ListingAddForm(forms.Form):
    micro_credential = forms.ModelChoiceField(
        label="Micro-credential", queryset=MicroCredential.objects.all()
    )
    listed_from = _date("On the list from")
