from django import forms
from django.utils import timezone

from lattice.models import AdvancedRole, Application, Route


class ApplyForm(forms.Form):
    """Apply through one of the routes the educator satisfies, to a hiring district."""

    route = forms.ModelChoiceField(
        queryset=Route.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    district = forms.ModelChoiceField(
        label="Hiring district",
        queryset=None,
        help_text="The district you would work for in the role; it holds the interview.",
    )

    def __init__(self, *args, routes, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = Route.objects.filter(pk__in=[r.pk for r in routes])
        self.fields["route"].label_from_instance = lambda r: r.get_kind_display()
        self.fields["district"].queryset = districts
        if len(routes) == 1:
            self.fields["route"].initial = routes[0].pk


class InterviewForm(forms.Form):
    interview_on = forms.DateField(
        label="Date of the interview", widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(choices=Application.Outcome.choices, widget=forms.RadioSelect)
    interviewer_name = forms.CharField(label="Interviewer", max_length=160)

    def clean_interview_on(self):
        day = self.cleaned_data["interview_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("Record an interview once it has taken place.")
        return day


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("award", "Award the designation"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason (when declining)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the designation is declined.")
        return data


class CriterionForm(forms.Form):
    role = forms.ModelChoiceField(queryset=AdvancedRole.objects.filter(active=True))
    text = forms.CharField(
        label="Criterion for your district's hires",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RouteForm(forms.ModelForm):
    class Meta:
        model = Route
        fields = ["min_license_level", "min_years_at_level", "nbct_required", "masters_required"]
