"""Reading a survey export: dialects, encodings, aggregates, and every bad row by line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.survey_csv import (
    SurveyColumns,
    SurveyTextError,
    decode_survey,
    parse_survey_csv,
    read_header,
    sniff_delimiter,
)
from opstui.domain.surveys import (
    Aggregate,
    AggregateKind,
    Scale,
    group_tag,
    parse_aggregate,
    parse_scale,
)
from opstui.domain.values import Sentiment

MEAN = Aggregate(AggregateKind.MEAN)
TOP2 = Aggregate(AggregateKind.TOP2)

GOOD = (
    "Name,Team,Q3,Why\n"
    "Ana,Product,2,Finding someone with time\n"
    "Bo,Engineering,4,\n"
    ",Design,,Skipped the question but said this\n"
    "Di,Product,5,Works fine\n"
)


def columns(**more: object) -> SurveyColumns:
    return SurveyColumns("q3", comments=("why",), **more)  # type: ignore[arg-type]


def test_mean_counts_only_rows_with_an_answer() -> None:
    parsed = parse_survey_csv(GOOD, columns(), MEAN)
    assert parsed.ok and parsed.respondents == 3
    assert parsed.value == pytest.approx(11 / 3)
    # A comment without an answer is still a comment.
    assert [c.text for c in parsed.comments] == [
        "Finding someone with time",
        "Skipped the question but said this",
        "Works fine",
    ]
    assert [c.line for c in parsed.comments] == [2, 4, 5]


def test_top2_is_the_percent_in_the_scale_s_top_two_points() -> None:
    parsed = parse_survey_csv(GOOD, columns(), TOP2)
    assert parsed.value == pytest.approx(200 / 3)  # 4 and 5 of 2, 4, 5
    ten = parse_survey_csv("q3\n9\n8\n10\n3\n", SurveyColumns("Q3"), TOP2, Scale(0, 10))
    assert ten.value == 50


def test_share_counts_one_answer_ignoring_case() -> None:
    text = "Uses it weekly\nYes\n yes \nNo\nyES\n\nmaybe\n"
    parsed = parse_survey_csv(text, SurveyColumns("uses it weekly"), parse_aggregate("share=YES"))
    assert parsed.respondents == 5 and parsed.value == 60


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_excel_dialects_are_read(separator: str) -> None:
    text = GOOD.replace(",", separator).replace("\n", "\r\n")
    parsed = parse_survey_csv(text, columns(), MEAN)
    assert parsed.ok and parsed.delimiter == separator and parsed.respondents == 3


def test_a_decimal_comma_is_read_where_semicolons_part_fields() -> None:
    parsed = parse_survey_csv("Hours;Note\n1,5;a\n2,5;b\n", SurveyColumns("hours"), MEAN)
    assert parsed.value == 2


@pytest.mark.parametrize(
    "data",
    [
        GOOD.encode("utf-8"),
        b"\xef\xbb\xbf" + GOOD.encode("utf-8"),
        GOOD.encode("utf-16"),  # with its byte order mark
        GOOD.encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be"],
)
def test_encodings_with_and_without_a_mark(data: bytes) -> None:
    assert parse_survey_csv(decode_survey(data), columns(), MEAN).respondents == 3


def test_latin1_is_refused_in_plain_words() -> None:
    with pytest.raises(SurveyTextError, match="not UTF-8 text"):
        decode_survey("Équipe,Q3\né,4\n".encode("latin-1"))


def test_every_bad_row_is_named_by_line() -> None:
    text = "Name,Q3,Why\nAna,4,fine\nBo,four,\nCy,7,too high\nDi,4.5,half\nEd,3,a,b\n\nFa,nan,\n"
    parsed = parse_survey_csv(text, columns(), TOP2)
    assert [str(p) for p in parsed.problems] == [
        "line 3: answer 'four' is not a number",
        "line 4: answer '7' is outside the scale 1-5",
        "line 5: answer '4.5' is not a whole point of the scale 1-5",
        "line 6: 4 fields where the header has 3 (1 too many; quote a comment that holds "
        "the separator)",
        "line 8: answer 'nan' is not a number",
    ]
    assert parsed.value is None and not parsed.ok


def test_mean_without_a_scale_takes_any_number_and_with_one_checks_it() -> None:
    text = "Q3\n12\n-3\n"
    assert parse_survey_csv(text, SurveyColumns("Q3"), MEAN).value == 4.5
    bad = parse_survey_csv(text, SurveyColumns("Q3"), MEAN, Scale(1, 5))
    assert [p.line for p in bad.problems] == [2, 3]


def test_unknown_and_doubled_columns_are_named_with_the_header() -> None:
    parsed = parse_survey_csv(GOOD, SurveyColumns("Q4", comments=("why", "How")), MEAN)
    assert [str(p) for p in parsed.problems] == [
        "line 1: unknown column 'Q4'; the header has 'Name', 'Team', 'Q3', 'Why'",
        "line 1: unknown column 'How'; the header has 'Name', 'Team', 'Q3', 'Why'",
    ]
    doubled = parse_survey_csv("Q3,q3\n1,2\n", SurveyColumns("Q3"), MEAN)
    assert [str(p) for p in doubled.problems] == [
        "line 1: column 'Q3' appears 2 times in the header"
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "line 1: the file is empty; expected a header line"),
        ("\n \n", "line 1: the file is empty; expected a header line"),
        ("Q3,Why\n,only a comment\n", "line 3: no answers in the column 'Q3'"),
        ('Q3,Why\n4,"never closed\n', "cannot be read as CSV"),
    ],
)
def test_files_that_hold_nothing_to_import(text: str, said: str) -> None:
    parsed = parse_survey_csv(text, SurveyColumns("Q3", comments=("Why",)), MEAN)
    assert said in " ".join(str(p) for p in parsed.problems)


def test_hostile_text_is_cleaned_of_control_characters_but_kept_as_text() -> None:
    evil = "\x1b]52;c;cHduZWQ=\x07ok \x1b[31mred\x1b[0m \x9b2J [bold red]x[/] done"
    text = f'Name,Q3,Why\n"Ana\x1b[2J",4,"{evil}"\n'
    parsed = parse_survey_csv(text, columns(name="Name"), MEAN)
    [comment] = parsed.comments
    assert "\x1b" not in comment.text and "\x9b" not in comment.text and "\x07" not in comment.text
    assert "[bold red]x[/]" in comment.text and comment.name.startswith("Ana")
    assert "\x1b" not in comment.name


def test_the_header_is_read_for_the_dialog() -> None:
    assert read_header("a;b;c\n1;2;3\n") == (["a", "b", "c"], ";")
    assert read_header("") == ([], ",")
    assert sniff_delimiter("one column") == ","
    # A ";" inside a question does not make the file semicolon-separated.
    assert sniff_delimiter("How often; weekly?,Why\n4,a\n5,b\n") == ","
    assert sniff_delimiter("Q3;Why\n4,5;a\n") == ";"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mean", Aggregate(AggregateKind.MEAN)),
        (" TOP2 ", Aggregate(AggregateKind.TOP2)),
        ("share=Yes", Aggregate(AggregateKind.SHARE, "Yes")),
        ("share= every week ", Aggregate(AggregateKind.SHARE, "every week")),
    ],
)
def test_aggregates_as_typed(typed: str, expected: Aggregate) -> None:
    assert parse_aggregate(typed) == expected


@pytest.mark.parametrize("typed", ["median", "share", "share=", "top2=4", ""])
def test_unknown_aggregates_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not mean, top2 or share=VALUE"):
        parse_aggregate(typed)


def test_scales() -> None:
    assert parse_scale("0-10") == Scale(0, 10)
    for bad in ("5", "1-2", "a-b", "5-1"):
        with pytest.raises(ValueError):
            parse_scale(bad)
    assert [Scale().sentiment(v) for v in (1, 2, 3, 4, 5)] == list(Sentiment)
    assert Scale(0, 10).sentiment(10) is Sentiment.VERY_POSITIVE


def test_a_group_tag_fits_a_tag() -> None:
    assert group_tag("  Go to   market ") == "group:Go to market"
    assert len(group_tag("x" * 100)) == 60


@given(st.text(max_size=300))
def test_any_text_gives_a_result_or_problems_never_an_error(text: str) -> None:
    parsed = parse_survey_csv(text, SurveyColumns("Q3", comments=("Why",)), TOP2)
    assert parsed.ok or parsed.problems
    assert all(p.line >= 1 for p in parsed.problems)
