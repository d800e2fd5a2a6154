"""Every URL × every persona answers as declared (ASVS 4.1.3)."""

import pytest
from django.urls import reverse

from tests.permissions.matrix import LOGIN, PERSONAS, all_rules, project_url_names

RULES = all_rules()


def test_every_project_url_has_a_rule():
    declared = {r.name for r in RULES}
    undeclared = sorted(project_url_names() - declared)
    assert not undeclared, f"views missing from the permission matrix: {undeclared}"


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
