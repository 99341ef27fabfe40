"""Fill in a playbook template together: typed fields, each saved the moment it is completed.

A field is saved when the focus leaves it or Enter is pressed in it, after the
field's own rule has checked it, so a crash loses at most the field being typed. The
form stores nothing itself: each field goes to the ``save_value`` its caller gave
(``LiveSession.save_fill_in_value``), which makes the fill-in with its first field.
The same form amends a fill-in later in the session. A field that fills the initiative
starts with what the initiative holds (``prefilled``); left as it was, it is not written.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from opstui.domain.initiative_fills import fills_label
from opstui.domain.playbook import FieldSpec, FieldType, TemplateSpec
from opstui.domain.session import FieldValue, FillIn
from opstui.domain.text import printable
from opstui.screens.modals.live_modal import SAVE_ERRORS, LiveModal
from opstui.widgets.key_picker import KeyOption, KeyPicker
from opstui.widgets.tones import MUTED, MUTED_ITALIC

FIELD_PREFIX = "field-"


def shown_value(value: FieldValue, *, lines: bool = False) -> str:
    """A stored value as it goes back into its input (a text area's if ``lines``).

    Control characters are dropped, not shown: a symbol standing for one would be saved
    back as part of the value, and a raw one would reach the terminal.
    """
    return "" if value is None else printable(str(value), lines=lines, drop=True)


class FillInForm(LiveModal[FillIn | None]):
    """Every field of one template; Escape closes, keeping what was saved."""

    BINDINGS = [
        Binding("escape,ctrl+s", "done", "Done"),
    ]

    def __init__(
        self,
        *,
        template: TemplateSpec,
        fill_in: FillIn | None,
        save_value: Callable[[str | None, str, FieldValue], FillIn],
        prefilled: dict[str, FieldValue] | None = None,
    ) -> None:
        super().__init__()
        #: Stores one field: (the fill-in's id, or None for a new one; field key; value).
        self.save_value = save_value
        self.template = template
        self.fill_in = fill_in
        #: What is stored for each field, so unchanged fields are not written again.
        self.saved: dict[str, FieldValue] = dict(fill_in.values) if fill_in else {}
        #: What the initiative holds for the fields that fill it: what they start with
        #: when this fill-in has stored nothing for them.
        self.prefilled = dict(prefilled or {})
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="fill-in-box"):
            yield Static(Text(f"Fill in: {self.template.title}"), classes="form-title")
            if self.template.description:
                yield Static(Text(self.template.description), classes="form-keys")
            with VerticalScroll(id="fill-in-fields"):
                for spec in self.template.fields:
                    label = Text(spec.label + (" *" if spec.required else ""))
                    if spec.help:
                        label.append(f"  {spec.help}", style=MUTED)
                    if spec.fills:
                        label.append(f"  → {fills_label(spec.fills)}", style=MUTED_ITALIC)
                    yield Label(label, classes="form-label")
                    yield self._field_widget(spec)
                    yield Static("", classes="form-hint", id=f"hint-{spec.key}")
            yield Static(
                "Each field is saved when you leave it (Tab or Enter) · * required · Esc done",
                classes="form-keys",
            )

    def known(self, key: str) -> FieldValue:
        """What a field holds: what this fill-in stored, else what the initiative holds."""
        return self.saved[key] if key in self.saved else self.prefilled.get(key)

    def _field_widget(self, spec: FieldSpec) -> Widget:
        value = self.known(spec.key)
        widget_id = FIELD_PREFIX + spec.key
        if spec.type is FieldType.LONG_TEXT:
            area = TextArea(
                shown_value(value, lines=True), id=widget_id, soft_wrap=True, tab_behavior="focus"
            )
            area.show_line_numbers = False
            return area
        if spec.type is FieldType.CHOICE:
            options = [
                KeyOption(str(n) if n <= 9 else "", choice, choice)
                for n, choice in enumerate(spec.choices, 1)
            ]
            return KeyPicker(
                options, selected=value if isinstance(value, str) else None, id=widget_id
            )
        placeholder = {
            FieldType.SCALE: "a whole number from {} to {}",
            FieldType.NUMBER: "a number",
            FieldType.DATE: "a date like 2026-03-31",
            FieldType.TEXT: "",
        }[spec.type]
        if spec.type is FieldType.SCALE:
            low, high = spec.bounds
            placeholder = placeholder.format(int(low or 0), int(high or 0))
        return Input(shown_value(value), placeholder=placeholder, id=widget_id)

    def on_mount(self) -> None:
        # Typing into a text that is there already (the initiative's, or one saved
        # earlier) carries it on, rather than writing in front of it.
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)
        for widget in self.query("#fill-in-fields > *"):
            if widget.id and widget.id.startswith(FIELD_PREFIX) and widget.focusable:
                widget.focus()
                break

    # -- saving one field -----------------------------------------------------------------

    def _spec_of(self, widget: Widget) -> FieldSpec | None:
        if not widget.id or not widget.id.startswith(FIELD_PREFIX):
            return None
        try:
            return self.template.field(widget.id.removeprefix(FIELD_PREFIX))
        except KeyError:
            return None

    @staticmethod
    def _raw(widget: Widget) -> str:
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, KeyPicker):
            value = widget.value
            return "" if value is None else str(value)
        return ""

    def save_field(self, widget: Widget) -> bool:
        """Check and store the value of one field; say what is wrong if it cannot be."""
        spec = self._spec_of(widget)
        if spec is None:
            return True
        hint = self.query_one(f"#hint-{spec.key}", Static)
        raw = self._raw(widget)
        try:
            value = spec.parse(raw)
        except ValueError as exc:
            # A required field left empty is only a reminder until something was stored.
            if not raw.strip() and self.known(spec.key) is None:
                return True
            hint.update(Text(str(exc)))
            return False
        hint.update("")
        if self.known(spec.key) == value:
            return True
        fill_in_id = self.fill_in.id if self.fill_in else None
        try:
            self.fill_in = self.save_value(fill_in_id, spec.key, value)
        except SAVE_ERRORS as exc:
            hint.update(Text(f"Not saved: {exc}"))
            return False
        self.saved[spec.key] = value
        return True

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.save_field(event.widget)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.save_field(event.input):
            self.focus_next()

    def on_key_picker_picked(self, event: KeyPicker.Picked) -> None:
        self.save_field(event.picker)

    def missing(self) -> list[str]:
        """Required fields with nothing stored yet."""
        return [
            spec.label
            for spec in self.template.fields
            if spec.required and self.known(spec.key) in (None, "")
        ]

    def action_done(self) -> None:
        focused = self.focused
        if focused is not None and not self.save_field(focused) and not self.warned:
            # The first Escape keeps the form open to fix the field; a second one leaves it.
            self.warned = True
            self.notify("This field is not saved yet: fix it, or press Esc again to leave it.")
            return
        missing = self.missing()
        if missing and self.fill_in is not None:
            self.notify("Still to fill in: " + ", ".join(missing), severity="warning")
        self.dismiss(self._current())

    def _current(self) -> FillIn | None:
        if self.fill_in is None:
            return None
        return self.fill_in.model_copy(update={"values": dict(self.saved)})
