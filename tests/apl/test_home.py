"""The home page and navigation are assembled from what each app registers."""

import pytest

from apl.home import HOME_SECTIONS
from apl.navigation import NAV_ITEMS
from catalogue.models import Programme


@pytest.mark.django_db
def test_visitors_landing_page_lists_every_programme(client):
    page = client.get("/").content.decode()
    names = list(Programme.objects.values_list("name", flat=True))
    assert names
    for name in names:
        assert name in page


@pytest.mark.django_db
def test_the_landing_page_reads_the_programs_once_and_then_only_the_versions(
    client, django_assert_num_queries
):
    from apl import versions

    versions.forget_all()
    with django_assert_num_queries(3):  # the versions; the programs; every program's stack
        page = client.get("/").content.decode()
    for programme in Programme.objects.all():
        assert f"{programme.required_count} micro-credentials" in page
    with django_assert_num_queries(1):  # the versions: the programs are kept
        again = client.get("/").content.decode()
    for programme in Programme.objects.all():
        assert programme.name in again
    Programme.objects.filter(slug="apl-i-ii").update(name="Renamed program")
    assert "Renamed program" in client.get("/").content.decode()


def test_every_app_section_and_nav_item_is_registered_once_in_order():
    templates = [s.template for s in HOME_SECTIONS]
    assert templates == [
        "home/_educator.html",
        "home/_renewal.html",
        "lattice/_home.html",
        "home/_scorer.html",
        "home/_liaison.html",
        "home/_lac.html",
        "intake/_home_lac.html",
        "grading/_home_scorer.html",
        "growth/_home_educator.html",
        "growth/_home_reviewer.html",
        "growth/_home_state.html",
    ]
    assert [i.label for i in NAV_ITEMS] == [
        "Home",
        "Caseload",
        "Scoring quality",
        "My district",
        "Educators",
        "Intents",
        "Cohorts",
        "Payments",
        "Import and export",
        "My pathway",
        "My credentials",
        "Growth plans",
        "Stipends",
        "MC proposals",
        "Eligibility",
        "License renewal",
        "Advanced roles",
        "Survey results",
        "Renewal",
        "Advanced roles",
        "Reports",
    ]


@pytest.mark.django_db
def test_liaison_sees_only_the_nav_items_of_their_role(client, liaison):
    client.force_login(liaison)
    page = client.get("/").content.decode()
    assert "Survey results" in page and "Reports" in page
    assert "Caseload" not in page and "My pathway" not in page
