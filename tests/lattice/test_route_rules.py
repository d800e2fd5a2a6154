"""A route's rules in words and as kept on an application, and each check's wording:
what an educator reads beside each prerequisite. Pure: no database."""

from lattice.rules import NBCT_ONLY, OTHER, STACK, Check, Facts, RouteRules, judge


def facts(level=2, years=3, nbct=True, masters=True):
    return Facts(license_level=level, years_at_level=years, nbct=nbct, masters=masters)


class _Stack:
    def __init__(self, complete, counted=()):
        self.complete = complete
        self.counted = counted
        self.next_step = "Pass Mentoring/Coaching Teachers."


def test_the_rules_in_words_for_each_kind_of_route():
    assert RouteRules(kind=STACK, min_license_level=2, stack_name="Mentoring").describe() == [
        "Complete the stack Mentoring.",
        "Hold a Level 2 license or higher.",
    ]
    assert RouteRules(
        kind=NBCT_ONLY, min_license_level=3, min_years_at_level=1, masters_required=True
    ).describe() == [
        "Hold a Level 3 license or higher, with at least 1 full school year at that level.",
        "Hold National Board certification.",
        "Hold a master's degree.",
    ]
    assert RouteRules(kind=OTHER, min_years_at_level=2, nbct_required=True).describe() == [
        "Held through another avenue; recorded by the state.",
        "Hold a Level 1 license or higher, with at least 2 full school years at that level.",
        "Hold National Board certification.",
    ]


def test_the_rules_kept_on_an_application_read_back_the_same():
    rules = RouteRules(
        kind=STACK,
        min_license_level=3,
        min_years_at_level=2,
        nbct_required=True,
        masters_required=True,
        stack_code="MENTORING",
        stack_name="Mentoring",
        version=4,
    )
    kept = rules.as_json()
    assert kept == {
        "kind": "stack",
        "min_license_level": 3,
        "min_years_at_level": 2,
        "nbct_required": True,
        "masters_required": True,
        "stack_code": "MENTORING",
        "stack_name": "Mentoring",
        "version": 4,
    }
    assert RouteRules.from_json(kept) == rules
    # Rules kept before a field existed read back with its default; unknown keys are left.
    assert RouteRules.from_json({"kind": "nbct_only", "retired": True}) == RouteRules(
        kind=NBCT_ONLY
    )


def test_each_check_says_what_the_records_show_when_met():
    rules = RouteRules(
        kind=NBCT_ONLY,
        min_license_level=2,
        min_years_at_level=3,
        masters_required=True,
    )
    standing = judge(rules, facts(level=3, years=3))
    assert standing.checks == [
        Check("License Level 2 or higher", True, "Your license is Level 3."),
        Check(
            "3 full school years at your license level",
            True,
            "You have 3 full school years at Level 3.",
        ),
        Check(
            "National Board certification",
            True,
            "Your profile records National Board certification.",
        ),
        Check("Master's degree", True, "Your profile records a master's degree."),
    ]
    assert standing.satisfied
    assert standing.unmet == []
    assert standing.next_step == "Apply, choosing the district you would work for in the role."


def test_each_check_says_what_is_missing_when_unmet():
    rules = RouteRules(
        kind=NBCT_ONLY, min_license_level=3, min_years_at_level=1, masters_required=True
    )
    standing = judge(rules, facts(level=2, years=0, nbct=False, masters=False))
    assert standing.checks == [
        Check(
            "License Level 3 or higher", False, "Your license is Level 2; this route needs Level 3."
        ),
        Check(
            "1 full school year at your license level",
            False,
            "You have 0 full school years at Level 2; 1 to go.",
        ),
        Check(
            "National Board certification",
            False,
            "Earn National Board certification and have it recorded on your profile.",
        ),
        Check(
            "Master's degree",
            False,
            "A master's degree is needed; have it recorded on your profile.",
        ),
    ]
    assert standing.unmet == standing.checks
    assert standing.next_step == "Your license is Level 2; this route needs Level 3."


def test_one_year_at_level_is_said_in_the_singular():
    standing = judge(RouteRules(kind=NBCT_ONLY, min_years_at_level=2), facts(level=1, years=1))
    assert standing.checks[1].detail == "You have 1 full school year at Level 1; 1 to go."


def test_no_license_on_record_explains_both_level_and_years():
    standing = judge(
        RouteRules(kind=STACK, min_years_at_level=2), Facts(None, None, False, False), _Stack(True)
    )
    assert standing.checks == [
        Check(
            "License Level 1 or higher",
            False,
            "There is no license on record; the state records licenses.",
        ),
        Check(
            "2 full school years at your license level",
            False,
            "There is no license on record to count years at level.",
        ),
    ]
    assert standing.next_step == "There is no license on record; the state records licenses."


def test_only_a_stack_route_carries_the_stack_and_its_progress():
    progress = _Stack(True, counted=("CE", "FE"))
    stack_route = judge(RouteRules(kind=STACK), facts(), progress)
    assert stack_route.stack is progress
    assert stack_route.as_json() == {
        "checks": [
            {
                "label": "License Level 1 or higher",
                "met": True,
                "detail": "Your license is Level 2.",
            }
        ],
        "stack_complete": True,
        "stack_counted": ["CE", "FE"],
    }
    nbct = judge(RouteRules(kind=NBCT_ONLY), facts(), progress)
    assert nbct.stack is None
    assert nbct.as_json()["stack_complete"] is None
    assert nbct.as_json()["stack_counted"] == []
    assert nbct.satisfied


def test_an_incomplete_stack_comes_first_and_a_complete_one_gives_way_to_the_checks():
    rules = RouteRules(kind=STACK, min_license_level=3)
    waiting = judge(rules, facts(level=2), _Stack(False))
    assert waiting.next_step == "Pass Mentoring/Coaching Teachers."
    assert not waiting.satisfied
    done = judge(rules, facts(level=2), _Stack(True))
    assert done.next_step == "Your license is Level 2; this route needs Level 3."
    assert not done.satisfied
    assert judge(rules, facts(level=3), _Stack(True)).satisfied


def test_an_other_route_has_no_checks_and_says_what_it_is_for():
    standing = judge(RouteRules(kind=OTHER), facts())
    assert standing.checks == []
    assert standing.stack is None
    assert not standing.satisfied
    assert standing.next_step == "This route records designations held through another avenue."
