"""The directory's search and the advancement facts the LAC records on an educator's record."""

from django import forms

from apl.forms import FilterForm
from enrollment.models import EducatorProfile

MAX_YEARS = 60


class DirectorySearchForm(FilterForm):
    q = forms.CharField(
        label="Name, email or license number", required=False, max_length=200, strip=True
    )
    district = forms.ChoiceField(label="District", required=False)
    level = forms.TypedChoiceField(
        label="License level",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any level"), *EducatorProfile.Level.choices],
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "Any district"), *((d, d) for d in districts)]


class AdvancementForm(forms.Form):
    """Years at level, evaluations and mentorship: advancement facts kept outside APL."""

    years_at_current_level = forms.IntegerField(
        label="Full school years at the current level", min_value=0, max_value=MAX_YEARS
    )
    evaluations_successful = forms.BooleanField(
        label="Every evaluation in those years was successful", required=False
    )
    mentorship_completed = forms.BooleanField(
        label="Mentorship completed (needed for Level 1 to Level 2)", required=False
    )
