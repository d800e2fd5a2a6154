"""The APL programmes run on their stacks: the pathway, advancement and the report's
"completed" and "projected to complete" all read the one rule."""

import pytest

from catalogue.models import MicroCredential, Stack, StackSlot
from enrollment.eligibility import missing_for_programme
from enrollment.pathway import educator_pathway
from enrollment.stacks import (
    completed_stacks,
    earned_codes,
    programme_definition,
    programme_progress,
)
from reporting.selectors import quarterly_report
from tests.factories import EducatorFactory, programme
from tests.reporting.conftest import AS_OF, enrol

pytestmark = pytest.mark.django_db

FIRST = ("CE", "AL", "MLSS", "CLRI", "FE")


def _summary(name="APL I-II"):
    summary = quarterly_report(programme=programme(name), as_of=AS_OF).summary
    return summary.completed, summary.projected


def _pathway(educator, name="APL I-II"):
    return educator_pathway(profile=educator, programme=programme(name), today=AS_OF)


def test_passing_ce_twice_but_never_fe_does_not_complete_apl_i_ii():
    educator = EducatorFactory(license_level=1)
    taken = [("CE", "Q1/24"), ("CE", "Q2/24")] + [(c, "Q3/24") for c in ("AL", "MLSS", "CLRI")]
    for code, quarter in taken:
        enrol(educator, code, quarter, "passed")
    pathway = _pathway(educator)
    assert not pathway.completed
    assert pathway.missing == ["Family Engagement"]
    assert _summary() == (0, 0)
    progress = programme_progress(programme("APL I-II"), educator.enrollments.all())
    assert (progress.complete, progress.needed, progress.missing) == (
        False,
        1,
        ("Family Engagement",),
    )


def test_enrolled_again_in_a_passed_one_projects_nothing_enrolled_in_the_last_one_does():
    educator = EducatorFactory(license_level=1)
    for code in ("CE", "AL", "MLSS", "CLRI"):
        enrol(educator, code, "Q2/24", "passed")
    enrol(educator, "CE", "Q4/24", "enrolled")
    assert _summary() == (0, 0)
    enrol(educator, "FE", "Q4/24", "enrolled")
    assert _summary() == (0, 1)


def test_all_five_complete_apl_i_ii_everywhere():
    educator = EducatorFactory(license_level=1)
    for code in FIRST:
        enrol(educator, code, "Q2/24", "passed")
    assert _pathway(educator).completed
    assert _summary() == (1, 0)
    assert [s.code for s in completed_stacks(educator)] == ["APL-I-II"]


def test_four_apl_ii_iii_micro_credentials_without_nmea_do_not_complete_it():
    educator = EducatorFactory(license_level=2)
    for code in ("SEL", "RP", "VDC", "ESL"):
        enrol(educator, code, "Q2/24", "passed")
    pathway = _pathway(educator, "APL II-III")
    assert not pathway.completed
    assert pathway.missing == ["New Mexico Education Acts"]
    assert _summary("APL II-III") == (0, 0)
    enrol(educator, "NMEA", "Q4/24", "enrolled")
    assert _summary("APL II-III") == (0, 1)


def test_the_required_two_and_two_electives_complete_apl_ii_iii():
    educator = EducatorFactory(license_level=2)
    for code in ("SEL", "NMEA", "TIC", "MCT"):
        enrol(educator, code, "Q2/24", "passed")
    assert _pathway(educator, "APL II-III").completed
    assert _summary("APL II-III") == (1, 0)


def test_one_elective_short_is_worded_with_the_electives_chosen_or_not():
    definition = programme_definition(programme("APL II-III"))
    rp, vdc = MicroCredential.objects.filter(code__in=["RP", "VDC"]).order_by("position")
    assert missing_for_programme(
        definition=definition, passed={"SEL", "NMEA", "RP"}, chosen_electives=[rp, vdc]
    ) == ["Vocabulary Development through Cognates (elective)"]
    assert missing_for_programme(
        definition=definition, passed={"SEL", "NMEA", "RP"}, chosen_electives=[rp]
    ) == ["one elective you have not chosen yet"]
    assert missing_for_programme(definition=definition, passed={"NMEA"}, chosen_electives=[]) == [
        "Social Emotional Learning",
        "2 electives you have not chosen yet",
    ]
    assert (
        missing_for_programme(
            definition=definition, passed={"SEL", "NMEA", "RP", "ESL"}, chosen_electives=[rp, vdc]
        )
        == []
    )


def test_a_change_to_the_programmes_stack_changes_completion_everywhere():
    """The rule is written once: editing the stack moves the pathway and the report."""
    educator = EducatorFactory(license_level=1)
    for code in ("CE", "AL", "MLSS", "CLRI"):
        enrol(educator, code, "Q2/24", "passed")
    assert not _pathway(educator).completed
    stack = Stack.objects.get(code="APL-I-II")
    stack.rule, stack.n = Stack.Rule.N_OF, 4
    stack.save()
    assert _pathway(educator).completed
    assert _summary() == (1, 0)


def test_a_non_all_programme_stack_lists_what_the_rule_says():
    stack = Stack.objects.get(code="APL-I-II")
    stack.rule, stack.n = Stack.Rule.N_OF, 4
    stack.save()
    assert missing_for_programme(
        definition=programme_definition(programme("APL I-II")),
        passed={"CE", "AL"},
        chosen_electives=[],
    ) == ["Multi-Layered Systems of Support", "Culturally Linguistically Responsive Instruction",
          "Family Engagement"]  # fmt: skip


def test_a_programme_without_a_stack_is_named_as_a_data_error():
    Stack.objects.filter(code="APL-I-II").delete()
    with pytest.raises(Stack.DoesNotExist) as error:
        programme_definition(programme("APL I-II"))
    assert str(error.value) == "APL I-II has no stack: add it in the admin."


def test_completed_stacks_lists_every_stack_a_pass_counts_in(django_assert_max_num_queries):
    mentor = Stack.objects.create(code="MENTOR", name="Mentor teacher", position=10)
    mentor.members.set(MicroCredential.objects.filter(code__in=["CE", "SEL"]))
    coach = Stack.objects.create(code="COACH", name="Coach", position=11)
    StackSlot.objects.create(stack=coach, label="Any", position=1).options.set(
        MicroCredential.objects.filter(code__in=["NMEA"])
    )
    educator = EducatorFactory(license_level=1)
    for code in (*FIRST, "SEL"):
        enrol(educator, code, "Q2/24", "passed")
    enrol(educator, "NMEA", "Q2/24", "not_passed")
    assert earned_codes(educator) == {*FIRST, "SEL"}
    with django_assert_max_num_queries(3):
        done = completed_stacks(educator)
    assert [s.code for s in done] == ["APL-I-II", "MENTOR"]  # CE counts in both


def test_no_passes_complete_no_stack(django_assert_num_queries):
    educator = EducatorFactory()
    enrol(educator, "CE", "Q2/24", "not_passed")
    with django_assert_num_queries(1):
        assert completed_stacks(educator) == []
