"""Reading readings from CSV: good files, and every bad row with its line and reason."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.metrics import Cohort, Reading
from opstui.domain.readings_csv import (
    ParsedReadings,
    parse_cohort,
    parse_readings_csv,
    readings_to_csv,
)

METRIC = "m-1"


def parse(text: str, existing: list[Reading] | None = None) -> ParsedReadings:
    return parse_readings_csv(text, METRIC, existing=existing or [])


def problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in parse(text).problems]


def test_a_good_file_with_every_column() -> None:
    parsed = parse(
        "date,value,cohort,note\n"
        "2026-01-31,4.5,adopters,first month\n"
        "2026-02-28,5,non-adopters,\n"
        "2026-02-28,3.25,,everyone\n"
    )
    assert parsed.ok and parsed.problems == []
    got = [(r.taken_on, r.value, r.cohort, r.note) for r in parsed.readings]
    assert got == [
        (date(2026, 1, 31), 4.5, Cohort.ADOPTERS, "first month"),
        (date(2026, 2, 28), 5.0, Cohort.NON_ADOPTERS, ""),
        (date(2026, 2, 28), 3.25, Cohort.ALL, "everyone"),
    ]
    assert all(r.metric_id == METRIC for r in parsed.readings)


def test_cohort_and_note_columns_may_be_left_out() -> None:
    parsed = parse("date,value\n2026-01-31,4\n2026-02-28,5\n")
    assert parsed.ok
    assert [r.cohort for r in parsed.readings] == [Cohort.ALL, Cohort.ALL]


def test_columns_in_any_order_and_any_case_with_bom_crlf_and_blank_lines() -> None:
    text = '\ufeffNote, Value ,DATE\r\n\r\n"says, with a comma",12%,2026-03-01\r\n'
    parsed = parse(text)
    assert parsed.ok
    (reading,) = parsed.readings
    assert reading.value == 12.0
    assert reading.note == "says, with a comma"
    assert reading.taken_on == date(2026, 3, 1)


def test_every_bad_row_is_reported_with_its_line_and_reason() -> None:
    text = (
        "date,value,cohort,note\n"  # 1
        "2026-01-31,4.5,all,fine\n"  # 2
        "31/01/2026,4,all,\n"  # 3
        "2026-02-28,lots,all,\n"  # 4
        "2026-02-28,4,martians,\n"  # 5
        ",,,\n"  # 6: blank cells only, skipped
        "2026-03-31,,all,\n"  # 7
        "2026-04-30,inf,all,\n"  # 8
        "1900-01-01,3,all,\n"  # 9
        "2026-05-31,3,all,note,extra\n"  # 10
    )
    parsed = parse(text)
    assert not parsed.ok
    lines = [p.line for p in parsed.problems]
    assert lines == [3, 4, 5, 7, 8, 9, 10]
    reasons = {p.line: p.reason for p in parsed.problems}
    assert "'31/01/2026' is not a date like" in reasons[3]
    assert "value 'lots' is not a number" in reasons[4]
    assert "cohort 'martians' is not one of all, adopters, pilot, non-adopters" in reasons[5]
    assert "value is missing" in reasons[7]
    assert "not a finite number" in reasons[8]
    assert "outside 1970-2199" in reasons[9]
    assert "5 fields where the header has 4" in reasons[10]
    # The good row is parsed, but the caller stores nothing while problems remain.
    assert len(parsed.readings) == 1


def test_a_row_with_several_mistakes_names_them_all() -> None:
    assert problems("date,value,cohort\nyesterday,many,nobody\n") == [
        (
            2,
            "date 'yesterday' is not a date like 2026-03-31; value 'many' is not a number; "
            "cohort 'nobody' is not one of all, adopters, pilot, non-adopters",
        )
    ]


def test_line_numbers_count_lines_of_a_quoted_note_that_spans_several() -> None:
    text = 'date,value,note\n2026-01-01,1,"two\nlines"\n2026-01-02,bad,\n'
    assert problems(text) == [(4, "value 'bad' is not a number")]


def test_a_file_without_header_says_so_on_line_one() -> None:
    found = problems("2026-01-31,4.5\n2026-02-28,5\n")
    assert len(found) == 1 and found[0][0] == 1
    assert "header date,value,cohort,note" in found[0][1]


def test_unknown_or_missing_columns_are_header_problems() -> None:
    found = problems("date,amount,team\n2026-01-31,4.5,x\n")
    assert [line for line, _ in found] == [1, 1, 1]
    text = " ".join(reason for _, reason in found)
    assert "unknown column 'amount'" in text and "unknown column 'team'" in text
    assert "needs value column" in text


def test_a_repeated_column_is_a_header_problem() -> None:
    assert problems("date,value,value\n2026-01-31,1,2\n") == [(1, "column 'value' appears twice")]


def test_empty_file_and_header_only_file() -> None:
    assert problems("")[0][0] == 1 and "empty" in problems("")[0][1]
    assert problems("date,value\n\n") == [(3, "no readings below the header")]


def test_the_same_day_and_cohort_twice_in_a_file_is_refused() -> None:
    text = "date,value,cohort\n2026-01-31,4,all\n2026-01-31,5,adopters\n2026-01-31,6,all\n"
    assert problems(text) == [(4, "another reading for all on 2026-01-31 (line 2)")]


def test_a_reading_already_stored_is_refused_so_a_second_import_does_not_double() -> None:
    stored = Reading(metric_id=METRIC, taken_on=date(2026, 1, 31), value=4.0)
    of_other_metric = Reading(metric_id="other", taken_on=date(2026, 2, 28), value=1.0)
    text = "date,value\n2026-01-31,4\n2026-02-28,5\n"
    parsed = parse(text, existing=[stored, of_other_metric])
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (2, "a reading for all on 2026-01-31 is already stored (value 4)")
    ]


def test_broken_quoting_is_reported_not_raised() -> None:
    found = problems('date,value,note\n2026-01-31,4,"unclosed\n')
    assert found and "cannot be read as CSV" in found[-1][1]


def test_cohort_spellings() -> None:
    assert parse_cohort("Non adopters") is Cohort.NON_ADOPTERS
    assert parse_cohort("NON_ADOPTERS") is Cohort.NON_ADOPTERS
    assert parse_cohort(" Adopter ") is Cohort.ADOPTERS
    assert parse_cohort("") is Cohort.ALL


readings_strategy = st.lists(
    st.builds(
        Reading,
        metric_id=st.just(METRIC),
        taken_on=st.dates(min_value=date(1970, 1, 1), max_value=date(2199, 12, 31)),
        value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
        cohort=st.sampled_from(list(Cohort)),
        note=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(str.strip),
    ),
    min_size=1,
    max_size=20,
    unique_by=lambda r: (r.taken_on, r.cohort),
)


@given(readings_strategy)
def test_readings_written_as_csv_read_back_the_same(readings: list[Reading]) -> None:
    parsed = parse(readings_to_csv(readings))
    assert parsed.problems == []
    assert [(r.taken_on, r.value, r.cohort, r.note) for r in parsed.readings] == [
        (r.taken_on, r.value, r.cohort, r.note) for r in readings
    ]
