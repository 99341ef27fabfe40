"""What a search is for: the words typed, where they match, and which hit matches best.

One rule for every kind of text searched (remarks, fill-in answers, decisions, actions,
notes): a query is its words (runs of letters and digits, nothing else), each matching
the start of a word in the text, all of them required. The database's full-text index
finds the candidates where it has one; these functions mark the matches in a snippet
and score every hit the same way, so that hits of different kinds can be ranked in one
list. Pure: no SQL, no Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from opstui.domain.text import printable

#: At most this many words of a query are searched for: a paste of a whole page is not
#: a query, and thousands of terms would make SQLite refuse the statement.
MAX_WORDS = 16
#: Longer "words" are cut: no word of a remark is that long, and the prefix still finds it.
MAX_WORD_LENGTH = 64
#: The characters of a snippet around its first match.
SNIPPET_LENGTH = 96
#: Okapi BM25's constants, and the length (in words) taken as usual for a text.
_K1, _B, _USUAL_WORDS = 1.2, 0.75, 20.0

_WORD = re.compile(r"[^\W_]+")


class HitKind(StrEnum):
    """Where a hit was found."""

    REMARK = "remark"
    FILL_IN = "fill-in"
    DECISION = "decision"
    ACTION = "action"
    NOTES = "notes"


def query_words(text: str) -> list[str]:
    """The words of what a user typed: letters and digits only, every other character a
    space, so that nothing typed can be read as search syntax (quotes, ``*``, ``:``,
    ``NEAR``… become plain words or nothing)."""
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return [w[:MAX_WORD_LENGTH] for w in words[:MAX_WORDS]]


def _fold(char: str) -> str:
    """One character compared without case or accent, as the full-text index compares."""
    base = unicodedata.normalize("NFD", char)[:1] or char
    return base.casefold()[:1] or char


def _folded(text: str) -> str:
    # Character for character, so that an index in the folded text is one in the text.
    if text.isascii():
        # The same, without a lookup per character: ranking a search's 1,000 candidates
        # took 10 times as long letter by letter.
        return text.lower()
    return "".join(_fold(c) for c in text)


def one_line(text: str) -> str:
    """Text made safe and one line, as a snippet is cut from: no control, no break."""
    return " ".join(printable(text, lines=False).split())


def matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the ``words`` start words of ``text``: (start, end) spans, in order."""
    folded = _folded(text)
    prefixes = [_folded(w) for w in words]
    spans = []
    for found in _WORD.finditer(folded):
        word = found.group()
        length = max((len(p) for p in prefixes if word.startswith(p)), default=0)
        if length:
            spans.append((found.start(), found.start() + length))
    return spans


def holds_every_word(text: str, words: list[str]) -> bool:
    """Whether every word starts some word of ``text`` (the rule the index applies)."""
    folded = {w.group() for w in _WORD.finditer(_folded(text))}
    return all(any(t.startswith(_folded(w)) for t in folded) for w in words)


def score(text: str, words: list[str]) -> float:
    """How well ``text`` matches: BM25's weighting of how often each word occurs,
    with shorter texts preferred, and a whole word worth more than a word's start.

    Every hit holds every word, so the index's rarity weighting would lift every hit
    alike; what orders them is how often and how densely the words occur.
    """
    return scorer(words)(text)


def scorer(words: list[str]) -> Callable[[str], float]:
    """``score`` for many texts and the same ``words``: the words folded once."""
    folded_words = {_folded(w) for w in words}
    # Each word's starts of words found by one pattern (the rest of the word captured:
    # empty for a whole word), rather than a test per word of the text: ranking a
    # search's candidates spent most of its time in those tests.
    starts = {
        word: re.compile(rf"(?<![^\W_]){re.escape(word)}([^\W_]*)")
        for word in folded_words
        if _WORD.fullmatch(word)
    }

    def scored(text: str) -> float:
        folded = _folded(text)
        tokens = _WORD.findall(folded)
        if not tokens:
            return 0.0
        norm = 1 - _B + _B * len(tokens) / _USUAL_WORDS
        total = 0.0
        for word in folded_words:
            frequency = 0.0
            pattern = starts.get(word)
            if pattern is not None:
                for rest in pattern.findall(folded):
                    frequency += 0.5 if rest else 1.0
            else:
                for token in tokens:
                    if token.startswith(word):
                        frequency += 1.0 if token == word else 0.5
            total += frequency * (_K1 + 1) / (frequency + _K1 * norm)
        return round(total, 6)

    return scored


@dataclass(frozen=True)
class Snippet:
    """A piece of a text around its first match, with the matches marked."""

    text: str
    #: (start, end) of each match in ``text``.
    spans: tuple[tuple[int, int], ...]

    def bracketed(self, left: str = "[", right: str = "]") -> str:
        """The snippet as plain text with each match between ``left`` and ``right``."""
        out, at = [], 0
        for start, end in self.spans:
            out += [self.text[at:start], left, self.text[start:end], right]
            at = end
        out.append(self.text[at:])
        return "".join(out)


def snippet(text: str, words: list[str], length: int = SNIPPET_LENGTH) -> Snippet:
    """A one-line, terminal-safe piece of ``text`` around its first match, marked."""
    line = one_line(text)
    spans = matches(line, words)
    start = 0
    if spans and len(line) > length:
        start = max(0, min(spans[0][0] - length // 4, len(line) - length))
    end = min(len(line), start + length)
    piece = line[start:end]
    lead = "…" if start else ""
    trail = "…" if end < len(line) else ""
    shift = len(lead) - start
    kept = tuple((s + shift, min(e, end) + shift) for s, e in spans if s >= start and s < end)
    return Snippet(lead + piece + trail, kept)


@dataclass(frozen=True)
class Found:
    """One hit of a search across everything, with the place it lives."""

    kind: HitKind
    #: The id of the remark, fill-in, decision or action; of the session for notes.
    id: str
    initiative_id: str
    initiative_title: str
    session_id: str | None
    session_title: str | None
    #: When it was said, written, decided or (notes) the session ended: ISO date.
    on: str | None
    #: What else names the place: a fill-in's title and field.
    detail: str
    snippet: Snippet
    score: float
