"""Linking, after the session, a remark or an answer to what came of it: the live
session's dialog, opened from the workspace's Feedback and Sessions tabs."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from opstui.screens.workspace.feedback import FeedbackTab
from opstui.screens.workspace.sessions import SessionsTab

if TYPE_CHECKING:
    from opstui.domain.buy_in import RemarkLink
    from opstui.domain.remark_trail import Outcome
    from opstui.screens.workspace import WorkspaceScreen
    from opstui.services.remark_links import RemarkSource


class LaterLinks:
    """The workspace's links made later; it saves through the store, then re-reads."""

    def __init__(self, screen: WorkspaceScreen) -> None:
        self.screen = screen

    def link_remark(self) -> None:
        """Link the highlighted remark to what came of it, later (the live dialog)."""
        if self.screen.refuse_if_read_only() or self.screen.still_reading():
            return
        tab = self.screen.query_one(FeedbackTab)
        remark = tab.highlighted_remark()
        if remark is None or tab.loop is None:
            self.screen.notify("Highlight a remark to link it to what came of it.")
            return
        from opstui.services.remark_links import RemarkSource

        self.link_later(
            RemarkSource(feedback_id=remark.id),
            quote=remark.text,
            linked=tab.loop.came_of_remark(remark.id),
        )

    def link_answer(self) -> None:
        """Link one answer of a template filled in the highlighted session, later."""
        if (
            self.screen.refuse_if_read_only()
            or self.screen.still_reading()
            or self.screen.whole is None
        ):
            return
        from opstui.screens.workspace.sessions import choose_answer

        facts = self.screen.whole.facts
        session_id = self.screen.query_one(SessionsTab).highlighted_session
        session = next((s for s in facts.sessions if s.id == session_id), None)
        if session is None:
            self.screen.notify("Highlight a session to link an answer of its filled-in templates.")
            return
        from opstui import paths
        from opstui.domain.remark_trail import loop_of
        from opstui.export import available_playbooks
        from opstui.services.remark_links import FilledAnswer, RemarkSource, session_answers

        playbook = available_playbooks(paths.playbooks_dir()).get(session.playbook_key)
        fill_ins = [f for f in facts.fill_ins if f.session_id == session.id]
        filled = session_answers(fill_ins, playbook)
        if not filled:
            self.screen.notify(
                "This session has no filled-in template with an answer to link.", markup=False
            )
            return
        loop = loop_of(facts)

        def chosen(choice: FilledAnswer) -> None:
            fill_in, answer = choice.fill_in, choice.answer
            self.link_later(
                RemarkSource(fill_in_id=fill_in.id, field_key=answer.key),
                quote=answer.text,
                linked=loop.came_of_answer(fill_in.id, answer.key),
                what=f"answer “{answer.label}”",
            )

        choose_answer(self.screen.app, session, filled, chosen)

    def link_later(
        self, source: RemarkSource, *, quote: str, linked: list[Outcome], what: str = "remark"
    ) -> None:
        """The live dialog linking ``source`` to what came of it, saved through the store;
        the initiative is read again once a link is made or taken back."""
        from opstui.screens.modals.link_remark import LinkRemarkModal
        from opstui.services import remark_links

        store, initiative_id = self.screen.store, self.screen.initiative_id

        def unlink(link: RemarkLink) -> RemarkLink:
            remark_links.unlink(store, link.id)
            return link

        form = LinkRemarkModal(
            quote=quote,
            what=what,
            choices=remark_links.link_choices(store, initiative_id),
            linked=linked,
            link=functools.partial(remark_links.link_remark, store, initiative_id, source),
            unlink=unlink,
        )
        self.screen.app.push_screen(form, lambda link: self.screen.refresh_data() if link else None)
