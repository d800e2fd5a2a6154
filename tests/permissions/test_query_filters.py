"""A NUL byte (%00) in any query-string parameter a page reads is refused with a message
(400), never a 500 (on PostgreSQL a NUL in a query parameter is a DataError).

Which parameters a page reads is found, not listed: every GET view of the permission
matrix is opened once (as a persona who may see it) while the request's QueryDict
records the keys read; then each of those keys is sent alone as ``%00``.
"""

from urllib.parse import quote

import pytest
from django.http import QueryDict
from django.urls import reverse

from apl.forms import NUL_MESSAGE
from tests.permissions.matrix import all_rules

# Personas tried in this order: the first the rule lets in (200) opens the page.
VIEWERS = (
    "lac",
    "liaison",
    "lead_facilitator",
    "facilitator",
    "reviewer",
    "pgp_reviewer",
    "district_admin",
    "educator",
    "anonymous",
)
GET_RULES = [
    r for r in all_rules() if r.method == "get" and any(r.expect[p] == 200 for p in VIEWERS)
]
# Keys read by machinery every page shares, not by the page's filters.
SHARED = frozenset()


def _viewer(url_rule):
    return next(p for p in VIEWERS if url_rule.expect[p] == 200)


@pytest.fixture
def read_keys(monkeypatch):
    """The keys read from any QueryDict while the fixture's list is being filled."""
    keys: list[str] = []
    for name in ("get", "__getitem__", "getlist", "__contains__"):
        original = getattr(QueryDict, name)

        def recording(self, key, *args, _original=original, **kwargs):
            if isinstance(key, str):
                keys.append(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, name, recording)
    return keys


# Sent while the keys are recorded: a page that binds its filters only when the query
# string is not empty (``request.GET or None``) reads them then.
PROBE = "probe"


def _seen_keys(client, url, read_keys) -> set[str]:
    read_keys.clear()
    response = client.get(f"{url}?{PROBE}=1")
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return set(read_keys) - SHARED - {PROBE}


@pytest.mark.parametrize("url_rule", GET_RULES, ids=[r.id for r in GET_RULES])
def test_a_nul_byte_in_any_parameter_a_page_reads_is_refused(client, world, url_rule, read_keys):
    persona = _viewer(url_rule)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(url_rule.name, args=url_rule.args(world))
    keys = _seen_keys(client, url, read_keys)
    for key in sorted(keys):
        response = client.get(f"{url}?{quote(key)}=%00")
        assert response.status_code == 400, f"{url}?{key}=%00 answered {response.status_code}"
        assert NUL_MESSAGE in response.content.decode(), f"{url}?{key}=%00 says nothing"
