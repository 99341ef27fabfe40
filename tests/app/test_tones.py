"""The text colours of every built-in Textual theme, once made readable, read at AA."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from opstui.widgets.tones import TARGET, contrast, readable_variables, rich_tones

SOLID_THEMES = sorted(name for name in BUILTIN_THEMES if not name.startswith("ansi-"))


@pytest.mark.parametrize("name", SOLID_THEMES)
def test_every_text_colour_reads_on_every_background(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    variables = theme.to_color_system().generate()
    changed = readable_variables(variables, dark=theme.dark)
    merged = {**variables, **changed}
    grounds = [Color.parse(merged[n]) for n in ("background", "surface", "panel")]
    for text in ("text-primary", "text-secondary", "text-accent", "text-success",
                 "text-warning", "text-error", "text-muted"):  # fmt: skip
        colour = Color.parse(merged[text])
        worst = min(contrast(colour, ground) for ground in grounds)
        assert worst >= TARGET, f"{name} {text} {colour.hex}: {worst:.2f}"
    bar = Color.parse(merged["block-cursor-background"])
    assert contrast(bar, Color.parse(merged["block-cursor-foreground"])) >= TARGET


def test_a_readable_colour_is_left_alone() -> None:
    variables = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    # textual-light's primary text is navy on light grey, 9:1 already.
    assert readable_variables(variables, dark=False)["text-primary"] == variables["text-primary"]


@pytest.mark.parametrize("name", ["ansi-dark", "ansi-light"])
def test_ansi_themes_are_left_to_the_terminal(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    assert readable_variables(theme.to_color_system().generate(), dark=theme.dark) == {}


def test_the_rich_tones_take_the_theme_colours() -> None:
    variables = {"text-success": "#235833", "text-muted": "#454545"}
    styles = rich_tones(variables).styles
    assert str(styles["bold $text-success"]) == "bold #235833"
    assert str(styles["strike $text-muted"]) == "strike #454545"


def test_in_an_ansi_theme_the_tones_are_the_terminal_colours() -> None:
    variables = BUILTIN_THEMES["ansi-dark"].to_color_system().generate()
    styles = rich_tones(variables).styles
    assert str(styles["$text-success"]) == "green"
    assert str(styles["$text-muted"]) == "dim"
