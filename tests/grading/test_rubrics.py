"""Rubric content as data: the seed, versions frozen once in use, the admin."""

from django.urls import reverse
from django.utils import timezone

from apl.quarters import Quarter
from catalogue.models import MicroCredential
from grading import services
from grading.models import Rubric
from tests.factories import CohortFactory, micro_credential
from tests.factories.grading import RANKS_80, post_grade, submitted_attempt


def test_every_micro_credential_has_a_seeded_rubric_and_tasks(db):
    assert MicroCredential.objects.count() == 13
    for mc in MicroCredential.objects.all():
        rubric = Rubric.objects.get(micro_credential=mc, version=1)
        assert rubric.published_at is not None
        criteria = list(rubric.criteria.prefetch_related("levels"))
        assert 4 <= len(criteria) <= 6, mc.code
        for criterion in criteria:
            assert criterion.domain is not None
            assert [lv.points for lv in criterion.levels.all()] == [1, 2, 3, 4]
        assert 1 <= rubric.tasks.count() <= 3, mc.code


def test_a_rubric_in_use_is_frozen_and_later_cohorts_take_the_new_version(world, facilitator):
    grade = post_grade(submitted_attempt(world.enrollment), facilitator, RANKS_80)
    rubric = grade.rubric
    assert rubric.is_frozen
    copy = services.rubric_new_version(rubric=rubric)
    assert copy.version == 2 and not copy.is_frozen
    assert copy.criteria.count() == rubric.criteria.count()
    assert copy.tasks.count() == rubric.tasks.count()
    # Unpublished: a new cohort still takes version 1.
    later = CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q4/24"))
    assert services.rubric_for_cohort(cohort=later) == rubric
    Rubric.objects.filter(pk=copy.pk).update(published_at=timezone.now())
    newest = CohortFactory(micro_credential=micro_credential("CE"), quarter=Quarter.parse("Q1/25"))
    assert services.rubric_for_cohort(cohort=newest).pk == copy.pk
    # The running cohort keeps the rubric it started with; the grade points at it.
    assert services.rubric_for_cohort(cohort=world.cohort) == rubric
    grade.refresh_from_db()
    assert grade.rubric_id == rubric.pk


def test_admin_shows_a_frozen_rubric_read_only(client, world, facilitator, lac):
    grade = post_grade(submitted_attempt(world.enrollment), facilitator, RANKS_80)
    lac.is_staff = True
    lac.save()
    client.force_login(lac)
    url = reverse("admin:grading_rubric_change", args=[grade.rubric_id])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    unused = Rubric.objects.get(micro_credential__code="AL")
    page = client.get(reverse("admin:grading_rubric_change", args=[unused.pk]))
    assert 'name="title"' in page.content.decode()
