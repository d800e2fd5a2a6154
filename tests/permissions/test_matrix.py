"""Every URL × every persona answers as declared (ASVS 4.1.3)."""

import pytest
from django.urls import reverse

from tests.permissions.matrix import (
    LOGIN,
    PERSONAS,
    READ_ONLY_MAY_POST,
    READ_ONLY_PERSONAS,
    all_rules,
    project_url_names,
)

RULES = all_rules()


def test_every_project_url_has_a_rule():
    declared = {r.name for r in RULES}
    undeclared = sorted(project_url_names() - declared)
    assert not undeclared, f"views missing from the permission matrix: {undeclared}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_project_url_has_a_rule_for_get_and_for_post(method):
    declared = {r.name for r in RULES if r.method == method}
    undeclared = sorted(project_url_names() - declared)
    assert not undeclared, f"views without a {method.upper()} rule: {undeclared}"


def test_read_only_roles_are_refused_every_post():
    """A read-only persona gets 403 on every POST but its own settings and the verifier."""
    writes = [
        (r.name, persona, r.expect[persona])
        for r in RULES
        if r.method == "post" and r.name not in READ_ONLY_MAY_POST
        for persona in READ_ONLY_PERSONAS
        if r.expect[persona] != 403
    ]
    assert not writes, f"a read-only role may change data through: {writes}"


def test_no_rule_names_a_url_that_does_not_exist():
    stale = sorted({r.name for r in RULES} - project_url_names())
    assert not stale, f"rules for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_rule", RULES, ids=[r.id for r in RULES])
def test_permission_matrix(client, world, persona, url_rule):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(url_rule.name, args=url_rule.args(world))
    response = getattr(client, url_rule.method)(url, data=url_rule.data(world))
    expected = url_rule.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response.url.startswith(reverse("account_login")), response.url
    else:
        assert response.status_code == expected, (
            f"{persona} {url_rule.method.upper()} {url}: got {response.status_code}, "
            f"expected {expected}"
        )
