"""Addresses in what people typed stay working links in every common Markdown renderer.

A backslash inside an address is taken literally (``a\\_b`` breaks ``https://x.org/a_b``
in cmark-gfm, markdown-it and pandoc), so ``markdown_safe`` writes web and mail
addresses as autolinks and escapes everything else. These tests render the output with
real renderers — markdown-it-py (CommonMark, and GFM-like with linkify), cmark-gfm
(CommonMark, and GitHub's extensions) and pandoc when installed — and check the HTML:
each address is a link to itself, the rest of the text reads exactly as typed, and no
text yields any other element.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from opstui.export import markdown_safe as md

Renderer = Callable[[list[str]], list[str]]

#: Each piece of Markdown goes in its own paragraph (or table) after this marker, so one
#: pandoc run renders a whole batch.
SEPARATOR = "\n\n<!-- next -->\n\n"
HTML_SEPARATOR = "<!-- next -->"


def _markdown_it(md_parser: MarkdownIt) -> Renderer:
    return lambda docs: md_parser.render(SEPARATOR.join(docs)).split(HTML_SEPARATOR)


def _cmark(extensions: bool) -> Renderer:
    # Raw HTML let through, so that injected HTML would show up in the output.
    convert = cmarkgfm.github_flavored_markdown_to_html if extensions else cmarkgfm.markdown_to_html
    return lambda docs: convert(SEPARATOR.join(docs), Options.CMARK_OPT_UNSAFE).split(
        HTML_SEPARATOR
    )


def _pandoc(reader: str) -> Renderer:
    def render(docs: list[str]) -> list[str]:
        done = subprocess.run(
            ["pandoc", "-f", reader, "-t", "html", "--wrap=none"],
            input=SEPARATOR.join(docs),
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout.split(HTML_SEPARATOR)

    return render


PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")

RENDERERS = [
    pytest.param(_markdown_it(MarkdownIt("commonmark")), id="markdown-it-commonmark"),
    pytest.param(
        _markdown_it(MarkdownIt("gfm-like", {"linkify": True, "html": True})),
        id="markdown-it-gfm-linkify",
    ),
    pytest.param(_cmark(extensions=False), id="cmark-commonmark"),
    pytest.param(_cmark(extensions=True), id="cmark-gfm"),
    pytest.param(_pandoc("commonmark"), id="pandoc-commonmark", marks=needs_pandoc),
    pytest.param(_pandoc("gfm"), id="pandoc-gfm", marks=needs_pandoc),
    # Pandoc's own Markdown, without smart quotes (which would curl the apostrophes).
    pytest.param(_pandoc("markdown-smart"), id="pandoc-markdown", marks=needs_pandoc),
]


class Page(HTMLParser):
    """What a reader of the HTML gets: its elements, its links and its visible text."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, visible text)
        self.text = ""
        self._href: str | None = None
        self._link_text = ""
        self._after_break = False
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._after_break = tag == "br"
        if tag == "a":
            self._href, self._link_text = dict(attrs).get("href") or "", ""
        elif tag == "br":
            self.text += " "

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._link_text += data
        # The line break after <br> is the HTML's, not the text's.
        self.text += data.removeprefix("\n") if self._after_break else data
        self._after_break = False

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def _unpunycode(label: re.Match[str]) -> str:
    try:
        return label.group(1).encode("ascii").decode("punycode")
    except UnicodeError:
        return label.group()


def same_address(href: str, address: str) -> bool:
    """Whether a rendered href is the address, up to the renderer's encoding of it.

    Renderers percent-encode what a URL may not hold, and markdown-it writes a host
    name in punycode (``café.fr`` as ``xn--caf-dma.fr``). ``href`` is as the HTML
    parser gives it, character references already decoded.
    """
    href = re.sub(r"xn--([^./:?#@%]+)", _unpunycode, unquote(href))
    return href == unquote(address)


def shown_as(text: str) -> str:
    """What a reader should see of text in a paragraph: its lines, stripped, joined."""
    return " ".join(md._lines(text))


# -- addresses ---------------------------------------------------------------------------

LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
HOST = st.builds(
    lambda parts, tld: ".".join([*parts, tld]), st.lists(LABEL, min_size=1, max_size=3), LABEL
)
#: Path text from what addresses hold, markdown punctuation included; it never ends an
#: address with sentence punctuation and holds no entity reference (those are cut off).
SEGMENT = st.text("abcXYZ019-_.~!$*+,;=:@%?#&'/é", max_size=12).filter(
    lambda s: "&" not in s or ";" not in s
)
PATH = st.builds(
    lambda parts, last: "".join(parts) + last,
    st.lists(st.one_of(SEGMENT, SEGMENT.map(lambda s: f"({s})")), max_size=4),
    st.sampled_from(["/", "a", "_b", "(c)", "-", "9", "=x", "#top"]),
)
WEB = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{('/' + path) if path else ''}",
    st.sampled_from(["http://", "https://", "HTTPS://", "www."]),
    HOST,
    st.one_of(st.just(""), PATH),
)
#: Dotted parts starting with a letter or digit: pandoc takes no other mail address.
LOCAL = st.lists(
    st.builds(str.__add__, st.sampled_from("abXY09"), st.text("abXY09_%+-", max_size=4)),
    min_size=1,
    max_size=3,
).map(".".join)
MAIL = st.builds(lambda local, host: f"{local}@{host}", LOCAL, HOST)
MAILTO = st.builds(
    lambda mail, query: f"mailto:{mail}{query}",
    MAIL,
    st.sampled_from(["", "?subject=a_b", "?subject=*x*&body=1"]),
)
# An address ends before an entity reference such as "&amp;" (markdown_safe's rule, as
# renderers disagree on decoding one inside an autolink): none is generated inside one.
ENTITY = re.compile(r"&#?[0-9A-Za-z]+;")
ADDRESS = st.one_of(WEB, MAIL, MAILTO).filter(lambda a: not ENTITY.search(a))
BEFORE = st.sampled_from(["", "see ", "(", "'", "_", "*", "~", "# ", "- ", "> ", "1. "])
AFTER = st.sampled_from(["", ".", ",", ")", "!", "?", "'", ":", ";", ".)", "_", "*", " and b_c"])


def target(address: str) -> str:
    """Where the link should go: ``www.`` gains ``http://``, a bare mail address mailto:."""
    if address[:4].lower() == "www.":
        return "http://" + address
    if "@" in address and ":" not in address.split("@")[0]:
        return "mailto:" + address
    return address


def check_address(page: Page, typed: str, address: str) -> None:
    """One link, to the address, showing it; the rest of the text as typed."""
    shown = target(address) if address.startswith(("www.", "WWW.")) else address
    assert len(page.links) == 1, (typed, page.links)
    href, text = page.links[0]
    assert same_address(href, target(address)), (typed, href)
    # markdown-it shows an address percent-decoded: the same address.
    assert unquote(text) == unquote(shown), (typed, text)
    expected = shown_as(typed).replace(address, shown, 1)
    assert unquote(page.text.strip()) == unquote(expected), typed


@pytest.mark.parametrize("render", RENDERERS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        # A mail address may start with "_": one typed after "_" starts there.
        # Nor may the address and what follows it make an entity reference ("…/&a", ";").
        st.tuples(BEFORE, ADDRESS, AFTER).filter(
            lambda c: (c[0] != "_" or "@" not in c[1]) and not ENTITY.search(c[1] + c[2])
        ),
        min_size=1,
        max_size=20,
    )
)
def test_any_address_is_a_link_to_itself(
    render: Renderer, cases: list[tuple[str, str, str]]
) -> None:
    typed = [before + address + after for before, address, after in cases]
    pages = render([md.block(text) for text in typed])
    for page, (_, address, _), text in zip(pages, cases, typed, strict=True):
        check_address(Page(page), text, address)


@pytest.mark.parametrize("render", RENDERERS)
@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("see https://x.org/a_b.", "https://x.org/a_b"),
        ("(https://x.org/a_b)", "https://x.org/a_b"),
        (
            "the wiki: https://en.wikipedia.org/wiki/Foo_(bar)!",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
        ),
        ("ask first_last@example.org, please", "first_last@example.org"),
        ("write to mailto:a_b@x.org?subject=hi_there", "mailto:a_b@x.org?subject=hi_there"),
        ("www.example.org/__init__.py", "www.example.org/__init__.py"),
        ("*https://x.org/*a*_b*", "https://x.org/*a*_b"),
        ("https://x.org/~a/~b~ is the one", "https://x.org/~a/~b"),
        ("https://x.org/?q=a_b&page=2#part_1.", "https://x.org/?q=a_b&page=2#part_1"),
        ("<https://x.org/a_b>", "https://x.org/a_b"),
        ("[docs](https://x.org/a_b)", "https://x.org/a_b"),
    ],
)
def test_addresses_in_sentences(render: Renderer, typed: str, address: str) -> None:
    (page,) = render([md.block(typed)])
    check_address(Page(page), typed, address)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("see https://x.org/a_b.", "see <https://x.org/a_b>."),
        ("(https://x.org/a_b)", "(<https://x.org/a_b>)"),
        ("www.x.org/a_b", "<http://www.x.org/a_b>"),
        ("mail first_last@x.org", "mail <first_last@x.org>"),
        ("mailto:a@x.org?subject=a_b", "<mailto:a@x.org?subject=a_b>"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("ftp://x.org/a_b", "ftp\\://x.org/a\\_b"),
        ("https://x.org/a|b", "<https://x.org/a>\\|b"),
        ("https://x.org/?a&amp;b", "<https://x.org/?a>\\&amp;b"),
        # A sentence's ";" after "&a" makes an entity reference: GitHub ends the link there.
        ("see https://x.org/&a;", "see <https://x.org/>\\&a;"),
        ("- https://x.org", "\\- <https://x.org>"),
        ("ok :+1: at 10:30", "ok \\:+1: at 10:30"),
    ],
)
def test_what_is_written(typed: str, written: str) -> None:
    assert md.inline(typed) == written


# -- everything else stays text ------------------------------------------------------------

#: Elements any of the documents below may hold. Anything else (a heading, an image,
#: emphasis, code, a script, a comment) could only come from the text.
PARAGRAPH = {"p", "br", "a"}
#: A table, or a paragraph in CommonMark, which has no tables.
TABLE = {"table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "a", "p"}


def check_text_only(page: Page, allowed: set[str], typed: str) -> None:
    assert set(page.tags) <= allowed, (typed, page.tags)
    for href, text in page.links:
        # A link only ever to the address it shows: never "elsewhere" behind some text.
        assert href.lower().startswith(("http://", "https://", "mailto:")), (typed, href)
        assert any(same_address(href, prefix + text) for prefix in ("", "http://", "mailto:"))


def documents(text: str) -> list[str]:
    """Text as a paragraph, a list item, a heading and a table cell."""
    return [
        md.block(text),
        f"- {md.block(text, indent=2)}",
        md.heading(2, text),
        md.table(["Note", "Other"], [[md.cell(text), "x"]]),
    ]


def check_reads_as_typed(page: Page, text: str) -> None:
    """The paragraph reads as typed, but for ``http://`` before a ``www.`` address.

    White space is compared as words (pandoc joins runs of spaces), percent escapes
    decoded (markdown-it shows an address decoded), and both sides read as pandoc reads
    its input: NFC-normalised (a compatibility ideograph such as U+F900 becomes its
    canonical twin) and without U+FEFF (a byte-order mark, which pandoc drops).
    """

    def words(shown: str) -> str:
        read = unicodedata.normalize("NFC", unquote(shown)).replace("\ufeff", "")
        return " ".join(read.replace("http://", "").split())

    assert words(page.text) == words(shown_as(text)), (text, page.text)


def check_documents(pages: list[str], text: str) -> None:
    paragraph, item, heading, table = (Page(page) for page in pages)
    check_text_only(paragraph, PARAGRAPH, text)
    check_text_only(item, PARAGRAPH | {"ul", "li"}, text)
    check_text_only(heading, {"h2", "a"}, text)
    check_text_only(table, TABLE, text)
    assert heading.tags.count("h2") == 1 and item.tags.count("li") == 1, text
    if "table" in table.tags:
        assert table.tags.count("td") == 2 and table.tags.count("tr") == 2, text


NASTY = [
    "javascript:alert(1) JAVASCRIPT:x data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox file:///etc/passwd ftp://x.org/a_b www.@ www._x",
    "[x](javascript:alert(1)) [y](https://evil.example) ![i](https://x.org/i.png)",
    "<https://x.org/a_b> <a href='https://x.org'>x</a> <img src=x onerror=alert(1)>",
    "https://x.org/<script>alert(1)</script> https://x.org/a|b|c https://x.org/`x`",
    'https://x.org/"onmouseover="alert(1) https://x.org/a\\b www.x.org/[a](b)',
    "https://x.org/&amp;x&lt;y; a&b@x.org &copy; mailto:javascript:alert(1)",
    "# https://x.org\n- www.x.org\n> a@b.org\n1. mailto:a@b.org\n| https://x.org |",
    "https://x.org/a\x1b[31mred https://x.org/\u202eevil https://x.org/a\u00a0b",
    "xhttps://x.org_https://y.org__www.z.org__ a@@b.org @x.org a@b .@x.org",
    "**https://x.org/a** __www.x.org/b__ ~~c@x.org~~ `https://x.org/c`",
    "[ref]: https://x.org/a_b\n\n[ref]",
    ":smile: :+1: 10:30:45 :a_b: :x-y:",
]


@pytest.mark.parametrize("render", RENDERERS)
@pytest.mark.parametrize("text", NASTY)
def test_nasty_addresses_stay_text(render: Renderer, text: str) -> None:
    pages = render(documents(text))
    check_documents(pages, text)
    check_reads_as_typed(Page(pages[0]), text)


TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            ["http://", "https://", "www.", "mailto:", "javascript:", "@", "x.org", "a_b", ":+1:"]
        ),
        st.sampled_from(list("#-+*_`~<>[]()!|\\&;:=./@%?'\" \t\n$^")),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)


@pytest.mark.parametrize("render", RENDERERS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT.filter(lambda t: shown_as(t) != ""), min_size=1, max_size=10))
# Found by the search: a first line starting "%" is a title block in pandoc's Markdown.
@example(["%"])
def test_any_text_yields_only_text_and_self_links(render: Renderer, texts: list[str]) -> None:
    pages = render([document for text in texts for document in documents(text)])
    for n, text in enumerate(texts):
        check_documents(pages[4 * n : 4 * n + 4], text)
        check_reads_as_typed(Page(pages[4 * n]), text)


@pytest.mark.parametrize("text", ["A.", "b) next", "iv. four", "(c) third", "Z. last"])
def test_a_letter_or_roman_numbering_at_a_line_start_stays_text(text: str) -> None:
    # pandoc's Markdown numbers lists by letters and roman numerals too.
    assert md.block(text) != text and md.block(text).replace("\\", "") == text


@pytest.mark.parametrize("address", ["http://¹.example/x", "www.exämple.org", "ana@bücher.de"])
def test_an_address_whose_host_is_not_ascii_stays_text(address: str) -> None:
    # Renderers rewrite such a host (NFKC, punycode): the link would go elsewhere.
    assert "<" not in md.block(address)
