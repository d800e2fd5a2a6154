"""Display of agreement statistics (fractions) on the scoring-quality page."""

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f}%"


@register.filter
def ratio(value) -> str:
    if value is None:
        return "—"
    return f"{float(value):.2f}"
