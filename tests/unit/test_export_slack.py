"""Slack mrkdwn: whatever people typed cannot make a link, a mention, a ping or code, and
tables are aligned code blocks."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from opstui.export import InitiativeBundle, SessionBundle, render_initiative, render_session
from opstui.export.document import read_markdown
from opstui.export.slack import render_slack, slack_text
from tests.unit.test_export_html import HOSTILE
from tests.unit.test_export_markdown import Sample, sample

#: The only thing in angle brackets: a link the export made, to a web or mail address.
LINK = re.compile(r"<(?:https?://|mailto:)[^<>|\s]+\|[^<>]*>")
PING = re.compile(r"@(?:here|channel|everyone)\b", re.IGNORECASE)


def notes(data: Sample) -> str:
    bundle = SessionBundle(data.facts, data.session, data.agenda, data.playbook)
    return render_session(bundle, "slack")


def report(data: Sample) -> str:
    return render_initiative(InitiativeBundle(data.facts, {"custom": data.playbook}), "slack")


BASELINE = sample("plain words")


def fences(text: str) -> list[int]:
    """Where the code blocks open and close: the lines that are exactly a fence."""
    return [n for n, line in enumerate(text.splitlines()) if line == "```"]


def check_safe(text: str) -> None:
    rest = LINK.sub("", text)
    assert "<" not in rest and ">" not in rest, rest
    assert not PING.search(text)
    # Every backtick is a fence of ours, on a line of its own.
    assert text.count("`") == 3 * len(fences(text))


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "<!channel> <!here|here> <!everyone> <@U024BE7LH> <#C024BE7LH|general>",
        "@channel @here @Everyone hey",
        "<https://evil.example|click me> <mailto:x@y.org|mail>",
        "```\nbreak out\n``` and `code` and ``` inline",
        "&amp; &lt;b&gt; a&b",
    ],
)
def test_hostile_text_makes_no_link_mention_or_code(text: str) -> None:
    data = sample(text)
    for rendered, baseline in ((notes(data), notes(BASELINE)), (report(data), report(BASELINE))):
        check_safe(rendered)
        assert len(fences(rendered)) == len(fences(baseline))


def test_slack_text_escapes_slacks_three_characters_and_pings() -> None:
    assert slack_text("a & <b> @here `x`") == "a &amp; &lt;b&gt; @\u2060here ˋxˋ"
    assert slack_text("mail@here.org @hereabouts") == "mail@here.org @hereabouts"


def test_links_are_slack_links_and_only_for_addresses() -> None:
    text = render_slack(read_markdown("see <https://x.org/a?b=1&c=2> and javascript\\:alert(1)"))
    assert (
        text
        == "see <https://x.org/a?b=1&amp;c=2|https://x.org/a?b=1&amp;c=2> and javascript:alert(1)\n"
    )


def test_headings_are_bold_lines_and_bold_is_single_stars() -> None:
    text = render_slack(read_markdown("# Title \\*x\\*\n\n## Part\n\n- **Owner:** Ann\\_B"))
    assert text == "*Title *x**\n\n*Part*\n\n• *Owner:* Ann_B\n"


def test_tables_are_aligned_code_blocks_by_display_width() -> None:
    markdown = "| Name | Note |\n| --- | --- |\n| 会议 | 🎉 ok |\n| Ann | a \\| b `x` |"
    text = render_slack(read_markdown(markdown))
    lines = text.splitlines()
    assert lines[0] == "```" and lines[-1] == "```"
    body = lines[1:-1]
    assert body[0].startswith("Name | Note") and set(body[1]) <= {"-", "+"}
    separators = {cell_len(line.split(" | ")[0]) for line in body if " | " in line}
    assert separators == {4}
    assert "a | b ˋxˋ" in text


def test_nested_items_and_task_boxes() -> None:
    text = render_slack(read_markdown("- [x] done\n  - you said: it\n- [ ] open\\\n  more"))
    assert text == "• ☑ done\n    • you said: it\n• ☐ open\n  more\n"


def test_the_same_data_gives_the_same_bytes() -> None:
    assert notes(sample("x")) == notes(sample("x"))
    assert report(sample("x")) == report(sample("x"))
