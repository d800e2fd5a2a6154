"""The signed-in home page is made of sections, one per role, each owned by its app.

A section is a template plus a function that builds its context; it shows to users who
hold one of its roles. Apps add their sections to HOME_SECTIONS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from accounts.roles import Role


@dataclass(frozen=True)
class HomeSection:
    roles: tuple[Role, ...]
    template: str
    context: Callable | None = None


def _educator_context(request):
    from enrollment.selectors import educator_home_summary

    return educator_home_summary(user=request.user)


def _lac_context(request):
    from enrollment.selectors import programme_home_summary

    return programme_home_summary()


def _intake_context(request):
    from intake.selectors import home_summary

    return home_summary()


def _scorer_context(request):
    from grading.selectors import caseload_for

    return caseload_for(user=request.user)["counts"]


HOME_SECTIONS: list[HomeSection] = [
    HomeSection((Role.EDUCATOR,), "home/_educator.html", _educator_context),
    HomeSection((Role.FACILITATOR, Role.REVIEWER, Role.LEAD_FACILITATOR), "home/_scorer.html"),
    HomeSection((Role.LIAISON,), "home/_liaison.html", _lac_context),
    HomeSection((Role.LAC,), "home/_lac.html", _lac_context),
    HomeSection((Role.LAC,), "intake/_home_lac.html", _intake_context),
    HomeSection(
        (Role.FACILITATOR, Role.REVIEWER, Role.LEAD_FACILITATOR),
        "grading/_home_scorer.html",
        _scorer_context,
    ),
]


def sections_for(request) -> list[dict]:
    user = request.user
    shown = []
    for section in HOME_SECTIONS:
        if user.has_role(*section.roles):
            context = section.context(request) if section.context else {}
            shown.append({"template": section.template, "context": context})
    return shown
