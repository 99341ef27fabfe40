"""Files of 200,000, 1 million and 4 million remarks, in realistic words, written in bulk.

The large file's remarks are made of a few fixed phrases (199 distinct words): every
word is common, so search looks the same whatever is typed. These sizes draw each remark
from ``vocabulary.Vocabulary`` (several thousand words, Zipf-like) and keep everything
else as the large file makes it (initiatives, sessions, votes, actions, metrics). The
large file itself is left as it was, so that its figures stay comparable.

Remarks are the bulk of these files, so they are made per batch of sessions and written
with one prepared statement (``Store.add_feedback_many``), in the order they were said:
the remarks of a batch's initiatives interleave in the file as they would when several
initiatives hold sessions in the same weeks. The search index is built once at the end
(``Store.indexing_remarks_after``). ``generate.py --size 4m`` prints how long it took.
"""

from __future__ import annotations

import itertools
import json
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import generate
from generate import LARGE, TAGS, Counts, Generator, Sizes
from vocabulary import VOCABULARY_VERSION, Vocabulary

from opstui.db.store import Store
from opstui.domain.session import AgendaItem, Feedback, FeedbackKind, Sentiment, Session

#: Bump when what these sizes write changes (beyond the vocabulary's own version).
SCALE_VERSION = 1

#: How many remarks each size holds. Everything else is the large file's (1,000
#: initiatives, 20,000 sessions, ...): a file grows by what is said far more than by how
#: many initiatives it holds, and writing 20,000 sessions through the store already
#: takes most of the generation's time.
SCALE_REMARKS: dict[str, int] = {
    "200k": 200_000,
    "1m": 1_000_000,
    "4m": 4_000_000,
    "tiny-words": 2_000,
}
#: Sessions per write transaction: their remarks are held in memory until it ends.
BATCH_SESSIONS = 1_000


def sizes_of(size: str) -> Sizes:
    """The sizes a scale file is made of (its remarks are written by ``WordsGenerator``)."""
    base = generate.TINY if size == "tiny-words" else LARGE
    return replace(base, feedback=SCALE_REMARKS[size], batch_sessions=BATCH_SESSIONS)


class HeldRemarks:
    """The store as the generator sees it, except that each batch's sessions are given
    their remarks in bulk, in the order they were said, as its transaction ends."""

    def __init__(self, store: Store, words: WordsGenerator) -> None:
        self.store = store
        self.words = words
        self.held: list[tuple[Session, list[AgendaItem]]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def add_session(self, session: Session, agenda: list[AgendaItem]) -> Session:
        self.held.append((session, agenda))
        return self.store.add_session(session, agenda)  # type: ignore[no-any-return]

    @contextmanager
    def replaying(self, site_id: str | None = None) -> Iterator[None]:
        with self.store.replaying(site_id):
            yield
            remarks = [r for s, agenda in self.held for r in self.words.remarks(s, agenda)]
            remarks.sort(key=lambda remark: remark.created_at)
            self.store.add_feedback_many(remarks)
            self.held = []


#: What kind of remark, and the moods each kind is said in.
_KINDS = list(FeedbackKind)
_KIND_WEIGHTS = list(itertools.accumulate((15, 30, 25, 15, 15)))
_MOODS = {
    FeedbackKind.PRAISE: (4, 5),
    FeedbackKind.CONCERN: (1, 3),
    FeedbackKind.SUGGESTION: (2, 4),
    FeedbackKind.QUESTION: (2, 4),
    FeedbackKind.OBSERVATION: (2, 4),
}


class WordsGenerator(Generator):
    """The large file's generator; the remarks are drawn from a realistic vocabulary."""

    def __init__(self, store: Store, size: str, seed: int) -> None:
        sizes = sizes_of(size)
        # The base class writes no remark: this class gives each session its share.
        super().__init__(HeldRemarks(store, self), replace(sizes, feedback=0), seed)  # type: ignore[arg-type]
        self.vocabulary = Vocabulary()
        self.per_session = iter(self.spread(sizes.feedback, sizes.sessions))
        self.written = 0

    def remarks(self, session: Session, agenda: list[AgendaItem]) -> Iterator[Feedback]:
        """A session's remarks: made without validation (the values are ours), fast."""
        rng = self.rng
        when = session.started_at or session.planned_at
        people = session.participant_ids
        for _ in range(next(self.per_session)):
            when += timedelta(seconds=rng.randint(20, 240))
            kind = rng.choices(_KINDS, cum_weights=_KIND_WEIGHTS)[0]
            self.written += 1
            yield Feedback.model_construct(
                id=self.uid(),
                session_id=session.id,
                person_id=None if rng.random() < 0.1 else people[rng.randrange(len(people))],
                sentiment=Sentiment(rng.randint(*_MOODS[kind])),
                kind=kind,
                text=self.vocabulary.remark(rng),
                tags=rng.sample(TAGS, rng.choice((0, 1, 1, 2))),
                agenda_item_id=agenda[rng.randrange(len(agenda))].id,
                created_at=when,
            )

    def run(self) -> Counts:
        counts = super().run()
        counts.feedback = self.written
        return counts


def fingerprint(size: str, seed: int) -> str:
    """What made a file of one of these sizes: ``generate.fingerprint`` and the words."""
    data = json.loads(generate.fingerprint(size, seed, sizes_of(size)))
    data["vocabulary"] = VOCABULARY_VERSION
    data["scale"] = SCALE_VERSION
    return json.dumps(data, sort_keys=True)


def generate_scaled(store: Store, size: str, seed: int) -> Counts:
    """Fill an empty store with the ``size`` data set."""
    if not store.is_empty():
        raise SystemExit(f"{store.path} already holds data; generate into a new file")
    store.set_meta("site_id", uuid.UUID(int=random.Random(f"site {seed}").getrandbits(128)).hex)
    # A new file, moved into place only once complete: no commit needs to reach the disk
    # before the next (the 1M file took 22 minutes with synchronous=FULL, at 20% CPU).
    store.conn.execute("PRAGMA synchronous = OFF")
    store.conn.execute("PRAGMA cache_size = -262144")
    with store.indexing_remarks_after():
        counts = WordsGenerator(store, size, seed).run()
    store.set_meta(generate.META_KEY, fingerprint(size, seed))
    return counts
