"""What came of the session's remarks, linked while the session runs.

Part of ``LiveSession`` (``opstui.services.live_session``), like ``LiveVotes`` and
``LiveRemarks``: it holds the initiative's links (read with the captures) and applies
each link made or taken back here, so the live screen shows "→ 2" beside a remark
without reading the file again. The work itself is ``opstui.services.remark_links``'s.

Free of Textual, like the session object itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.db.errors import StoreError
from opstui.domain.buy_in import RemarkLink
from opstui.domain.remark_trail import Outcome, Trail, trail
from opstui.domain.session import FillIn, Session
from opstui.services.live_votes import LiveSessionError
from opstui.services.remark_links import (
    Answer,
    LinkChoice,
    LinkError,
    RemarkSource,
    answers,
    link_choices,
    link_remark,
    outcomes,
    unlink,
)

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.domain.playbook import Playbook


class LiveLinks:
    """The links from the session's remarks (a base of ``LiveSession``)."""

    store: Store
    session_id: str
    session: Session
    playbook: Playbook | None
    #: Every link of the initiative, oldest first (read with the captures).
    links: list[RemarkLink]

    def read_links(self) -> None:
        self.links = self.store.list_links(self.session.initiative_id)

    @property
    def trail(self) -> Trail:
        return trail(self.links)

    def link_counts(self) -> dict[str, int]:
        """How many outcomes each remark (by feedback id) and each filled-in template
        (by fill-in id, all its answers together) is linked to."""
        counts: dict[str, int] = {}
        for link in self.links:
            source = link.feedback_id or link.fill_in_id
            if source is not None:
                counts[source] = counts.get(source, 0) + 1
        return counts

    def link_choices(self) -> list[LinkChoice]:
        """What a remark can be linked to: this session's decisions and open actions
        first, then the initiative's, its metrics, and a change in words."""
        return link_choices(self.store, self.session.initiative_id, session_id=self.session_id)

    def outcomes_of(self, feedback_id: str) -> list[Outcome]:
        """What came of one remark, in words (read when asked: a dialog opening)."""
        named = outcomes(self.store, self.session.initiative_id)
        return named.outcomes(self.trail.of_remark(feedback_id))

    def answers_of(self, fill_in: FillIn) -> list[Answer]:
        """The answers of a filled-in template that can be linked (those with a value)."""
        return answers(fill_in, self.playbook)

    def outcomes_of_answer(self, fill_in_id: str, field_key: str) -> list[Outcome]:
        """What came of one answer of a filled-in template, in words."""
        named = outcomes(self.store, self.session.initiative_id)
        return named.outcomes(self.trail.of_answer(fill_in_id, field_key))

    def link_remark(self, feedback_id: str, choice: LinkChoice) -> RemarkLink:
        """Link one of the session's remarks to what came of it."""
        return self.link_source(RemarkSource(feedback_id=feedback_id), choice)

    def link_answer(self, fill_in_id: str, field_key: str, choice: LinkChoice) -> RemarkLink:
        """Link one answer of a template filled in this session to what came of it."""
        return self.link_source(RemarkSource(fill_in_id=fill_in_id, field_key=field_key), choice)

    def link_source(self, source: RemarkSource, choice: LinkChoice) -> RemarkLink:
        """Link a remark or an answer (``source``) to what came of it."""
        try:
            saved = link_remark(
                self.store,
                self.session.initiative_id,
                source,
                choice,
                existing=self.links,
            )
        except LinkError as exc:
            raise LiveSessionError(str(exc)) from None
        except StoreError:
            self.read_links()  # the remark or its outcome may be gone meanwhile
            raise
        self.links = [*self.links, saved]
        return saved

    def unlink(self, link_id: str) -> None:
        unlink(self.store, link_id)
        self.links = [link for link in self.links if link.id != link_id]

    def forget_links(self, **source_or_target: str) -> None:
        """Drop the links the file dropped with a deleted capture (``feedback_id=…``)."""
        (column, value), *_ = source_or_target.items()
        self.links = [link for link in self.links if getattr(link, column) != value]
