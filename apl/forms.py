"""The base of every filter and search read from a query string.

A NUL byte cannot be stored or searched for in PostgreSQL text (the query raises
DataError, a 500), so a filter form refuses it, whichever parameter carries it, declared
by the form or not; the page then answers 400 with the message and no filter applied.
"""

from django import forms
from django.contrib import messages
from django.forms.utils import ErrorDict

NUL = "\x00"
NUL_MESSAGE = (
    "The address holds a NUL character (%00), which no search or filter can take. "
    "Nothing was filtered; change the filters and search again."
)


class FilterForm(forms.Form):
    """Filters from ``request.GET``: every field optional; a NUL anywhere refuses all."""

    @property
    def refused(self) -> bool:
        """Some parameter's name or value holds a NUL byte."""
        if not self.is_bound:
            return False
        getlist = getattr(self.data, "getlist", lambda key: [self.data[key]])
        return any(
            NUL in str(key) or any(NUL in str(value) for value in getlist(key)) for key in self.data
        )

    @property
    def status(self) -> int:
        """400 when the query string was refused, else 200: the page's answer."""
        return 400 if self.refused else 200

    def full_clean(self):
        if not self.refused:
            super().full_clean()
            return
        # Before any field is cleaned: a field may look its value up in the database
        # (a slug, a name), which is where PostgreSQL would fail. No filter applies.
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_error(None, NUL_MESSAGE)


def filter_form(request, form_class: type[FilterForm] = FilterForm, data=None, **kwargs):
    """``form_class`` bound to the query string (or ``data``, a copy of it with defaults)
    and cleaned; a refusal is also told as a message, so that it shows on every page,
    those that do not render the form's errors included. A page with no filter of its
    own binds the bare ``FilterForm``: its pagination and sorting are refused the same."""
    form = form_class(request.GET if data is None else data, **kwargs)
    form.is_valid()
    if form.refused:
        messages.error(request, NUL_MESSAGE)
    return form
