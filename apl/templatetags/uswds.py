"""Template filters that render Django form fields with U.S. Web Design System markup.

Used by ``templates/includes/form_field.html``::

    {% load uswds %}
    {{ field|uswds_widget }}       {# the widget with USWDS classes and ARIA attributes #}
    {{ field|uswds_kind }}         {# "input", "textarea", "select", "checkbox", ... #}

Ids follow Django's own convention so that Django's and ours agree:
``<auto_id>_helptext`` for the hint and ``<auto_id>_error`` for the error message.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.template import Library
from django.utils.html import format_html, format_html_join

register = Library()

# Widget kinds, most specific class first (RadioSelect subclasses Select, etc.).
_KINDS = (
    (forms.HiddenInput, "hidden"),
    (forms.MultipleHiddenInput, "hidden"),
    (forms.CheckboxSelectMultiple, "checkbox-multiple"),  # a RadioSelect subclass
    (forms.RadioSelect, "radio"),
    (forms.CheckboxInput, "checkbox"),
    (forms.ClearableFileInput, "file"),
    (forms.FileInput, "file"),
    (forms.Textarea, "textarea"),
    (forms.NullBooleanSelect, "select"),
    (forms.SelectMultiple, "select"),
    (forms.Select, "select"),
    (forms.MultiWidget, "multi"),
)

_WIDGET_CLASS = {
    "checkbox": "usa-checkbox__input",
    "file": "usa-file-input",
    "textarea": "usa-textarea",
    "select": "usa-select",
    "input": "usa-input",
    "multi": "usa-input",
}

# Kinds whose error state is shown with the usa-input--error modifier.
_ERROR_MODIFIER_KINDS = {"input", "textarea", "select", "multi"}


def _kind(bound_field: BoundField) -> str:
    widget = bound_field.field.widget
    for widget_class, kind in _KINDS:
        if isinstance(widget, widget_class):
            return kind
    return "input"


def hint_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}_helptext" if bound_field.auto_id else ""


def error_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}_error" if bound_field.auto_id else ""


def _describedby(bound_field: BoundField) -> str:
    ids = []
    existing = bound_field.field.widget.attrs.get("aria-describedby")
    if existing:
        ids.append(existing)
    if bound_field.auto_id:
        if bound_field.help_text:
            ids.append(hint_id(bound_field))
        if bound_field.errors:
            ids.append(error_id(bound_field))
    return " ".join(ids)


def _join_classes(*names: str) -> str:
    seen = []
    for name in " ".join(n for n in names if n).split():
        if name not in seen:
            seen.append(name)
    return " ".join(seen)


@register.filter
def uswds_kind(bound_field: BoundField) -> str:
    """Which USWDS pattern a field needs: hidden, radio, checkbox-multiple, checkbox,
    file, textarea, select, multi or input."""
    return _kind(bound_field)


@register.filter
def uswds_hint_id(bound_field: BoundField) -> str:
    return hint_id(bound_field)


@register.filter
def uswds_error_id(bound_field: BoundField) -> str:
    return error_id(bound_field)


@register.filter
def uswds_widget(bound_field: BoundField):
    """Render a bound field's widget with the USWDS class for its kind, plus
    ``aria-describedby`` (hint and error message ids) and ``aria-invalid`` when it
    has errors. Radio buttons and multiple checkboxes come back as a list of
    ``usa-radio`` / ``usa-checkbox`` tiles (the caller wraps them in a fieldset)."""
    kind = _kind(bound_field)
    if kind == "hidden":
        return bound_field.as_widget()
    if kind in ("radio", "checkbox-multiple"):
        return _render_choices(bound_field, kind)

    widget_attrs = bound_field.field.widget.attrs
    classes = [widget_attrs.get("class", ""), _WIDGET_CLASS[kind]]
    if bound_field.errors and kind in _ERROR_MODIFIER_KINDS:
        classes.append("usa-input--error")
    attrs = {"class": _join_classes(*classes)}
    describedby = _describedby(bound_field)
    if describedby:
        attrs["aria-describedby"] = describedby
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


def _render_choices(bound_field: BoundField, kind: str):
    wrapper = "usa-radio" if kind == "radio" else "usa-checkbox"
    describedby = _describedby(bound_field)
    items = []
    for option in bound_field.subwidgets:
        data = option.data
        option_attrs = dict(data["attrs"])
        option_attrs["class"] = _join_classes(option_attrs.get("class", ""), f"{wrapper}__input")
        if describedby:
            option_attrs["aria-describedby"] = describedby
        if bound_field.errors:
            option_attrs["aria-invalid"] = "true"
        option.data = {**data, "attrs": option_attrs}
        items.append((wrapper, option.tag(), wrapper, option.id_for_label, option.choice_label))
    return format_html_join(
        "",
        '<div class="{}">{}<label class="{}__label" for="{}">{}</label></div>',
        items,
    )


@register.simple_tag
def uswds_required_marker():
    return format_html('<abbr title="required" class="usa-hint usa-hint--required">{}</abbr>', "*")


@register.filter
def uswds_form_errors(form) -> list:
    """The errors a form shows at its top: non-field errors, then the errors of its
    hidden fields (which have nowhere else to appear), labelled with the field."""
    if form is None or not hasattr(form, "non_field_errors"):
        return []
    errors = list(form.non_field_errors())
    for hidden in form.hidden_fields():
        errors.extend(f"{hidden.label}: {error}" for error in hidden.errors)
    return errors


@register.filter
def uswds_error_summary(form) -> list[tuple[str, str]]:
    """Every error of a form as (anchor id, message), for the USWDS error summary: form-wide
    errors link to the form itself (id ``form-top``), field errors to their field."""
    if form is None or not hasattr(form, "errors") or not form.errors:
        return []
    pairs = [("form-top", str(error)) for error in uswds_form_errors(form)]
    for field in form.visible_fields():
        pairs.extend((field.auto_id, f"{field.label}: {error}") for error in field.errors)
    return pairs
