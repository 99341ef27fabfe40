"""The HTML page: read back by a real HTML parser (html5lib, as a browser reads it), its
structure does not change whatever people typed, every text shows as itself, and the
page holds nothing but the allowed elements: no script, no remote resource."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from opstui.db.store import Store, load_facts, load_session_facts
from opstui.demo import DEMO_TODAY
from opstui.domain.playbook import Playbook
from opstui.export import (
    InitiativeBundle,
    SessionBundle,
    available_playbooks,
    initiative_bundle,
    render_initiative,
    render_session,
    session_bundle,
)
from opstui.export.document import read_markdown
from opstui.export.html_page import CSP, render_html
from tests.demo_cache import build_demo
from tests.unit.test_export_golden import check_golden
from tests.unit.test_export_markdown import NASTY, Sample, sample, seen_as

#: Every element the page may hold, and the attributes each may have.
ALLOWED: dict[str, set[str]] = {
    "html": {"lang"},
    "head": set(),
    "meta": {"charset", "http-equiv", "content", "name"},
    "title": set(),
    "style": set(),
    "body": set(),
    **{f"h{n}": set() for n in range(1, 7)},
    "p": set(),
    "ul": set(),
    "li": set(),
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": set(),
    "td": set(),
    "strong": set(),
    "a": {"href", "rel"},
    "br": set(),
}

HOSTILE = [
    *NASTY,
    "[bold red]x[/] [link=https://evil.example]y[/link]",
    "<script>alert(1)</script>",
    "</td></tr></table><h1>fake</h1>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "<iframe src=//evil.example></iframe><object data=x></object>",
    "<link rel=stylesheet href=https://evil.example/x.css><style>@import url(//e.x)</style>",
    "osc52 \x1b]52;c;aGVsbG8=\x07 csi \x9b31m c1 \x85\x90 esc \x1b[2J",
    "rtl \u202eevil\u202c and \u2066isolate\u2069",
    "emoji 👩‍💻🎉 CJK 会议记录 한국어",
    "&lt;b&gt; &amp;amp; &#60;",
]


def parse(page: str) -> Element:
    tree: Element = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    return tree


def text_of(element: Element) -> str:
    """What a reader sees of an element: its text, a line break as a space."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "br" else text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def shape(root: Element) -> list[str]:
    """The elements in order, without the line breaks and links that text may bring (text
    of several lines has breaks; a web or mail address is a link, checked in
    ``check_page``)."""
    return [element.tag for element in root.iter() if element.tag not in ("br", "a")]


def check_page(page: str) -> Element:
    """The page parses without an error, holds only allowed elements and attributes, and
    loads nothing."""
    strict = html5lib.HTMLParser()
    strict.parse(page)
    assert strict.errors == []
    root = parse(page)
    styles = 0
    for element in root.iter():
        assert isinstance(element.tag, str), page  # no comment, no processing instruction
        assert element.tag in ALLOWED, element.tag
        for name, value in element.attrib.items():
            assert name in ALLOWED[element.tag], (element.tag, name)
            assert not name.lower().startswith("on")
            if element.tag == "a" and name == "href":
                assert value.startswith(("http://", "https://", "mailto:")), value
                assert element.get("rel") == "noopener noreferrer"
            else:
                assert "http" not in value.lower() and "//" not in value, (name, value)
        if element.tag == "style":
            styles += 1
            css = (element.text or "").lower()
            assert "url(" not in css and "@import" not in css and "http" not in css
        if element.tag == "meta" and element.get("http-equiv"):
            assert element.get("content") == CSP
    assert styles == 1
    return root


def notes_page(data: Sample) -> str:
    return render_session(
        SessionBundle(data.facts, data.session, data.agenda, data.playbook), "html"
    )


def report_page(data: Sample) -> str:
    return render_initiative(InitiativeBundle(data.facts, {"custom": data.playbook}), "html")


BASELINE = sample("plain words")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_keeps_the_structure_and_shows_as_itself(text: str) -> None:
    data = sample(text)
    for page, baseline in (
        (notes_page(data), notes_page(BASELINE)),
        (report_page(data), report_page(BASELINE)),
    ):
        root = check_page(page)
        assert shape(root) == shape(parse(baseline))
        expected = seen_as(text)
        if expected:
            seen = [text_of(e).replace("http://www.", "www.") for e in root.iter()]
            assert any(expected in one for one in seen), expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("<>&\"'#-*_`[]|\\/=:;. \n\x1b\x9b\u202e")),
            st.characters(codec="utf-8"),
        ),
        max_size=40,
    )
)
def test_any_text_keeps_the_page_clean(text: str) -> None:
    assume(seen_as(text))
    data = sample(text)
    root = check_page(notes_page(data))
    assert shape(root) == shape(parse(notes_page(BASELINE)))


def test_no_control_character_reaches_the_page() -> None:
    page = notes_page(sample("\x1b]52;c;aGk=\x07 \x9b \u202e \x00"))
    assert not any(ord(c) < 32 and c != "\n" for c in page)
    assert not any(0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E for c in page)


def test_addresses_become_links_and_nothing_else_does() -> None:
    text = "see https://x.org/a?b=1&c=2 or mailto:me@x.org, not javascript:alert(1)"
    root = check_page(notes_page(sample(text)))
    hrefs = {a.get("href") for a in root.iter("a")}
    assert "https://x.org/a?b=1&c=2" in hrefs and "mailto:me@x.org" in hrefs
    assert not any("javascript" in str(h) for h in hrefs)


def test_tables_have_a_head_and_a_body() -> None:
    root = check_page(report_page(BASELINE))
    tables = list(root.iter("table"))
    assert tables
    for table in tables:
        assert [child.tag for child in table] == ["thead", "tbody"]
        assert all(cell.tag == "th" for cell in table.find("thead/tr") or [])


def test_nested_lists_and_task_boxes() -> None:
    markdown = "- [x] done — **owner:** A\n  - you said: it\\*s fine\n- [ ] open\\\n  more"
    page = render_html(read_markdown(markdown))
    assert "<li>☑ done — <strong>owner:</strong> A\n  <ul>\n  <li>you said: it*s fine</li>" in page
    assert "<li>☐ open<br>more</li>" in page


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("html") / "demo.db") as store:
        build_demo(store)
        yield store


@pytest.fixture(scope="module")
def books() -> dict[str, Playbook]:
    return available_playbooks(None)


def test_every_demo_export_is_a_clean_page(demo: Store, books: dict[str, Playbook]) -> None:
    for initiative in demo.list_initiatives():
        facts = load_facts(demo, initiative.id, DEMO_TODAY)
        root = check_page(render_initiative(initiative_bundle(facts, books), "html"))
        assert text_of(next(root.iter("h1"))) == initiative.title
    for session in demo.list_sessions():
        facts, found, agenda = load_session_facts(demo, session.id, DEMO_TODAY)
        check_page(render_session(session_bundle(facts, found, agenda, books), "html"))


@pytest.mark.parametrize("fmt", ["html", "slack"])
def test_demo_report_and_notes_match_golden(
    demo: Store, books: dict[str, Playbook], fmt: str
) -> None:
    suffix = "html" if fmt == "html" else "slack.txt"
    (initiative,) = [
        i
        for i in demo.list_initiatives()
        if i.title == "Make customer interviews quick to schedule"
    ]
    facts = load_facts(demo, initiative.id, DEMO_TODAY)
    report = render_initiative(initiative_bundle(facts, books), fmt)  # type: ignore[arg-type]
    check_golden(f"report-make-customer-interviews-quick-to-schedule.{suffix}", report)
    (session_id,) = [
        s.id for s in demo.list_sessions() if s.title == "Validation: interview scheduling"
    ]
    facts, session, agenda = load_session_facts(demo, session_id, DEMO_TODAY)
    notes = render_session(session_bundle(facts, session, agenda, books), fmt)  # type: ignore[arg-type]
    check_golden(f"session-validation-interview-scheduling.{suffix}", notes)


def test_golden_pages_are_clean() -> None:
    golden = Path(__file__).parent / "golden"
    pages = sorted(golden.glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        check_page(page.read_text(encoding="utf-8"))
