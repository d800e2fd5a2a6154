"""The quarterly table and summary, as the brief defines them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.formats import to_csv
from reporting.selectors import (
    ReportError,
    parse_as_of,
    percent_half_up,
    programme_named,
    quarterly_report,
)
from tests.factories import EducatorFactory, IntentFactory, programme
from tests.reporting.conftest import AS_OF, enrol


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(179, 240, 75), (1, 8, 13), (3, 8, 38), (1, 200, 1), (0, 5, 0), (5, 5, 100), (2, 3, 67)],
)
def test_percent_passing_rounds_half_up(part, whole, expected):
    assert percent_half_up(part, whole) == expected


def test_percent_passing_of_nothing_is_none():
    assert percent_half_up(0, 0) is None


def test_table_has_na_cells_empty_open_quarter_and_skips_later_cohorts(small_history):
    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    assert report.table() == [
        ["APL I-II Micro-Credentials", "Q1/24", "Q2/24", "Q3/24", "Q4/24"],
        ["Classroom Environment", "3", "0", "N/A", "2"],
        ["Assessment Literacy", "N/A", "3", "N/A", "N/A"],
        ["Total Enrollment", "3", "3", "0", "2"],
        ["Total Completed", "2", "1", "0", ""],
        ["Percent Passing", "67%", "33%", "N/A", ""],
    ]


def test_csv_is_the_table_a_blank_line_and_the_summary(small_history):
    csv = to_csv(quarterly_report(programme=programme("APL I-II"), as_of=AS_OF))
    assert csv == (
        "APL I-II Micro-Credentials,Q1/24,Q2/24,Q3/24,Q4/24\n"
        "Classroom Environment,3,0,N/A,2\n"
        "Assessment Literacy,N/A,3,N/A,N/A\n"
        "Total Enrollment,3,3,0,2\n"
        "Total Completed,2,1,0,\n"
        "Percent Passing,67%,33%,N/A,\n"
        "\n"
        "Educators enrolled or requested,8\n"
        "Educators completed,0\n"
        "Educators projected to complete in Q4/24,0\n"
        "Percent passing first closed quarter (Q1/24),67%\n"
        "Percent passing latest closed quarter (Q3/24),N/A\n"
    )


def test_as_of_in_the_first_quarter_has_no_percent_lines(small_history):
    report = quarterly_report(programme=programme("APL I-II"), as_of=parse_as_of("2023-08-01"))
    assert report.table()[-3:] == [
        ["Total Enrollment", "3"],
        ["Total Completed", ""],
        ["Percent Passing", ""],
    ]
    labels = [label for label, _ in report.summary.lines()]
    assert not any(label.startswith("Percent passing") for label in labels)


def test_as_of_before_the_programme_began_is_refused(small_history):
    with pytest.raises(ReportError, match="before the program began"):
        quarterly_report(programme=programme("APL I-II"), as_of=parse_as_of("2023-06-30"))


def test_unknown_programme_and_bad_date_are_refused(db):
    with pytest.raises(ReportError, match="Unknown program"):
        programme_named("APL IV")
    with pytest.raises(ReportError, match="not a date"):
        parse_as_of("15/05/2024")


@pytest.fixture
def apl_ii_iii(db):
    """Completion needs both required micro-credentials and four distinct passes."""
    people = {}

    def educator(name, passed, now=None):
        profile = EducatorFactory()
        for code, quarter in zip(passed, ["Q1/24", "Q2/24", "Q3/24", "Q3/24"], strict=False):
            enrol(profile, code, quarter, "passed")
        if now:
            enrol(profile, now, "Q4/24", "enrolled")
        people[name] = profile
        return profile

    educator("completed", ["SEL", "NMEA", "RP", "VDC"])
    educator("four_without_nmea_now_in_nmea", ["SEL", "RP", "VDC"], now="NMEA")
    educator("three_now_in_fourth", ["SEL", "NMEA", "RP"], now="VDC")
    educator("three_electives_route_blocked", ["SEL", "RP", "VDC"], now="ESL")
    educator("two_now_in_third", ["SEL", "NMEA"], now="RP")
    IntentFactory(educator=EducatorFactory(), programme=programme("APL II-III"), submitted_on=AS_OF)
    IntentFactory(
        educator=EducatorFactory(),
        programme=programme("APL II-III"),
        submitted_on=parse_as_of("2024-05-16"),
    )
    later = EducatorFactory()
    enrol(later, "SEL", "Q1/25", "enrolled")
    IntentFactory(
        educator=people["completed"],
        programme=programme("APL II-III"),
        submitted_on=parse_as_of("2023-06-01"),
    )
    return people


def test_summary_counts_distinct_educators_completion_and_projection(apl_ii_iii):
    summary = quarterly_report(programme=programme("APL II-III"), as_of=AS_OF).summary
    # Five enrolled educators, one intent on the as-of date; not the intent after it, nor
    # the educator whose only cohort is after the as-of quarter.
    assert summary.enrolled_or_requested == 6
    assert summary.completed == 1
    # NMEA would complete the first; VDC the second; ESL would be a third elective.
    assert summary.projected == 2
    assert str(summary.current_quarter) == "Q4/24"


def test_query_count_does_not_grow_with_enrolments_educators_or_quarters(small_history):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
        return len(ctx.captured_queries)

    before = count_queries()
    for quarter in ("Q2/23", "Q3/23", "Q4/23"):
        for code in ("CE", "AL", "MLSS"):
            for status in ("passed", "not_passed", "enrolled"):
                educator = EducatorFactory()
                enrol(educator, code, quarter, status)
                IntentFactory(educator=educator, submitted_on=parse_as_of("2022-06-01"))
    assert count_queries() == before
    assert before <= 6  # 4 on SQLite (one reads the stack); PostgreSQL adds its settings


def test_a_programme_without_enrolments_or_intents_reports_no_educators(db):
    from apl.quarters import Quarter
    from tests.factories import CohortFactory, micro_credential

    CohortFactory(micro_credential=micro_credential("SEL"), quarter=Quarter.parse("Q3/24"))
    report = quarterly_report(programme=programme("APL II-III"), as_of=AS_OF)
    summary = report.summary
    assert (summary.enrolled_or_requested, summary.completed, summary.projected) == (0, 0, 0)
    assert [c.quarter.label for c in report.columns] == ["Q3/24", "Q4/24"]


def test_a_programme_is_found_by_its_name_with_spaces_around(db):
    assert programme_named("  APL I-II ") == programme("APL I-II")


@pytest.mark.parametrize("name", ["", None, "APL IV"])
def test_an_unknown_programme_is_refused_with_the_names_to_choose_from(db, name):
    with pytest.raises(ReportError) as refused:
        programme_named(name)
    assert str(refused.value) == (f"Unknown program {name!r}; choose one of: APL I-II, APL II-III.")


@pytest.mark.parametrize("value", ["", None, "2024-13-01"])
def test_a_bad_as_of_date_is_refused_with_the_format(value):
    with pytest.raises(ReportError) as refused:
        parse_as_of(value)
    assert str(refused.value) == (
        f"{value!r} is not a date; write the as-of date as YYYY-MM-DD, e.g. 2024-05-15."
    )


def test_an_as_of_date_may_have_spaces_around():
    assert str(parse_as_of(" 2024-05-15 ")) == "2024-05-15"


def test_the_latest_closed_quarter_reports_its_own_percent(small_history):
    for status in ("passed", "not_passed"):
        enrol(EducatorFactory(), "CE", "Q3/24", status)
    summary = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF).summary
    lines = dict(summary.lines())
    assert lines["Percent passing first closed quarter (Q1/24)"] == "67%"
    assert lines["Percent passing latest closed quarter (Q3/24)"] == "50%"
    assert summary.latest_closed.percent_passing == 50


def test_an_as_of_date_outside_the_fiscal_years_is_refused(db):
    import datetime as dt

    with pytest.raises(ReportError) as refused:
        quarterly_report(programme=programme("APL I-II"), as_of=dt.date(2100, 1, 1))
    assert str(refused.value) == "2100-01-01: Fiscal year 2100 is outside 2000–2099."


def test_rows_follow_the_catalogue_position_not_the_order_of_creation(small_history):
    from catalogue.models import MicroCredential

    mcs = MicroCredential.objects.filter(programme=programme("APL I-II"))
    first = mcs.order_by("position", "id").first()
    MicroCredential.objects.filter(pk=first.pk).update(position=999)
    report = quarterly_report(programme=programme("APL I-II"), as_of=AS_OF)
    codes = [row.code for row in report.rows]
    assert codes[-1] == first.code
    ordered = mcs.order_by("position", "id").values_list("code", flat=True)
    assert codes == [code for code in ordered if code in codes]


@pytest.mark.parametrize(("count", "refused"), [(62, False), (63, True)])
def test_a_programme_of_up_to_62_micro_credentials_can_be_counted(db, count, refused):
    from apl.quarters import Quarter
    from reporting.selectors import REQUIRED, _educator_counts

    apl = programme("APL I-II")
    mcs = [(10_000 + n, f"M{n}", f"M {n}", REQUIRED) for n in range(count)]
    current = Quarter.containing(AS_OF)
    counts = {
        "programme": apl,
        "as_of": AS_OF,
        "current": current,
        "mcs": mcs,
        "cohort_list": [(20_000 + n, mc[0], current) for n, mc in enumerate(mcs)],
    }
    if refused:
        with pytest.raises(ReportError) as error:
            _educator_counts(**counts)
        assert str(error.value) == ("APL I-II has more micro-credentials than the report can test.")
    else:
        assert _educator_counts(**counts) == (0, 0, 0)


def test_the_report_names_its_programme_date_and_each_rows_kind(apl_ii_iii):
    from catalogue.models import MicroCredential

    apl = programme("APL II-III")
    report = quarterly_report(programme=apl, as_of=AS_OF)
    assert (report.programme, report.programme_slug, report.as_of) == (apl.name, apl.slug, AS_OF)
    kinds = dict(MicroCredential.objects.filter(programme=apl).values_list("code", "kind"))
    names = dict(MicroCredential.objects.filter(programme=apl).values_list("code", "name"))
    assert {row.elective for row in report.rows} == {True, False}
    for row in report.rows:
        elective = kinds[row.code] != MicroCredential.Kind.REQUIRED
        assert row.elective is elective
        assert row.label == (f"{names[row.code]} (Elective)" if elective else names[row.code])


def test_an_as_of_date_before_the_first_cohort_says_so(small_history):
    with pytest.raises(ReportError) as refused:
        quarterly_report(programme=programme("APL I-II"), as_of=parse_as_of("2023-06-30"))
    assert str(refused.value) == (
        "APL I-II had no cohort by 2023-06-30: the as-of date is before the program began."
    )
