"""Model fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from apl.quarters import Quarter


class QuarterField(models.IntegerField):
    """Stores a Quarter as its running index, so that ordering and ranges are plain SQL."""

    description = "A New Mexico fiscal quarter (Qn/yy)"

    @property
    def validators(self):
        # IntegerField adds the backend's integer range checks, which cannot compare
        # with a Quarter; a Quarter is valid by construction.
        return list(self._validators)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Quarter.from_index(value)

    def to_python(self, value):
        if value is None or isinstance(value, Quarter):
            return value
        if isinstance(value, int):
            return Quarter.from_index(value)
        try:
            return Quarter.parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else value.index

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.label

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": QuarterFormField, **kwargs})


class QuarterFormField(forms.CharField):
    """Accepts ``Qn/yy`` and cleans to a Quarter."""

    def __init__(self, **kwargs):
        # Length and number limits would be checked against the cleaned Quarter.
        for key in ("min_value", "max_value", "step_size", "max_length", "min_length"):
            kwargs.pop(key, None)
        kwargs.setdefault("help_text", "Written Qn/yy, e.g. Q2/23.")
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Quarter.parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value):
        if isinstance(value, int):
            return Quarter.from_index(value).label
        return value.label if isinstance(value, Quarter) else value
