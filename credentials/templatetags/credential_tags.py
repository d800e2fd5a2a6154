from django import template

from credentials import presentation

register = template.Library()


@register.filter
def verification_look(v):
    """The look (alert variant, icon, heading, lead) of a verification result."""
    return presentation.look_of(v)


@register.filter
def plain_problems(v):
    return presentation.plain_problems(v)
