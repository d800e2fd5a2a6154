"""The coordinator's long lists (apl.lists): compact, sortable, a page size, a jump to a
page, first/last, filters kept in the URL, and a fixed number of queries per page."""

import re

import pytest
from django.urls import reverse

from enrollment.models import Enrollment
from tests.factories import EducatorFactory, EnrollmentFactory, IntentFactory
from tests.intake.conftest import Q4_24, cohort

pytestmark = pytest.mark.django_db

INTENTS = reverse("intake:intent-list")
PAYMENTS = reverse("intake:payment-list")
COHORTS = reverse("intake:cohort-list")


def _intents(n, **educator):
    return [IntentFactory(educator=EducatorFactory(**educator)) for _ in range(n)]


def test_a_list_is_compact_and_its_headers_sort_with_aria_sort(signed_in_lac):
    _intents(3)
    page = signed_in_lac.get(INTENTS, {"sort": "-name"}).text
    assert "usa-table--compact" in page
    header = re.search(r'<th scope="col" aria-sort="descending"><a [^>]*href="([^"]+)"', page)
    assert header, "the sorted column says so"
    assert "sort=name" in header.group(1), "its link sorts the other way"
    assert page.count("aria-sort=") == 1


def test_sorting_orders_rows_and_keeps_the_filters(signed_in_lac):
    a = IntentFactory(
        educator=EducatorFactory(user__last_name="Aragon", district_as_written="Taos")
    )
    b = IntentFactory(educator=EducatorFactory(user__last_name="Baca", district_as_written="Taos"))
    IntentFactory(educator=EducatorFactory(user__last_name="Chavez", district_as_written="Gallup"))
    response = signed_in_lac.get(INTENTS, {"district": "Taos", "sort": "-name"})
    assert list(response.context["listing"].page) == [b, a]
    header = re.search(r'aria-sort="descending"><a [^>]*href="([^"]+)"', response.text).group(1)
    assert "district=Taos" in header.replace("&amp;", "&")


@pytest.mark.parametrize("size", [25, 50, 100, 200])
def test_a_page_size_is_chosen_from_the_list_of_sizes(signed_in_lac, size):
    _intents(3)
    response = signed_in_lac.get(INTENTS, {"per_page": str(size)})
    assert response.context["listing"].per_page == size
    assert f'<option value="{size}" selected>' in response.text


def test_a_page_size_not_offered_falls_back_to_25(signed_in_lac):
    _intents(30)
    response = signed_in_lac.get(INTENTS, {"per_page": "100000"})
    assert response.context["listing"].per_page == 25
    assert len(response.context["listing"].page) == 25


def test_jumping_to_a_page_and_first_previous_next_last(signed_in_lac):
    _intents(60)
    response = signed_in_lac.get(INTENTS, {"per_page": "25", "page": "2", "status": "pending"})
    listing = response.context["listing"]
    assert listing.page.number == 2 and listing.num_pages == 3
    links = {k: (v or "").replace("&amp;", "&") for k, v in listing.links.items()}
    assert "&page=" not in links["first"] and "?page=" not in links["first"]
    assert "per_page=25" in links["first"]
    assert "page=3" in links["last"] and "page=3" in links["next"]
    assert "status=pending" in links["last"]
    page = response.text
    assert 'name="page"' in page and 'max="3"' in page, "the jump-to-page form"
    for text in ("First", "Previous", "Next", "Last", "Page 2 of 3"):
        assert text in page
    # The jump form keeps every other parameter.
    jump = page.split('aria-label="Go to a page of intents"')[1].split("</form>")[0]
    assert 'name="status" value="pending"' in jump and 'name="per_page" value="25"' in jump


def test_a_page_past_the_end_shows_the_last(signed_in_lac):
    _intents(30)
    assert signed_in_lac.get(INTENTS, {"page": "99"}).context["listing"].page.number == 2


def test_filters_stay_in_the_url_of_the_sort_and_page_links(signed_in_lac):
    _intents(30, district_as_written="Taos")
    page = signed_in_lac.get(INTENTS, {"district": "Taos", "q": "a"}).text.replace("&amp;", "&")
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1)
    assert "district=Taos" in next_link and "q=a" in next_link


@pytest.mark.parametrize("n", [5, 60])
def test_the_intents_queue_reads_a_page_in_a_fixed_number_of_queries(
    signed_in_lac, django_assert_num_queries, n
):
    for intent in _intents(n):
        EnrollmentFactory(educator=intent.educator, cohort=cohort("CE"))
    with django_assert_num_queries(12):
        response = signed_in_lac.get(INTENTS, {"per_page": "50"})
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 60])
def test_the_fees_list_reads_a_page_in_a_fixed_number_of_queries(
    signed_in_lac, django_assert_num_queries, n
):
    ce = cohort("CE")
    EnrollmentFactory.create_batch(n, cohort=ce)
    with django_assert_num_queries(11):
        response = signed_in_lac.get(PAYMENTS, {"per_page": "100", "sort": "-quarter"})
    assert response.context["listing"].count == n


@pytest.mark.parametrize("n", [3, 40])
def test_the_cohort_list_reads_a_page_in_a_fixed_number_of_queries(
    signed_in_lac, django_assert_num_queries, n
):
    from apl.quarters import Quarter

    for i in range(n):
        cohort("CE", Quarter.from_index(Q4_24.index - i))
    with django_assert_num_queries(9):
        response = signed_in_lac.get(COHORTS, {"sort": "seats", "per_page": "25"})
    assert response.context["listing"].count == n


def test_the_cohort_page_lists_its_educators_with_the_same_controls(
    signed_in_lac, django_assert_num_queries
):
    ce = cohort("CE")
    EnrollmentFactory.create_batch(30, cohort=ce)
    with django_assert_num_queries(14):
        response = signed_in_lac.get(
            reverse("intake:cohort-detail", args=[ce.pk]), {"page": "2", "sort": "-name"}
        )
    assert response.context["listing"].page.number == 2
    assert len(response.context["listing"].page) == 5
    assert "Rows per page" in response.text


def test_enrollments_withdrawn_still_show_on_the_fees_list(signed_in_lac):
    EnrollmentFactory(cohort=cohort("CE"), status=Enrollment.Status.WITHDRAWN)
    assert "(withdrawn)" in signed_in_lac.get(PAYMENTS).text


def test_the_stipend_and_reviewer_lists_use_the_same_controls(signed_in_lac):
    for name in ("growth:stipend-list", "growth:assignment-list"):
        response = signed_in_lac.get(reverse(name), {"sort": "-educator", "per_page": "100"})
        assert response.status_code == 200
        assert response.context["listing"].per_page == 100
        assert response.context["listing"].sort == "-educator"
        assert 'aria-sort="descending"' in response.text
        assert 'id="pages-top"' in response.text
