"""The base of every query-string filter refuses a NUL byte before any field is cleaned."""

import pytest
from django import forms
from django.http import QueryDict

from apl.forms import NUL_MESSAGE, FilterForm, FilterRefused


class _Looked(FilterForm):
    name = forms.CharField(required=False)

    def clean_name(self):  # stands for a field that looks its value up in the database
        raise AssertionError("a field was cleaned despite the NUL byte")


@pytest.mark.parametrize("query", ["name=%00", "other=a%00b", "sort=%00&name=x", "%00=1"])
def test_a_nul_anywhere_in_the_query_string_refuses_the_whole_form(query):
    form = _Looked(QueryDict(query))
    assert form.refused
    with pytest.raises(FilterRefused, match="NUL character"):
        form.is_valid()


def test_a_clean_query_string_is_cleaned_as_usual():
    form = FilterForm(QueryDict("page=2&sort=name"))
    assert form.is_valid() and not form.refused


def test_a_plain_dict_of_defaults_is_checked_too():
    assert FilterForm({"as_of": "2024-01-01\x00"}).refused


@pytest.mark.django_db
def test_a_refused_filter_is_a_400_page_that_says_why(client, lac):
    client.force_login(lac)
    response = client.get("/intake/cohorts/?q=%00")
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
