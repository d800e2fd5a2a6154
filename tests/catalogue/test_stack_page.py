"""The stacks page: every stack with its rule, members and slots, for anyone signed in."""

import datetime as dt

import pytest
from django.urls import reverse

from catalogue.models import MicroCredential, Stack

pytestmark = pytest.mark.django_db
URL = "/catalogue/stacks/"


def test_the_page_lists_each_stack_with_its_rule_members_and_slots(
    client, educator, django_assert_num_queries
):
    coach = Stack.objects.create(
        code="COACH", name="Coaching", rule="n_of", n=2, description="For coaches."
    )
    coach.members.set(MicroCredential.objects.filter(code__in=["CE", "SEL", "RP"]))
    client.force_login(educator)
    with django_assert_num_queries(5):
        response = client.get(reverse("catalogue:stack-list"))
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert reverse("catalogue:stack-list") == URL
    assert 'APL I-II <span class="text-normal">(APL-I-II)</span>' in page
    assert "All 5 requirements" in page
    assert "Completes</dt><dd>APL II-III (Level 2 to Level 3)" in page
    assert (
        "Elective 1 (choice)</th><td>One of: Restorative Practices (RP); "
        "Vocabulary Development through Cognates (VDC)" in page
    )
    assert "Any 2 of these 3 requirements" in page
    assert "For coaches." in page
    assert "<td>Classroom Environment (CE)</td>" in page
    assert "administration pages" not in page  # an educator does not edit


def test_the_lac_is_pointed_to_the_admin(client, lac):
    lac.is_staff = True
    lac.save()
    client.force_login(lac)
    page = client.get(URL).content.decode()
    assert reverse("admin:catalogue_stack_changelist") in page


def test_the_renewal_statement_lists_the_stacks_completed(db):
    from renewal.selectors import educator_renewal
    from renewal.statement import renewal_statement_html
    from tests.renewal.conftest import imported_pass, licensed

    profile = licensed(start=dt.date(2022, 7, 1), level=1)
    html = renewal_statement_html(
        renewal=educator_renewal(educator=profile, as_of=dt.date(2024, 5, 15)),
        today=dt.date(2024, 5, 15),
    )
    assert "<h2>Stacks completed</h2>" in html
    assert '<td colspan="2">None.</td>' in html
    for code in ("CE", "AL", "MLSS", "CLRI", "FE"):
        imported_pass(profile, code, "Q2/24")
    html = renewal_statement_html(
        renewal=educator_renewal(educator=profile, as_of=dt.date(2024, 5, 15)),
        today=dt.date(2024, 5, 15),
    )
    assert "<tr><td>APL I-II</td><td>APL-I-II</td></tr>" in html
    assert "APL-II-III" not in html
