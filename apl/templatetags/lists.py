"""``{% sort_header listing "name" "Educator" %}``: a sortable column header (apl.lists)."""

from django.template import Library

register = Library()


@register.simple_tag
def sort_header(listing, key: str, label: str):
    return listing.sort_header(key, label)


@register.filter
def hidden_for_jump(listing):
    """The URL's parameters but the page, for the jump-to-page form."""
    return listing.hidden_inputs("page")


@register.filter
def hidden_for_size(listing):
    """The URL's parameters but the page and size: a new size starts at page 1."""
    return listing.hidden_inputs("page", "per_page")
