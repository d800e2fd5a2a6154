"""USWDS widget rendering: inputs and selects drawn in Python match Django's templates."""

import datetime as dt

import pytest
from django import forms

from apl.templatetags import uswds


class Everything(forms.Form):
    name = forms.CharField(help_text="As on the license", max_length=20)
    email = forms.EmailField(required=False)
    score = forms.IntegerField(min_value=0, max_value=100, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    status = forms.ChoiceField(choices=[("", "Any"), ("a", "A & <b>"), ("b", 'B "quoted"')])
    grouped = forms.ChoiceField(
        choices=[("One", [("1", "first"), ("2", "second")]), ("3", "third")], required=False
    )
    many = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.SelectMultiple, required=False
    )
    disabled = forms.CharField(disabled=True, required=False, initial="<fixed>")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "A <b>", "email": "bad", "score": "101", "day": "2024-05-15", "status": "a"},
        {"name": "", "status": "zzz", "grouped": "2", "many": ["x", "y"], "secret": "s"},
    ],
)
def test_plain_rendering_matches_djangos_templates(data):
    form = Everything(data, initial={"day": dt.date(2024, 1, 2)}) if data else Everything()
    if data:
        form.is_valid()
    for bound_field in form:
        attrs = {"class": "usa-input", "aria-describedby": "x_helptext"}
        fast = uswds._render_plain(bound_field, attrs)
        assert fast is not None, bound_field.name
        assert str(fast) == str(bound_field.as_widget(attrs=attrs)), bound_field.name


def test_other_widgets_still_go_through_djangos_templates():
    class Other(forms.Form):
        agree = forms.BooleanField()
        notes = forms.CharField(widget=forms.Textarea)
        pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    for bound_field in Other():
        assert uswds._render_plain(bound_field, {}) is None
        assert "<" in str(uswds.uswds_widget(bound_field))
