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
    "reviewer",
    "lead_facilitator",
    "lac",
    "liaison",
    "pgp_reviewer",
    "district_admin",
    "other_district_admin",
)
# Signed in with no staff role: they reach their own records only. Personas added later
# that hold no staff role join this tuple, and rules spread ``no_staff(...)`` over them.
NO_STAFF_PERSONAS = ("educator", "other_educator")
# Roles that may read but never change programme data: 403 on every POST.
READ_ONLY_PERSONAS = ("liaison",)
# POST views a read-only persona may use: its own notification settings and the public
# verifier (it writes nothing). Nothing of the programme, proposal reviews included.
READ_ONLY_MAY_POST = (
    "accounts:notifications",
    "credentials:public-verifier",
)
LOGIN = "login"  # redirected to the sign-in page


def no_staff(expected) -> dict:
    """``expected`` for every persona without a staff role."""
    return dict.fromkeys(NO_STAFF_PERSONAS, expected)


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
    # Unless a rule says otherwise, the reviewer (no caseload here) answers like the
    # facilitator of another cohort, and the cohort's lead like its facilitator.
    if default is None:
        for persona, like in (
            ("reviewer", "other_facilitator"),
            ("lead_facilitator", "facilitator"),
        ):
            if persona not in expect and like in expect:
                expect = {**expect, persona: expect[like]}
    full = {persona: expect.get(persona, default) for persona in PERSONAS}
    if method != "get" and name not in READ_ONLY_MAY_POST:
        # A read-only role is refused every change, whatever the view would answer.
        full |= {persona: expect.get(persona, 403) for persona in READ_ONLY_PERSONAS}
    missing = [p for p, v in full.items() if v is None]
    assert not missing, f"rule {name} does not say what {missing} get"
    return Rule(name=name, expect=full, args=args, method=method, data=data)


def post_refused(rules: list[Rule], names: set[str], **expect) -> list[Rule]:
    """POST rules for views that only read: refused with 405 unless ``expect`` says else;
    each reuses the arguments of the view's first GET rule."""
    made, seen = [], set()
    for get_rule in rules:
        if get_rule.method == "get" and get_rule.name in names and get_rule.name not in seen:
            seen.add(get_rule.name)
            made.append(
                rule(
                    get_rule.name, args=get_rule.args, method="post", **({"default": 405} | expect)
                )
            )
    assert seen == names, f"no GET rule for {names - seen}"
    return made


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
