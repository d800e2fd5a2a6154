"""Forms validate input; the services write."""

from django import forms

from apl.forms import FilterForm
from apl.quarters import Quarter
from catalogue.models import Programme


class ReportForm(FilterForm):
    """Which report: a programme and an as-of date."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(), to_field_name="slug", empty_label=None
    )
    as_of = forms.DateField(
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text="The report counts cohorts up to the quarter that holds this date.",
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        try:
            Quarter.containing(day)
        except ValueError as exc:  # Qn/yy names fiscal years 2000 to 2099 only
            raise forms.ValidationError(str(exc)) from None
        return day
