"""The intents queue is rendered once per version of the records and kept in the worker:
a repeat visit reads no records, and any write shows on the very next visit."""

import re

import pytest
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.urls import reverse

from accounts.roles import Role
from apl import versions
from enrollment.models import Intent
from intake.views import _CSRF_SLOT
from tests.factories import IntentFactory
from tests.intake.conftest import passed

pytestmark = pytest.mark.django_db
QUEUE = reverse("intake:intent-list")


def _unmasked(page: str) -> str:
    """The page with its CSRF tokens (masked anew on every response) taken out."""
    return re.sub(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{64}', r"\1", page)


@pytest.fixture(autouse=True)
def _nothing_kept():
    versions.forget_all()


def test_a_repeat_visit_reads_only_the_session_with_the_versions(
    signed_in_lac, django_assert_num_queries
):
    for _ in range(3):
        passed(IntentFactory().educator, "CE")
    first = signed_in_lac.get(QUEUE)
    # The session with every version (the user and their access are kept too): nothing of
    # the queue.
    with django_assert_num_queries(1):
        again = signed_in_lac.get(QUEUE)
    assert _unmasked(again.text) == _unmasked(first.text)  # the same page, its own token
    assert again.text.count('data-label="History"') == 3


def test_any_write_shows_on_the_next_visit(signed_in_lac):
    intent = IntentFactory()
    name = intent.educator.user.get_full_name()
    assert name in signed_in_lac.get(QUEUE).text
    intent.educator.user.last_name = "Renamed-Zed"
    intent.educator.user.save()
    assert "Renamed-Zed" in signed_in_lac.get(QUEUE).text
    Intent.objects.filter(pk=intent.pk).update(status=Intent.Status.DECLINED)  # plain SQL
    assert "Renamed-Zed" not in signed_in_lac.get(QUEUE).text  # pending only, by default


def test_each_query_is_its_own_page(signed_in_lac):
    IntentFactory()
    declined = IntentFactory(status=Intent.Status.DECLINED)
    name = declined.educator.user.get_full_name()
    assert name not in signed_in_lac.get(QUEUE).text
    assert name in signed_in_lac.get(QUEUE, {"status": "declined"}).text
    assert name not in signed_in_lac.get(QUEUE).text


def test_the_liaison_never_gets_the_coordinators_kept_page(client, lac, liaison):
    IntentFactory()
    client.force_login(lac)
    assert "Accept selected" in client.get(QUEUE).text
    client.force_login(liaison)
    assert "Accept selected" not in client.get(QUEUE).text
    client.force_login(lac)
    assert "Accept selected" in client.get(QUEUE).text


def test_the_kept_page_never_holds_a_csrf_token_and_each_visitor_gets_their_own(client, lac):
    IntentFactory()
    client.force_login(lac)
    client.get(QUEUE)
    kept = [value for value, _until in versions._KEPT.values() if isinstance(value, str)]
    assert kept and all(_CSRF_SLOT in page for page in kept)
    page = client.get(QUEUE).text
    assert _CSRF_SLOT not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert len(token) == CSRF_TOKEN_LENGTH
    # The token works: a bulk accept with nothing selected is refused by the form, not CSRF.
    client.handler.enforce_csrf_checks = True
    response = client.post(
        reverse("intake:intent-bulk-accept"),
        {"csrfmiddlewaretoken": token, "scope": "selected", "quarter": "Q1/25"},
    )
    assert response.status_code != 403


def test_losing_the_role_refuses_the_next_visit(client, lac):
    client.force_login(lac)
    assert client.get(QUEUE).status_code == 200
    lac.groups.clear()
    lac.groups.add(*lac.groups.model.objects.filter(name=Role.EDUCATOR))
    assert client.get(QUEUE).status_code == 403
