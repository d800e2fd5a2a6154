"""Districts: the option-2 constraint, scoping, and matching by code or exact name."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from districts.models import District
from enrollment.models import EducatorProfile
from tests.factories import EducatorFactory


def test_option_2_without_option_from_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(code="X", name="X District", renewal_option=2)


def test_option_1_with_option_from_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(
            code="X", name="X District", renewal_option=1, option_from=dt.date(2025, 1, 1)
        )


def test_option_on_a_day_counts_from_the_approval_date(db):
    district = District.objects.create(
        code="X", name="X District", renewal_option=2, option_from=dt.date(2025, 8, 1)
    )
    assert district.option_on(dt.date(2025, 7, 31)) == 1
    assert district.option_on(dt.date(2025, 8, 1)) == 2


def test_district_admin_sees_only_their_own_district(
    district, other_district, district_admin, other_district_admin, lac, educator
):
    assert list(District.objects.visible_to(district_admin)) == [district]
    assert list(District.objects.visible_to(other_district_admin)) == [other_district]
    assert set(District.objects.visible_to(lac)) == {district, other_district}
    assert not District.objects.visible_to(educator).exists()


def test_district_admin_sees_their_districts_educators_and_no_others(
    district_admin, other_district_admin, educator, other_educator
):
    visible = EducatorProfile.objects.visible_to(district_admin)
    assert list(visible) == [educator.educator_profile]
    assert list(EducatorProfile.objects.visible_to(other_district_admin)) == [
        other_educator.educator_profile
    ]


def test_matching_by_code_any_case_or_exact_name(db):
    district = District.objects.create(code="ABQ", name="Albuquerque Public Schools")
    assert list(District.objects.matching("abq")) == [district]
    assert list(District.objects.matching(" Albuquerque Public Schools ")) == [district]
    assert not District.objects.matching("albuquerque public schools").exists()
    assert not District.objects.matching("").exists()


def test_migration_matches_existing_free_text_by_code_or_exact_name(db):
    migration = importlib.import_module("enrollment.migrations.0004_educator_district")
    abq = District.objects.create(code="ABQ", name="Albuquerque Public Schools")
    gallup = District.objects.create(code="GMCS", name="Gallup-McKinley County Schools")
    by_code = EducatorFactory(district_as_written="abq")
    by_name = EducatorFactory(district_as_written="Gallup-McKinley County Schools")
    unmatched = EducatorFactory(district_as_written="Gallup McKinley")
    migration.match_districts(apps, None)
    for profile in (by_code, by_name, unmatched):
        profile.refresh_from_db()
    assert (by_code.district, by_name.district, unmatched.district) == (abq, gallup, None)
    assert unmatched.district_as_written == "Gallup McKinley"
