"""The base of every query-string filter refuses a NUL byte before any field is cleaned."""

import pytest
from django import forms
from django.http import QueryDict

from apl.forms import NUL_MESSAGE, FilterForm


class _Looked(FilterForm):
    name = forms.CharField(required=False)

    def clean_name(self):  # stands for a field that looks its value up in the database
        raise AssertionError("a field was cleaned despite the NUL byte")


@pytest.mark.parametrize("query", ["name=%00", "other=a%00b", "sort=%00&name=x", "%00=1"])
def test_a_nul_anywhere_in_the_query_string_refuses_the_whole_form(query):
    form = _Looked(QueryDict(query))
    assert not form.is_valid()
    assert form.refused and form.status == 400
    assert form.non_field_errors() == [NUL_MESSAGE]
    assert form.cleaned_data == {}


def test_a_clean_query_string_is_cleaned_as_usual():
    form = FilterForm(QueryDict("page=2&sort=name"))
    assert form.is_valid() and not form.refused and form.status == 200


def test_a_plain_dict_of_defaults_is_checked_too():
    assert FilterForm({"as_of": "2024-01-01\x00"}).refused
