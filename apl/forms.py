"""The base of every filter and search read from a query string.

A NUL byte cannot be stored or searched for in PostgreSQL text (the query raises
DataError, a 500), so a filter form refuses it, whichever parameter carries it, declared
by the form or not, before any field is cleaned. The refusal is a ``BadRequest``: the
page answers 400 with the message (``apl.views.bad_request``), whichever view bound the
form. Long lists (``apl.lists.listing``) bind one over every request's query string, so
their pagination and sorting are held the same way.
"""

from django import forms
from django.core.exceptions import BadRequest

NUL = "\x00"
NUL_MESSAGE = (
    "The address holds a NUL character (%00), which no search or filter can take. "
    "Nothing was searched; change the filters and search again."
)


class FilterRefused(BadRequest):
    """A query string no filter may take; answered 400 with its message."""


class FilterForm(forms.Form):
    """Filters from a query string: every field optional; a NUL anywhere refuses all."""

    @property
    def refused(self) -> bool:
        """Some parameter's name or value holds a NUL byte."""
        if not self.is_bound:
            return False
        getlist = getattr(self.data, "getlist", lambda key: [self.data[key]])
        return any(
            NUL in str(key) or any(NUL in str(value) for value in getlist(key)) for key in self.data
        )

    def full_clean(self):
        if self.refused:
            # Before any field is cleaned: a field may look its value up in the database
            # (a slug, a name), which is where PostgreSQL would fail.
            raise FilterRefused(NUL_MESSAGE)
        super().full_clean()


def filter_form(request, form_class: type[FilterForm] = FilterForm, data=None, **kwargs):
    """``form_class`` bound to the query string (or ``data``, a copy of it with defaults)
    and cleaned. A page with no filter form of its own binds the bare ``FilterForm``:
    every parameter it reads is refused the same way."""
    form = form_class(request.GET if data is None else data, **kwargs)
    form.is_valid()
    return form
