"""Text colours that read at WCAG AA in every theme, for CSS and for Rich text alike.

Textual's own ``$text-success`` or ``$text-warning`` are not always enough: in
``textual-light`` they measure 3.2–3.8:1 on the panel colour, and the footer's keys 2.9:1.
``readable_variables`` nudges each text colour of the current theme towards black (light
themes) or white (dark ones) until it reads at ``TARGET`` on every background it is put
on, so ``$text-*`` in the styles, and the tones below in Python, stay readable whatever
theme is chosen.

Python code colours Rich ``Text`` with the styles below (``GOOD``, ``BAD``...), never with
colour names such as "green". Each is written as Textual CSS ("bold $text-success"), which
Textual resolves in the current theme where it meets a ``Text``'s own style; and the app
puts a Rich theme on its console that has each under the same name (``rich_tones``), for
the spans inside a ``Text`` and for tables that render it with Rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.style import Style
from rich.theme import Theme
from textual.color import BLACK, WHITE, Color, ColorParseError

#: AA asks 4.5:1; the margin covers the light tints of striped rows and focused lists.
TARGET = 5.0
#: Under an unfocused cursor only AA itself, and a hair, so that the bar stays visible.
AA_MARGIN = 4.6

GOOD = "$text-success"
GOOD_BOLD = "bold $text-success"
BAD = "$text-error"
BAD_BOLD = "bold $text-error"
WARN = "$text-warning"
WARN_BOLD = "bold $text-warning"
INFO = "$text-primary"
INFO_BOLD = "bold $text-primary"
ACCENT_BOLD = "bold $text-accent"
OTHER_BOLD = "bold $text-secondary"
#: Instead of Rich's "dim", which halves the contrast of whatever it dims.
MUTED = "$text-muted"
MUTED_BOLD = "bold $text-muted"
MUTED_ITALIC = "italic $text-muted"
MUTED_STRIKE = "strike $text-muted"

#: The theme variables the tones take their colours from.
_SOURCES = ("text-success", "text-error", "text-warning", "text-primary", "text-accent",
            "text-secondary", "text-muted")  # fmt: skip
_VARIANTS = {"": Style(), "bold": Style(bold=True), "italic": Style(italic=True),
             "strike": Style(strike=True)}  # fmt: skip
#: The text colours made readable, and the backgrounds each must read on.
_TEXT = ("text-primary", "text-secondary", "text-accent", "text-success", "text-warning",
         "text-error")  # fmt: skip
_BACKGROUNDS = ("background", "surface", "panel")
#: How much of the foreground muted text keeps (Textual's own is 60%): with 80% the
#: unfocused cursor bar of a light theme can stay visible under it (see _faint).
_MUTED_SHARE = 0.8


def luminance(colour: Color) -> float:
    """WCAG 2.x relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG 2.x contrast ratio, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: Color, backgrounds: Iterable[Color], *, dark: bool) -> Color:
    """The colour, moved towards white (dark theme) or black (light) until it reads at TARGET
    on every background; unchanged if it does already."""
    grounds = list(backgrounds)
    toward = WHITE if dark else BLACK
    for step in range(21):
        candidate = colour.blend(toward, step / 20)
        if all(contrast(candidate, ground) >= TARGET for ground in grounds):
            return candidate
    return toward


def _solid(variables: Mapping[str, str], name: str) -> Color | None:
    try:
        colour = Color.parse(variables[name])
    except (KeyError, ColorParseError):
        return None
    # Translucent and ANSI colours are left to the terminal: there is no knowing them here.
    return colour if colour.a == 1 and colour.ansi is None else None


def readable_variables(variables: Mapping[str, str], *, dark: bool) -> dict[str, str]:
    """The theme variables to replace so that text reads at TARGET (ANSI themes: none)."""
    grounds = [c for c in (_solid(variables, n) for n in _BACKGROUNDS) if c is not None]
    foreground = _solid(variables, "foreground")
    if not grounds or foreground is None:
        return {}
    changed: dict[str, str] = {}
    for name in _TEXT:
        colour = _solid(variables, name)
        if colour is not None:
            changed[name] = readable(colour, grounds, dark=dark).hex
    # Muted text is a solid colour, so Rich text can have it too.
    muted = grounds[0].blend(foreground, _MUTED_SHARE)
    changed["text-muted"] = readable(muted, grounds, dark=dark).hex
    footer = _solid(variables, "footer-background")
    key = _solid(variables, "footer-key-foreground")
    if footer is not None and key is not None:
        changed["footer-key-foreground"] = readable(key, [footer], dark=dark).hex
    cursor = _solid(variables, "block-cursor-background")
    if cursor is not None:
        # Textual's cursor bar carries its text at 87% (3.8:1 in textual-dark): the text is
        # made solid and the bar moved away from it until it reads.
        text = _solid(variables, "block-cursor-foreground") or cursor.get_contrast_text(1.0)
        changed["block-cursor-background"] = _away(cursor, text).hex
        changed["block-cursor-foreground"] = text.hex
    blurred = _translucent(variables, "block-cursor-blurred-background")
    if blurred is not None:
        # Lists keep their rows' own colours under an unfocused cursor: muted text there
        # measured 3.5:1 in textual-light. The bar is made fainter until it reads.
        faint = _faint(blurred, grounds, Color.parse(changed["text-muted"]))
        changed["block-cursor-blurred-background"] = faint.hex
    return changed


def _away(bar: Color, text: Color) -> Color:
    """The bar, darkened or lightened away from its text until that reads on it."""
    away = BLACK if luminance(text) > luminance(bar) else WHITE
    for step in range(21):
        candidate = bar.blend(away, step / 20)
        if contrast(candidate, text) >= TARGET:
            return candidate
    return away


def _translucent(variables: Mapping[str, str], name: str) -> Color | None:
    try:
        colour = Color.parse(variables[name])
    except (KeyError, ColorParseError):
        return None
    return colour if colour.ansi is None else None


def _faint(bar: Color, grounds: Iterable[Color], text: Color) -> Color:
    """The translucent bar, fainter until the text reads at AA on it over every ground."""
    grounds = list(grounds)
    alpha = bar.a
    while alpha > 0.1:
        faint = bar.with_alpha(alpha)
        if all(contrast(ground + faint, text) >= AA_MARGIN for ground in grounds):
            break
        alpha -= 0.025
    return bar.with_alpha(alpha)


def rich_tones(variables: Mapping[str, str]) -> Theme:
    """The Rich styles behind ``GOOD``, ``MUTED``... in the theme these variables describe."""
    styles: dict[str, Style] = {}
    for source in _SOURCES:
        base = _rich_colour(variables.get(source, ""))
        for variant, extra in _VARIANTS.items():
            styles[f"{variant} ${source}".strip()] = base + extra
    return Theme(styles, inherit=False)


def _rich_colour(value: str) -> Style:
    """A theme colour as a Rich style; in ANSI themes, the terminal's own colour (or dim)."""
    name = value.split()[0] if value else ""
    if name.startswith("ansi_"):
        colour = name.removeprefix("ansi_")
        return Style(dim=True) if colour == "default" else Style(color=colour)
    try:
        parsed = Color.parse(value)
    except ColorParseError:
        return Style()
    return Style(color=parsed.hex[:7])
