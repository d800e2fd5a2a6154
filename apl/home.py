"""The signed-in home page is made of sections, one per role, each owned by its app.

A section is a template plus a function that builds its context; it shows to users who
hold one of its roles. Apps register their sections in ``AppConfig.ready`` with
``register_home_section`` (and what the visitors' landing page shows with
``register_landing_context``); this module knows no app.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    roles: tuple  # accounts' Role values; the user model's has_role decides
    template: str
    context: Callable | None = None
    order: int = 100


HOME_SECTIONS: list[HomeSection] = []


def register_home_section(
    *, roles: Sequence, template: str, context: Callable | None = None, order: int = 100
) -> HomeSection:
    """Add a section (once per template); sections show in ``order``, then registration order."""
    section = HomeSection(tuple(roles), template, context, order)
    HOME_SECTIONS[:] = [s for s in HOME_SECTIONS if s.template != template]
    HOME_SECTIONS.append(section)
    HOME_SECTIONS.sort(key=lambda s: s.order)
    return section


LANDING_CONTEXT: list[Callable] = []


def register_landing_context(context: Callable) -> Callable:
    """Add to the visitors' landing page's context (a function of the request)."""
    if context not in LANDING_CONTEXT:
        LANDING_CONTEXT.append(context)
    return context


def landing_context(request) -> dict:
    merged = {}
    for context in LANDING_CONTEXT:
        merged.update(context(request))
    return merged


def sections_for(request) -> list[dict]:
    user = request.user
    shown = []
    for section in HOME_SECTIONS:
        if user.has_role(*section.roles):
            context = section.context(request) if section.context else {}
            shown.append({"template": section.template, "context": context})
    return shown
