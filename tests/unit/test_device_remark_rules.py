"""What a remark from a device may hold: the page's sentiments and kinds, a text that says
something in at most 2000 characters, control characters dropped and markup kept as text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.device_remarks import (
    DEVICE_SENTIMENTS,
    REMARK_LIMIT,
    QueuedRemark,
    RemarkRefused,
    device_remark,
)
from opstui.domain.session import FeedbackKind, Sentiment


def sent(text: str = "Slots help", sentiment: str = "0", kind: str = "observation") -> QueuedRemark:
    return device_remark(
        session_id="s",
        person_id=None,
        sentiment=sentiment,
        kind=kind,
        text=text,
        agenda_item_id=None,
    )


def test_the_device_scale_is_the_five_point_scale_centred_on_zero() -> None:
    assert DEVICE_SENTIMENTS == {
        "-2": Sentiment.VERY_NEGATIVE,
        "-1": Sentiment.NEGATIVE,
        "0": Sentiment.NEUTRAL,
        "1": Sentiment.POSITIVE,
        "2": Sentiment.VERY_POSITIVE,
    }
    assert sent(sentiment="-2").sentiment is Sentiment.VERY_NEGATIVE


def test_the_view_offers_what_the_rule_takes() -> None:
    from opstui.services.device_desk import DeviceView

    view = DeviceView(session_title="s", item_title="i", version="v", ended=False, vote=None)
    assert view.sentiments == tuple(DEVICE_SENTIMENTS)
    assert view.kinds == tuple(k.value for k in FeedbackKind)


@pytest.mark.parametrize(
    ("sentiment", "kind", "text", "said"),
    [
        ("3", "praise", "x", "how it felt"),
        ("+1", "praise", "x", "how it felt"),
        ("", "praise", "x", "how it felt"),
        ("1", "rant", "x", "what kind"),
        ("1", "PRAISE", "x", "what kind"),
        ("1", "praise", "", "Write something"),
        ("1", "praise", " \n\t ", "Write something"),
        ("1", "praise", "\x1b\x07\x9b", "Write something"),
        ("1", "praise", "x" * (REMARK_LIMIT + 1), "at most 2000 characters"),
    ],
)
def test_a_remark_outside_the_rules_is_refused_in_a_sentence(
    sentiment: str, kind: str, text: str, said: str
) -> None:
    with pytest.raises(RemarkRefused) as refused:
        sent(text, sentiment, kind)
    message = str(refused.value)
    assert said in message
    assert message[0].isupper() and message.endswith(".")


def test_the_limit_counts_the_text_once_cleaned() -> None:
    cleaned = sent("  " + "x" * REMARK_LIMIT + "\x1b\x07  ")
    assert cleaned.text == "x" * REMARK_LIMIT


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("[bold red]x[/]", "[bold red]x[/]"),
        ("copy \x1b]52;c;aGVsbG8=\x07 me", "copy ]52;c;aGVsbG8= me"),
        ("C1 \x9b2J \x85next", "C1 2J \nnext"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("two\nlines", "two\nlines"),
    ],
)
def test_hostile_text_is_kept_as_text_without_controls(text: str, stored: str) -> None:
    assert sent(text).text == stored


@given(st.text(min_size=1, max_size=300))
def test_no_control_character_survives(text: str) -> None:
    try:
        remark = sent(text)
    except RemarkRefused:
        return
    assert not any(
        (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in remark.text
    )


def test_accepted_it_is_feedback_said_when_it_arrived() -> None:
    remark = sent("Slots help", "2", "praise").model_copy(
        update={"person_id": "ana", "agenda_item_id": "item"}
    )
    feedback = remark.as_feedback()
    assert feedback.id != remark.id
    assert (feedback.session_id, feedback.person_id, feedback.agenda_item_id) == (
        "s",
        "ana",
        "item",
    )
    assert (feedback.sentiment, feedback.kind, feedback.text) == (
        Sentiment.VERY_POSITIVE,
        FeedbackKind.PRAISE,
        "Slots help",
    )
    assert feedback.created_at == remark.received_at
    assert not feedback.anonymous and sent().as_feedback().anonymous
