"""The primary navigation, by role. Each entry appears only to those who may use it.

Apps register their entries in ``AppConfig.ready`` with ``register_nav_item``; this
module knows no app.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple = ()  # accounts' Role values; empty = every signed-in user
    order: int = 100


NAV_ITEMS: list[NavItem] = [NavItem("Home", "home", (), 0)]


def register_nav_item(*, label: str, url_name: str, roles: Sequence = (), order: int = 100):
    """Add an entry (once per URL name); entries show in ``order``, then registration order."""
    item = NavItem(label, url_name, tuple(roles), order)
    NAV_ITEMS[:] = [i for i in NAV_ITEMS if i.url_name != url_name]
    NAV_ITEMS.append(item)
    NAV_ITEMS.sort(key=lambda i: i.order)
    return item


def nav_links_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = []
    for item in NAV_ITEMS:
        if item.roles and not (user.is_superuser or user.has_role(*item.roles)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        links.append({"label": item.label, "url": url, "current": current})
    return links
