"""The stack rule (catalogue/stacks.py): pure, so no database."""

import pytest

from catalogue.stacks import (
    Slot,
    StackDefinition,
    StackProgress,
    definition_problem,
    normalise,
    stack_progress,
)

NAMES = {
    "CE": "Classroom Environment",
    "AL": "Assessment Literacy",
    "MLSS": "Multi-Layered Systems of Support",
    "CLRI": "Culturally Linguistically Responsive Instruction",
    "FE": "Family Engagement",
    "SEL": "Social Emotional Learning",
    "NMEA": "New Mexico Education Acts",
    "RP": "Restorative Practices",
    "VDC": "Vocabulary Development through Cognates",
    "ESL": "Engaging Students in Learning",
}
ELECTIVES = ("RP", "VDC", "ESL")

APL_I_II = StackDefinition(
    code="APL-I-II", name="APL I-II", members=("CE", "AL", "MLSS", "CLRI", "FE"), names=NAMES
)
APL_II_III = StackDefinition(
    code="APL-II-III",
    name="APL II-III",
    members=("SEL", "NMEA"),
    slots=(Slot("Elective 1", ELECTIVES), Slot("Elective 2", ELECTIVES)),
    names=NAMES,
)
THREE_OF_FOUR = StackDefinition(
    code="COACH", name="Coaching", rule="n_of", n=3, members=("CE", "AL", "SEL", "RP"), names=NAMES
)


# All of a set


def test_all_of_a_set_is_complete_only_with_every_member():
    progress = stack_progress(APL_I_II, {"CE", "AL", "MLSS", "CLRI", "FE"})
    assert progress == StackProgress(
        complete=True,
        counted=("CE", "AL", "MLSS", "CLRI", "FE"),
        missing=(),
        needed=0,
        next_step="You have completed APL I-II.",
    )


def test_all_of_a_set_lists_each_missing_member_by_name_in_the_stacks_order():
    progress = stack_progress(APL_I_II, {"FE", "AL"})
    assert not progress.complete
    assert progress.counted == ("AL", "FE")
    assert progress.missing == (
        "Classroom Environment",
        "Multi-Layered Systems of Support",
        "Culturally Linguistically Responsive Instruction",
    )
    assert progress.needed == 3
    assert progress.next_step == "Pass next: Classroom Environment."


def test_one_member_short_needs_one():
    progress = stack_progress(APL_I_II, {"CE", "AL", "MLSS", "CLRI"})
    assert (progress.complete, progress.needed, progress.missing) == (
        False,
        1,
        ("Family Engagement",),
    )


def test_extra_codes_beyond_an_all_stack_do_not_count():
    progress = stack_progress(APL_I_II, {"CE", "AL", "MLSS", "CLRI", "FE", "SEL", "RP"})
    assert progress.complete
    assert progress.counted == ("CE", "AL", "MLSS", "CLRI", "FE")


# n of a set


def test_n_of_a_set_completes_with_any_n():
    for earned in ({"CE", "AL", "SEL"}, {"AL", "SEL", "RP"}, {"CE", "RP", "SEL"}):
        progress = stack_progress(THREE_OF_FOUR, earned)
        assert progress.complete, earned
        assert progress.needed == 0
        assert progress.missing == ()
        assert progress.next_step == "You have completed Coaching."


def test_n_of_a_set_counts_every_member_met_even_beyond_n():
    progress = stack_progress(THREE_OF_FOUR, {"CE", "AL", "SEL", "RP"})
    assert progress.complete
    assert progress.counted == ("CE", "AL", "SEL", "RP")


def test_n_of_a_set_short_lists_every_unmet_member_and_how_many_more():
    progress = stack_progress(THREE_OF_FOUR, {"SEL"})
    assert not progress.complete
    assert progress.counted == ("SEL",)
    assert progress.needed == 2
    assert progress.missing == (
        "Classroom Environment",
        "Assessment Literacy",
        "Restorative Practices",
    )
    assert progress.next_step == (
        "Pass 2 more of: Classroom Environment; Assessment Literacy; Restorative Practices."
    )


def test_n_of_a_set_one_short():
    progress = stack_progress(THREE_OF_FOUR, {"CE", "RP"})
    assert (progress.complete, progress.needed) == (False, 1)
    assert progress.next_step == "Pass 1 more of: Assessment Literacy; Social Emotional Learning."


def test_n_of_counts_slots_as_requirements():
    definition = StackDefinition(
        code="X",
        name="X",
        rule="n_of",
        n=2,
        members=("CE", "AL"),
        slots=(Slot("Choice", ("RP", "VDC")),),
        names=NAMES,
    )
    assert stack_progress(definition, {"CE", "VDC"}).complete
    assert stack_progress(definition, {"CE", "VDC"}).counted == ("CE", "VDC")
    assert not stack_progress(definition, {"RP", "VDC"}).complete  # one slot, one requirement
    assert stack_progress(definition, {"RP", "VDC"}).needed == 1


def test_n_equal_to_every_requirement_is_all_of_them():
    definition = StackDefinition(code="X", name="X", rule="n_of", n=2, members=("CE", "AL"))
    assert not stack_progress(definition, {"CE"}).complete
    assert stack_progress(definition, {"CE", "AL"}).complete


# Choice slots


def test_choice_slots_need_different_micro_credentials():
    progress = stack_progress(APL_II_III, {"SEL", "NMEA", "RP"})
    assert not progress.complete
    assert progress.counted == ("SEL", "NMEA", "RP")
    assert progress.needed == 1
    assert progress.missing == (
        "Elective 2: one of Restorative Practices, Vocabulary Development through Cognates "
        "or Engaging Students in Learning",
    )
    assert progress.next_step == (
        "Pass next: Elective 2: one of Restorative Practices, Vocabulary Development "
        "through Cognates or Engaging Students in Learning."
    )


def test_two_electives_and_the_required_complete_the_programme():
    progress = stack_progress(APL_II_III, {"SEL", "NMEA", "ESL", "VDC"})
    assert progress.complete
    assert progress.counted == ("SEL", "NMEA", "VDC", "ESL")  # slot order, options' order


def test_electives_alone_do_not_complete_the_required_part():
    progress = stack_progress(APL_II_III, {"RP", "VDC", "ESL"})
    assert not progress.complete
    assert progress.needed == 2
    assert progress.missing == ("Social Emotional Learning", "New Mexico Education Acts")
    assert progress.counted == ("RP", "VDC")


def test_slots_are_matched_so_the_most_are_filled():
    # Greedy would give CE to the first slot and leave the second empty.
    definition = StackDefinition(
        code="X",
        name="X",
        slots=(Slot("First", ("CE", "AL")), Slot("Second", ("CE",))),
        names=NAMES,
    )
    progress = stack_progress(definition, {"CE", "AL"})
    assert progress.complete
    assert progress.counted == ("AL", "CE")


def test_matching_reassigns_through_a_chain():
    definition = StackDefinition(
        code="X",
        name="X",
        slots=(Slot("A", ("CE", "AL")), Slot("B", ("CE", "FE")), Slot("C", ("CE",))),
    )
    assert stack_progress(definition, {"CE", "AL", "FE"}).counted == ("AL", "FE", "CE")
    short = stack_progress(definition, {"CE", "AL"})
    assert short.counted == ("AL", "CE")
    assert short.missing == ("C: CE",)


def test_an_empty_slot_is_described_with_its_only_option():
    definition = StackDefinition(
        code="X", name="X", slots=(Slot("Capstone", ("CE",)),), names=NAMES
    )
    assert stack_progress(definition, set()).missing == ("Capstone: Classroom Environment",)


def test_a_slot_of_two_options_reads_either_or():
    definition = StackDefinition(
        code="X", name="X", slots=(Slot("Choice", ("CE", "AL")),), names=NAMES
    )
    assert stack_progress(definition, set()).missing == (
        "Choice: one of Classroom Environment or Assessment Literacy",
    )


def test_arkansas_style_micro_endorsement_with_one_choice_slot():
    definition = StackDefinition(
        code="LPE-1",
        name="Lead Professional Educator micro-endorsement",
        members=("CE", "AL", "MLSS"),
        slots=(Slot("Choice", ("SEL", "RP")),),
    )
    assert not stack_progress(definition, {"CE", "AL", "MLSS"}).complete
    assert stack_progress(definition, {"CE", "AL", "MLSS", "RP"}).complete


# One micro-credential, two stacks


def test_a_micro_credential_counts_in_two_stacks():
    mentor = StackDefinition(code="MENTOR", name="Mentor", members=("CE", "SEL"))
    earned = {"CE", "AL", "MLSS", "CLRI", "FE", "SEL"}
    assert stack_progress(APL_I_II, earned).complete
    assert stack_progress(mentor, earned).complete
    assert "CE" in stack_progress(APL_I_II, earned).counted
    assert "CE" in stack_progress(mentor, earned).counted


# Duplicates


def test_a_micro_credential_counts_once_within_a_stack():
    # CE is a member and a slot option: it meets the member, not the slot as well.
    definition = StackDefinition(
        code="X", name="X", members=("CE",), slots=(Slot("Choice", ("CE", "AL")),), names=NAMES
    )
    progress = stack_progress(definition, {"CE"})
    assert not progress.complete
    assert progress.counted == ("CE",)
    assert progress.missing == ("Choice: one of Classroom Environment or Assessment Literacy",)
    assert stack_progress(definition, {"CE", "AL"}).complete


def test_repeated_earned_codes_count_once():
    progress = stack_progress(APL_I_II, ["CE", "CE", "ce ", "AL"])
    assert progress.counted == ("CE", "AL")
    assert progress.needed == 3


def test_repeated_members_and_options_in_a_definition_collapse():
    definition = StackDefinition(
        code="X", name="X", members=("CE", "ce", "AL"), slots=(Slot("S", ("FE", "FE")),)
    )
    assert definition.members == ("CE", "AL")
    assert definition.slots == (Slot("S", ("FE",)),)
    assert definition.requirement_count == 3
    assert stack_progress(definition, {"CE", "AL"}).needed == 1


# Unknown codes and empty sets


def test_unknown_earned_codes_are_ignored():
    progress = stack_progress(APL_I_II, {"NOPE", "XX"})
    assert progress.counted == ()
    assert progress.needed == 5


def test_codes_compare_without_case_or_spaces():
    assert stack_progress(APL_I_II, {" ce", "al ", "Mlss", "clri", "fe"}).complete
    assert normalise("  mlss ") == "MLSS"


def test_a_code_without_a_name_is_described_by_its_code():
    definition = StackDefinition(code="X", name="X", members=("ZZ",))
    assert stack_progress(definition, set()).missing == ("ZZ",)
    assert definition.name_of("ZZ") == "ZZ"


def test_names_are_looked_up_whatever_their_case():
    definition = StackDefinition(code="X", name="X", members=("ce",), names={"ce": "Classroom"})
    assert stack_progress(definition, set()).missing == ("Classroom",)


def test_nothing_earned_means_every_requirement_is_missing():
    progress = stack_progress(APL_II_III, set())
    assert progress.counted == ()
    assert progress.needed == 4
    assert len(progress.missing) == 4
    assert progress.next_step == "Pass next: Social Emotional Learning."


@pytest.mark.parametrize(
    "kwargs, problem",
    [
        ({}, "a stack needs at least one micro-credential or choice slot."),
        ({"members": ("CE",), "rule": "some"}, "the rule must be one of all, n_of, not 'some'."),
        ({"slots": (Slot("Empty", ()),)}, "the choice slot 'Empty' offers no micro-credential."),
        ({"members": ("CE",), "n": 1}, "n is only for the rule n_of."),
        ({"members": ("CE",), "rule": "n_of"}, "the rule n_of needs n of at least 1."),
        ({"members": ("CE",), "rule": "n_of", "n": 0}, "the rule n_of needs n of at least 1."),
        (
            {"members": ("CE", "AL"), "slots": (Slot("S", ("FE",)),), "rule": "n_of", "n": 4},
            "n is 4 but the stack has only 3 requirements.",
        ),
    ],
)
def test_a_definition_that_cannot_be_a_stack_is_refused(kwargs, problem):
    with pytest.raises(ValueError) as raised:
        StackDefinition(code="BAD", name="Bad", **kwargs)
    assert str(raised.value) == f"Stack BAD: {problem}"


def test_a_sound_definition_has_no_problem():
    assert definition_problem(APL_II_III) is None
    assert definition_problem(THREE_OF_FOUR) is None
    assert APL_II_III.requirement_count == 4
    assert APL_II_III.target == 4
    assert THREE_OF_FOUR.target == 3


def test_stack_progress_reads_a_model_through_its_definition():
    class Loaded:
        definition = APL_I_II

    assert stack_progress(Loaded(), {"CE", "AL", "MLSS", "CLRI", "FE"}).complete


def test_progress_is_frozen():
    progress = stack_progress(APL_I_II, set())
    with pytest.raises(AttributeError):
        progress.complete = True


def _most_slots_filled(slots, earned):
    """Brute force: the most slots distinct earned codes can fill."""
    from itertools import product

    best = 0
    for choice in product(*[[None, *[c for c in s.options if c in earned]] for s in slots]):
        used = [c for c in choice if c is not None]
        if len(used) == len(set(used)):
            best = max(best, len(used))
    return best


def test_slot_matching_fills_as_many_as_brute_force_does():
    import random

    rng = random.Random(16)
    codes = ["A", "B", "C", "D", "E"]
    for _ in range(400):
        slots = tuple(
            Slot(f"S{i}", tuple(rng.sample(codes, rng.randint(1, 3))))
            for i in range(rng.randint(1, 4))
        )
        earned = set(rng.sample(codes, rng.randint(0, 5)))
        definition = StackDefinition(code="X", name="X", slots=slots)
        progress = stack_progress(definition, earned)
        assert len(progress.counted) == _most_slots_filled(slots, earned), (slots, earned)
        assert len(set(progress.counted)) == len(progress.counted)
        assert set(progress.counted) <= earned


def test_any_one_of_a_set_is_a_stack():
    definition = StackDefinition(code="ONE", name="Any one", rule="n_of", n=1, members=("CE", "AL"))
    assert definition_problem(definition) is None
    assert stack_progress(definition, {"AL"}).complete
    assert not stack_progress(definition, set()).complete
