"""Capture a remark: who said it (one key), how it felt (one key), what kind, the words, tags.

The remark is handed to the caller's ``save`` the moment Enter is pressed (stored then);
an empty one is refused with a hint. The same form edits a remark captured earlier.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from opstui.domain.initiative import Person
from opstui.domain.session import Feedback, FeedbackKind, Sentiment, likely_kind
from opstui.domain.text import printable
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.key_picker import KeyOption, KeyPicker
from opstui.widgets.keys import ANONYMOUS_KEY, KIND_KEYS, SENTIMENT_KEYS, participant_keys

#: The picker value that stands for "nobody in particular".
ANONYMOUS = ""

EMPTY_HINT = "Type what was said first: an empty remark is not saved."
#: What a new remark starts as, and what it is saved as when nothing is picked.
START_SENTIMENT = Sentiment.NEUTRAL
START_KIND = FeedbackKind.OBSERVATION


def who_options(participants: list[Person]) -> list[KeyOption[str]]:
    """Digits for the first nine participants, 0 for anonymous, no key past the ninth."""
    keys = {pid: key for key, pid in participant_keys([p.id for p in participants]).items() if pid}
    options = [KeyOption(keys.get(p.id, ""), p.name, p.id) for p in participants]
    options.append(KeyOption(ANONYMOUS_KEY, "anonymous", ANONYMOUS))
    return options


def parse_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


class FeedbackForm(LiveModal[Feedback | None]):
    """Who, sentiment, kind, text and tags of one remark."""

    PASTE_INTO = "#feedback-text"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save remark"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        *,
        session_id: str,
        participants: list[Person],
        save: Callable[[Feedback], Feedback],
        agenda_item_id: str | None = None,
        existing: Feedback | None = None,
    ) -> None:
        super().__init__()
        self.save = save
        self.session_id = session_id
        self.participants = participants
        self.agenda_item_id = agenda_item_id
        self.existing = existing
        #: Once the kind is picked by hand, the sentiment no longer changes it.
        self.kind_chosen = existing is not None

    def compose(self) -> ComposeResult:
        existing = self.existing
        title = "Edit remark" if existing else "Capture feedback"
        with Vertical(classes="form-box", id="feedback-box"):
            yield Static(Text(title), classes="form-title")
            yield Label("Who said it", classes="form-label", id="label-who")
            yield KeyPicker(
                who_options(self.participants),
                selected=(existing.person_id or ANONYMOUS) if existing else None,
                id="feedback-who",
            )
            yield Label("How it felt", classes="form-label", id="label-sentiment")
            yield KeyPicker(
                [KeyOption(k, s.label, s) for k, s in SENTIMENT_KEYS.items()],
                selected=existing.sentiment if existing else START_SENTIMENT,
                next_focus="#feedback-text",
                id="feedback-sentiment",
            )
            yield Label("Kind", classes="form-label", id="label-kind")
            yield KeyPicker(
                [KeyOption(k, kind.value, kind) for k, kind in KIND_KEYS.items()],
                selected=existing.kind if existing else START_KIND,
                id="feedback-kind",
            )
            yield Label("What was said", classes="form-label")
            yield Input(
                value=printable(existing.text, lines=False, drop=True) if existing else "",
                placeholder="the remark, in their words",
                id="feedback-text",
            )
            yield Label("Tags (optional, separated by commas)", classes="form-label")
            yield Input(
                value=printable(", ".join(existing.tags), lines=False, drop=True)
                if existing
                else "",
                placeholder="e.g. onboarding, calendar",
                id="feedback-tags",
            )
            yield Static("", classes="form-hint", id="feedback-hint")
            yield Static(
                "digits pick who and sentiment · Shift+Tab back to change the kind · "
                "Enter save · Esc cancel",
                classes="form-keys",
            )

    def on_mount(self) -> None:
        # A new remark starts from who said it; an edit from the words.
        start = "#feedback-text" if self.existing else "#feedback-who"
        self.query_one(start).focus()
        self.show_choices()

    def start_over(self, agenda_item_id: str | None) -> None:
        """Empty the form for the next new remark, as a form just made would be.

        The live session keeps one form for new remarks and opens it again and again:
        making its widgets anew took half of what opening it cost (issue 23).
        """
        if self.existing is not None:
            raise ValueError("only a form for new remarks starts over")
        self.agenda_item_id = agenda_item_id
        self.kind_chosen = False
        who: KeyPicker[str] = self.query_one("#feedback-who", KeyPicker)
        who.select_value(None)
        who.cursor = 0
        self.query_one("#feedback-sentiment", KeyPicker).select_value(START_SENTIMENT)
        self.query_one("#feedback-kind", KeyPicker).select_value(START_KIND)
        for field in ("#feedback-text", "#feedback-tags"):
            self.query_one(field, Input).value = ""
        self.hint("")
        self.show_choices()
        self.set_focus(who, scroll_visible=False)

    def show_choices(self) -> None:
        """Say in words what is picked: reverse video alone is easy to miss on a shared screen."""
        for key, heading in (
            ("who", "Who said it"),
            ("sentiment", "How it felt"),
            ("kind", "Kind"),
        ):
            picker = self.query_one(f"#feedback-{key}", KeyPicker)
            value = picker.value
            if value is None:
                shown = ""
            elif key == "who":
                names = {p.id: p.name for p in self.participants}
                shown = names.get(str(value), "anonymous")
            else:
                shown = getattr(value, "label", str(value))
            text = Text(heading)
            if shown:
                text.append(": ")
                text.append(printable(shown), style="bold")
            self.query_one(f"#label-{key}", Label).update(text)

    def on_key_picker_picked(self, event: KeyPicker.Picked) -> None:
        picker_id = event.picker.id
        if picker_id == "feedback-sentiment" and isinstance(event.value, Sentiment):
            if not self.kind_chosen:
                kind_picker: KeyPicker[FeedbackKind] = self.query_one("#feedback-kind", KeyPicker)
                kind_picker.select_value(likely_kind(event.value))
        elif picker_id == "feedback-kind":
            self.kind_chosen = True
        self.show_choices()

    def on_key_picker_refused(self, event: KeyPicker.Refused) -> None:
        hints = {
            "feedback-who": "Press the digit beside a name, or 0 for anonymous.",
            "feedback-sentiment": "Press 1 (very negative) to 5 (very positive).",
            "feedback-kind": "Press p, c, s, q or o for the kind.",
        }
        self.hint(hints.get(event.picker.id or "", ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def hint(self, text: str) -> None:
        self.query_one("#feedback-hint", Static).update(Text(text))

    def action_save(self) -> None:
        text = self.query_one("#feedback-text", Input).value
        if not text.strip():
            self.hint(EMPTY_HINT)
            self.query_one("#feedback-text", Input).focus()
            return
        tags = parse_tags(self.query_one("#feedback-tags", Input).value)
        too_long = [t for t in tags if len(t) > 60]
        if too_long:
            self.hint("A tag may be at most 60 characters long.")
            return
        who: str | None = self.query_one("#feedback-who", KeyPicker).value
        sentiment = self.query_one("#feedback-sentiment", KeyPicker).value
        kind = self.query_one("#feedback-kind", KeyPicker).value
        fields = {
            "person_id": who or None,
            "sentiment": sentiment if isinstance(sentiment, Sentiment) else START_SENTIMENT,
            "kind": kind if isinstance(kind, FeedbackKind) else START_KIND,
            "text": text,
            "tags": tags,
        }
        if self.existing is not None:
            feedback = Feedback.model_validate({**self.existing.model_dump(), **fields})
        else:
            feedback = Feedback(
                session_id=self.session_id, agenda_item_id=self.agenda_item_id, **fields
            )
        saved = self.try_save(self.save, feedback)
        if saved is not None:
            self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
