"""An educator's record in the directory is made of sections, each owned by its app.

A section is a template plus a function of (request, educator) that builds its context.
Apps register theirs in ``AppConfig.ready`` with ``register_record_section``; the
directory shows them in ``order``, so it never imports an app above its own layer, and
this module knows no app at all.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordSection:
    key: str  # unique; also the section's HTML id
    title: str
    template: str
    context: Callable  # (request, educator) -> dict
    order: int = 100


RECORD_SECTIONS: list[RecordSection] = []


def register_record_section(
    *, key: str, title: str, template: str, context: Callable, order: int = 100
) -> RecordSection:
    """Add a section to every educator's record (once per key), shown in ``order``."""
    section = RecordSection(key, title, template, context, order)
    RECORD_SECTIONS[:] = [s for s in RECORD_SECTIONS if s.key != key]
    RECORD_SECTIONS.append(section)
    RECORD_SECTIONS.sort(key=lambda s: s.order)
    return section


def record_sections_for(request, educator) -> list[dict]:
    """Each registered section with its context, in order."""
    return [
        {
            "key": s.key,
            "title": s.title,
            "template": s.template,
            "context": s.context(request, educator),
        }
        for s in RECORD_SECTIONS
    ]
