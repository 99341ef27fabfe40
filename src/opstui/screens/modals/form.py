"""What every form dialog shares: fields in a scrolling box, Save and Cancel, and errors.

A form builds its domain model from the widgets in ``build()``; pydantic checks it, and
the first problems are shown in the form in the user's words, naming the field's label.
Nothing is dismissed until the model is valid, and what is dismissed is the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from opstui.screens.base import OpstuiModal, guarded
from opstui.widgets.tones import MUTED

T = TypeVar("T")

#: pydantic's error types, said the way a person filling in a form would understand.
_PLAIN_ERRORS: dict[str, str] = {
    "string_too_short": "cannot be empty",
    "missing": "is required",
    "date_parsing": "is not a date: use YYYY-MM-DD",
    "date_from_datetime_parsing": "is not a date: use YYYY-MM-DD",
    "date_type": "is not a date: use YYYY-MM-DD",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
}


def describe_errors(exc: ValidationError, labels: Mapping[str, str]) -> str:
    """One line per problem, naming the form's label for each field."""
    lines: list[str] = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        label = labels.get(field, field.replace("_", " ").capitalize())
        message = _PLAIN_ERRORS.get(error["type"], str(error["msg"]))
        message = message.removeprefix("Value error, ")
        lines.append(f"{label}: {message}" if label else message)
    return "\n".join(dict.fromkeys(lines))


def text_or_none(value: str) -> str | None:
    """An optional field: empty (or blank) means not given."""
    value = value.strip()
    return value or None


def date_text(value: date | None) -> str:
    return "" if value is None else value.isoformat()


class FormModal(OpstuiModal[T | None], Generic[T]):
    """A dialog with fields, dismissed with the model it builds, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # Not a priority binding: keys typed just before it reach their field first.
        Binding("ctrl+s", "save", "Save"),
    ]
    #: What each model field is called in the form, for the error messages.
    LABELS: ClassVar[Mapping[str, str]] = {}
    #: The field the form opens on (a selector); None: the first that takes input.
    FIRST_FIELD: ClassVar[str | None] = None

    heading: str = "Form"
    save_label: str = "Save"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.heading, style="bold"), classes="form-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.compose_fields()
            yield Static(classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(self.save_label, variant="primary", id="form-save")
                yield Button("Cancel", id="form-cancel")

    def compose_fields(self) -> ComposeResult:
        """The form's labels and inputs."""
        yield from ()

    def build(self) -> T:
        """The model the form describes; raises ValidationError or ValueError if invalid."""
        raise NotImplementedError

    # -- helpers for subclasses ------------------------------------------------------

    @staticmethod
    def labelled(label: str, widget: Widget, hint: str = "") -> Iterable[Widget]:
        """A field: its label (with an optional hint beside it) above its input."""
        text = Text().append(label, style="bold")
        if hint:
            text.append(f"  {hint}", style=MUTED)
        yield Label(text, classes="form-label")
        yield widget

    @staticmethod
    def inline(label: str, widget: Widget, hint: str = "") -> Iterable[Widget]:
        """A short field on one line: its label, a compact input, and a hint after it."""
        row = Horizontal(
            Label(Text().append(label, style="bold"), classes="form-inline-label"),
            widget,
            Label(Text().append(hint, style=MUTED), classes="form-inline-hint"),
            classes="form-inline",
        )
        yield row

    def value_of(self, widget_id: str) -> str:
        """What is typed in an Input or TextArea."""
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Input):
            return widget.value
        raise TypeError(f"#{widget_id} holds no text")

    def choice_of(self, widget_id: str) -> Any:
        """The value picked in a Select, or None when nothing is picked."""
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    def show_error(self, message: str) -> None:
        error = self.query_one(".form-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    # -- actions ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.show_error("")
        if self.FIRST_FIELD is not None:
            self.query_one(self.FIRST_FIELD).focus()
            return
        # Start in the first field that takes input, not on the scrolling box.
        for widget in self.query(".form-fields *"):
            if widget.focusable:
                widget.focus()
                break

    @guarded()
    def action_save(self) -> None:
        try:
            result = self.build()
        except ValidationError as exc:
            self.show_error(describe_errors(exc, self.LABELS))
            return
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter in a one-line field saves, as in most dialogs.
        event.stop()
        self.action_save()
