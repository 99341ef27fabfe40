"""The live session's captures: remarks, templates filled in, decisions and action items,
each made, edited or deleted from the list that shows them (newest first)."""

from __future__ import annotations

import functools
from datetime import date

from rich.text import Text
from textual import on
from textual.widget import Widget

from opstui.domain.buy_in import RemarkLink
from opstui.domain.session import FillIn
from opstui.domain.text import printable, shorten
from opstui.screens.base import READ_ONLY_HINT, reporting_errors
from opstui.screens.modals.action_item import ActionItemForm
from opstui.screens.modals.choose import Choice, ChooseModal
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.decision import DecisionForm
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.screens.modals.fill_in_form import FillInForm
from opstui.screens.modals.link_remark import SHOWN, LinkRemarkModal
from opstui.services.live_session import LiveSession
from opstui.services.remark_links import Answer
from opstui.widgets.capture_list import CaptureList, CaptureRef, clock_time
from opstui.widgets.entry_list import EntryList
from opstui.widgets.tones import MUTED

#: What a deletable capture is called, by the kind its line names.
DELETABLE = {"feedback": "remark", "action": "action item", "fillin": "filled-in template"}
KEPT = "Votes and decisions are kept as recorded."


def unlink_returning(live: LiveSession, link: RemarkLink) -> RemarkLink:
    live.unlink(link.id)
    return link


def refused(widget: Widget, live: LiveSession | None) -> bool:
    """Say why nothing can be changed here: a review copy, or an ended session."""
    if live is None:
        return True
    if live.store.read_only:
        widget.notify(READ_ONLY_HINT, severity="warning")
        return True
    reason = live.refusal()
    if reason is not None:
        widget.notify(reason)
    return reason is not None


class CaptureDesk(CaptureList):
    """The captures of one live session, and the dialogs that make and change them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live: LiveSession | None = None
        #: The form for new remarks, kept (installed) and opened again for each one.
        self._remark_form: FeedbackForm | None = None

    def show_live(self, live: LiveSession) -> None:
        """Show everything ``live`` has captured."""
        self.live = live
        self.show(
            **live.captures.by_kind(),
            people=live.people,
            playbook=live.playbook,
            links=live.link_counts(),
        )

    def _saved(self, result: object) -> None:
        if result is not None and self.live is not None:
            self.show_live(self.live)

    def refused(self) -> bool:
        return refused(self, self.live)

    # -- making ---------------------------------------------------------------------------

    def capture_feedback(self) -> None:
        if (live := self.live) is None:
            return
        form = self._remark_form
        if form is not None and (
            form.save != live.save_feedback or form.participants != live.participants
        ):
            self._forget_remark_form()
            form = None
        if form is None:
            # Installed, so that closing it keeps its widgets for the next remark.
            form = self._remark_form = FeedbackForm(
                session_id=live.session_id,
                participants=live.participants,
                save=live.save_feedback,
                agenda_item_id=live.current_item_id,
            )
            self.app.install_screen(form, name=f"new-remark-{id(form)}")
        else:
            form.start_over(live.current_item_id)
        self.app.push_screen(form, self._saved)

    def _forget_remark_form(self) -> None:
        """Uninstall the kept form and remove it (when it is not open)."""
        form, self._remark_form = self._remark_form, None
        if form is not None and form not in self.app.screen_stack:
            self.app.uninstall_screen(form)
            form.remove()  # as Textual does with a dialog closed that was not installed

    def on_unmount(self) -> None:
        self._forget_remark_form()

    def add_action(self) -> None:
        if (live := self.live) is None:
            return
        form = ActionItemForm(
            initiative_id=live.session.initiative_id,
            session_id=live.session_id,
            people=live.owners,
            save=live.save_action,
            today=date.today(),
        )
        self.app.push_screen(form, self._saved)

    def record_decision(self) -> None:
        if (live := self.live) is not None:
            form = DecisionForm(session=live.session, save=live.record_decision)
            self.app.push_screen(form, self._saved)

    def fill_in_template(self) -> None:
        """Fill in a template of the playbook: a new one, or amend one filled in earlier."""
        if (live := self.live) is None:
            return
        templates, fill_ins = live.templates, live.captures.fill_ins
        if not templates:
            self.notify("This session's playbook has no templates to fill in.")
            return
        if len(templates) == 1 and not fill_ins:
            self.open_template(templates[0].key, None)
            return
        choices = [Choice(f"new:{t.key}", Text(f"New: {printable(t.title)}")) for t in templates]
        for fill_in in reversed(fill_ins):
            label = Text(f"Amend: {printable(fill_in.title)}")
            label.append(f"  last changed {clock_time(fill_in.updated_at)}", style=MUTED)
            known = any(t.key == fill_in.template_key for t in templates)
            choices.append(Choice(f"amend:{fill_in.id}", label, enabled=known))
        self.app.push_screen(ChooseModal("Fill in template", choices), self._template_chosen)

    def _template_chosen(self, choice: str | None) -> None:
        if choice is None or self.live is None:
            return
        how, _, key = choice.partition(":")
        fill_in = self.live.fill_in(key) if how == "amend" else None
        if how == "new":
            self.open_template(key, None)
        elif fill_in is not None:
            self.open_template(fill_in.template_key, fill_in.id)

    def open_template(self, template_key: str, fill_in_id: str | None) -> None:
        if (live := self.live) is None:
            return
        template = next((t for t in live.templates if t.key == template_key), None)
        if template is None:
            self.notify("That template is no longer in the playbook.", severity="warning")
            return
        form = FillInForm(
            template=template,
            fill_in=live.fill_in(fill_in_id) if fill_in_id else None,
            save_value=functools.partial(live.save_fill_in_value, template),
            prefilled=live.prefilled(template),
        )
        self.app.push_screen(form, lambda _: self.show_live(live))

    def link_selected(self) -> None:
        """Link the highlighted remark, or an answer of the highlighted filled-in
        template, to what came of it (or take a link back)."""
        ref, live = self.selected_ref, self.live
        if ref is None or live is None:
            return
        feedback = live.feedback(ref.id) if ref.kind == "feedback" else None
        fill_in = live.fill_in(ref.id) if ref.kind == "fillin" else None
        if fill_in is not None:
            self.link_answer_of(fill_in)
            return
        if feedback is None:
            self.notify("Highlight a remark or a filled-in template to link it to what came of it.")
            return
        form = LinkRemarkModal(
            quote=feedback.text,
            choices=live.link_choices(),
            linked=live.outcomes_of(feedback.id),
            link=functools.partial(live.link_remark, feedback.id),
            unlink=functools.partial(unlink_returning, live),
        )
        self.app.push_screen(form, self._saved)

    def link_answer_of(self, fill_in: FillIn) -> None:
        """Pick one answer of ``fill_in`` (when it has more than one), then link it."""
        if (live := self.live) is None:
            return
        answers = live.answers_of(fill_in)
        if not answers:
            self.notify("Nothing is filled in yet: there is no answer to link.")
            return
        if len(answers) == 1:
            self.link_answer(fill_in, answers[0])
            return
        choices = []
        for answer in answers:
            label = Text(f"{printable(answer.label, lines=False)}: ", style="bold")
            label.append(shorten(printable(answer.text, lines=False), SHOWN))
            choices.append(Choice(answer.key, label))

        def chosen(key: str | None) -> None:
            answer = next((a for a in answers if a.key == key), None)
            if answer is not None:
                self.link_answer(fill_in, answer)

        title = f"Link an answer of {printable(fill_in.title, lines=False)}"
        self.app.push_screen(ChooseModal(title, choices), chosen)

    def link_answer(self, fill_in: FillIn, answer: Answer) -> None:
        if (live := self.live) is None:
            return
        form = LinkRemarkModal(
            quote=answer.text,
            what=f"answer “{answer.label}”",
            choices=live.link_choices(),
            linked=live.outcomes_of_answer(fill_in.id, answer.key),
            link=functools.partial(live.link_answer, fill_in.id, answer.key),
            unlink=functools.partial(unlink_returning, live),
        )
        self.app.push_screen(form, self._saved)

    # -- changing and deleting ----------------------------------------------------------------

    @on(EntryList.Selected)
    def capture_selected(self, event: EntryList.Selected) -> None:
        event.stop()
        ref = self.selected_ref
        if ref is not None and not self.refused():
            self.edit(ref)

    def edit(self, ref: CaptureRef) -> None:
        """Open what a line shows: its form, or the vote grid of the open vote."""
        if (live := self.live) is None:
            return
        feedback = live.feedback(ref.id) if ref.kind == "feedback" else None
        action = live.action(ref.id) if ref.kind == "action" else None
        fill_in = live.fill_in(ref.id) if ref.kind == "fillin" else None
        if feedback is not None:
            form = FeedbackForm(
                session_id=live.session_id,
                participants=live.participants,
                save=live.save_feedback,
                existing=feedback,
            )
            self.app.push_screen(form, self._saved)
        elif action is not None:
            self.app.push_screen(
                ActionItemForm(
                    initiative_id=live.session.initiative_id,
                    session_id=live.session_id,
                    people=live.owners,
                    save=live.save_action,
                    existing=action,
                ),
                self._saved,
            )
        elif fill_in is not None:
            self.open_template(fill_in.template_key, fill_in.id)
        elif ref.kind == "vote" and live.vote is not None and live.vote.id == ref.id:
            self.screen.query_one("#live-vote").focus()
        elif ref.kind in DELETABLE:
            self.notify("That capture is gone.", severity="warning")
            self.show_live(live)
        else:
            self.notify(KEPT)

    def delete_selected(self) -> None:
        """Delete the highlighted remark, action item or fill-in, once confirmed."""
        ref, live = self.selected_ref, self.live
        if ref is None or live is None:
            return
        what = DELETABLE.get(ref.kind)
        if what is None:
            self.notify(KEPT)
            return
        record = live.feedback(ref.id) or live.action(ref.id)
        fill_in = live.fill_in(ref.id)
        detail = record.text if record else (fill_in.title if fill_in else "")

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            with reporting_errors(self.app):
                live.delete_capture(ref.kind, ref.id)
                self.notify(f"The {what} was deleted.")
            self.show_live(live)

        question = ConfirmModal(f"Delete this {what}?", yes="Delete", detail=detail)
        self.app.push_screen(question, answered)
