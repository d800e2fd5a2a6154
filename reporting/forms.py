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

    def __init__(self, *args, programmes: list[Programme] | None = None, **kwargs):
        """``programmes``: the choices, already read (no query to validate the choice)."""
        super().__init__(*args, **kwargs)
        if programmes is not None:
            by_slug = {p.slug: p for p in programmes}
            self.fields["programme"] = forms.TypedChoiceField(
                label=self.fields["programme"].label,
                choices=[(p.slug, p.name) for p in programmes],
                coerce=by_slug.__getitem__,
            )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        try:
            Quarter.containing(day)
        except ValueError as exc:  # Qn/yy names fiscal years 2000 to 2099 only
            raise forms.ValidationError(str(exc)) from None
        return day


class CorrectionForm(forms.Form):
    """Why a published report is corrected (kept with the correction and in the audit)."""

    reason = forms.CharField(
        label="Reason for the correction",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the correction, for anyone who compares it with the original.",
    )
