"""Forms validate what educators, reviewers and the state send; services write."""

from django import forms

from accounts.models import User
from apl.forms import FilterForm
from catalogue.models import EvaluationDomain
from proposals.models import CRITERIA, Proposal, ProposalReview


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "provider", "link", "competency", "assessment", "rationale"]
        widgets = {
            "competency": forms.Textarea(attrs={"rows": 3}),
            "assessment": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "link": "Where the state can read about it (https://…).",
            "assessment": "What you submit and how it is scored (the rubric, who scores).",
        }


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth.models import Permission
        from django.db.models import Q

        perm = Permission.objects.get(
            content_type__app_label="proposals", codename="review_proposal"
        )
        self.fields["reviewers"].queryset = (
            User.objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
            .filter(is_active=True)
            .distinct()
        )


VERDICT = forms.RadioSelect


class ReviewForm(forms.Form):
    evidence_of_practice = forms.ChoiceField(
        label=CRITERIA["evidence_of_practice"][0],
        help_text=CRITERIA["evidence_of_practice"][1],
        choices=ProposalReview.Verdict.choices,
        widget=VERDICT,
    )
    alignment = forms.ChoiceField(
        label=CRITERIA["alignment"][0],
        help_text=CRITERIA["alignment"][1],
        choices=ProposalReview.Verdict.choices,
        widget=VERDICT,
    )
    domains = forms.ModelMultipleChoiceField(
        label="Elevate NM components it aligns to",
        queryset=EvaluationDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    not_basic_skill = forms.ChoiceField(
        label=CRITERIA["not_basic_skill"][0],
        help_text=CRITERIA["not_basic_skill"][1],
        choices=ProposalReview.Verdict.choices,
        widget=VERDICT,
    )
    recommendation = forms.ChoiceField(
        choices=ProposalReview.Recommendation.choices, widget=VERDICT
    )
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AcceptForm(forms.Form):
    listed_from = forms.DateField(
        label="In the catalog from", widget=forms.DateInput(attrs={"type": "date"})
    )
    on_renewal_list = forms.BooleanField(
        label="Also put it on the license-renewal list", required=False
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the educator reads it)", widget=forms.Textarea(attrs={"rows": 3})
    )


class ProposalFilterForm(FilterForm):
    """The proposal list's one filter; a status that is not one filters nothing."""

    status = forms.ChoiceField(required=False, choices=[("", "Any"), *Proposal.Status.choices])
