"""The permission matrix: every URL of the project × every persona → the answer expected.

Each app declares its rules in ``tests/permissions/rules_<app>.py`` as a list ``RULES``.
``test_matrix`` discovers every URL pattern from the resolver, so a view without a rule
fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

PERSONAS = (
    "anonymous",
    "educator",
    "other_educator",
    "facilitator",
    "other_facilitator",
    "lac",
    "liaison",
    "pgp_reviewer",
    "district_admin",
    "other_district_admin",
)
LOGIN = "login"  # redirected to the sign-in page

# URLs that belong to libraries with their own tests (allauth, Django's admin).
LIBRARY_MODULES = ("django.contrib.admin", "allauth.", "django.views.static")


@dataclass(frozen=True)
class Rule:
    name: str
    expect: dict
    args: Callable = field(default=lambda w: ())
    method: str = "get"
    data: Callable = field(default=lambda w: {})

    @property
    def id(self) -> str:
        return f"{self.name}[{self.method.upper()}]"


def rule(name, *, args=lambda w: (), method="get", data=lambda w: {}, default=None, **expect):
    """A rule; personas not named get ``default``."""
    unknown = set(expect) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown} in rule {name}"
    full = {persona: expect.get(persona, default) for persona in PERSONAS}
    missing = [p for p, v in full.items() if v is None]
    assert not missing, f"rule {name} does not say what {missing} get"
    return Rule(name=name, expect=full, args=args, method=method, data=data)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: staff-only, MFA-gated (tests/accounts)
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            if module.startswith(LIBRARY_MODULES) or not entry.name:
                continue
            yield f"{prefix}{entry.name}"


def project_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def all_rules() -> list[Rule]:
    import importlib
    import pkgutil

    import tests.permissions as package

    rules = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("rules_"):
            rules.extend(importlib.import_module(f"tests.permissions.{info.name}").RULES)
    return rules
