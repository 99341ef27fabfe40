"""The live session's panels: the item under way, the agenda, the participants, the
actions carried over. Each is fed what the live session holds and only draws it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.agenda_timer import TimerReading
from opstui.domain.initiative import Initiative, Person
from opstui.domain.session import ActionItem, AgendaItem, Session, SessionState
from opstui.domain.text import printable, shorten
from opstui.widgets.capture_list import clock_time
from opstui.widgets.tones import BAD_BOLD, MUTED, MUTED_BOLD, MUTED_STRIKE


def session_line(session: Session, initiative: Initiative) -> str:
    """The header's second line: the initiative, and whether the session is live or ended."""
    ended_at = session.ended_at
    if session.state is SessionState.ENDED and ended_at:
        state = f"ended {ended_at.astimezone():%d %b %Y} {clock_time(ended_at)}"
    elif session.state is SessionState.ENDED:
        state = "ended"
    else:
        state = "live"
    return f"{printable(initiative.title)} · {state}"


def item_title(item: AgendaItem, items: int) -> Text:
    """ "2/4  Confirm the picture": where the session is in its agenda."""
    title = Text()
    title.append(f"{item.position + 1}/{items}  ", style=MUTED)
    title.append(printable(item.title), style="bold")
    return title


#: The most of an agenda item's prompt drawn (its box shows four lines): a playbook's
#: prompt of 10 MB took 5.9 s to open, all of it wrapped to measure a box that shows
#: four lines (issue 23). Its capture hint is held to less.
PROMPT_SHOWN = 400
CAPTURE_SHOWN = 160
PROMPT_LINES = 3


def clipped(text: str, limit: int, lines: int) -> tuple[str, bool]:
    """The start of ``text``: at most ``limit`` characters and ``lines`` lines; and
    whether anything was cut. Cut before anything else reads the text, so its length
    costs nothing."""
    head = text[: limit + 1]
    kept = "\n".join(head.split("\n")[:lines])[:limit]
    return kept, len(kept) < len(text.rstrip())


def item_prompt(item: AgendaItem) -> Text:
    """What the facilitator asks now, and what to capture (cut, with a note, when long)."""
    prompt = Text(style="italic")
    if item.prompt:
        shown, cut = clipped(item.prompt, PROMPT_SHOWN, PROMPT_LINES)
        prompt.append(printable(shown))
        if cut:
            prompt.append(f" … (cut: {len(item.prompt):,} characters in all)", style=MUTED_BOLD)
    if item.capture:
        shown, cut = clipped(item.capture, CAPTURE_SHOWN, 1)
        prompt.append(("\n" if item.prompt else "") + "Capture: ", style=MUTED_BOLD)
        prompt.append(printable(shown) + (" …" if cut else ""), style=MUTED)
    return prompt


class AgendaPanel(Static):
    """Every item with its minutes: done ✓, the current one ▶ with the timer's reading."""

    #: What the panel was last drawn from.
    _drawn: object = None

    def show(
        self,
        agenda: Sequence[AgendaItem],
        current: int,
        reading: TimerReading | None,
    ) -> None:
        """Draw ``agenda``; ``reading`` is the running item's, None once the session ended.

        Called on every tick of the timer: the panel shows minutes, so it is drawn again
        only when something it shows changed, and the second's tick repaints the timer
        alone (idle live screen, benchmarks/live.py)."""
        rows: list[tuple[str, str, str, tuple[str, str]]] = []
        for item in agenda:
            is_current = item.position == current
            running = is_current and reading is not None
            if running and reading is not None:
                shown = reading
            else:
                shown = TimerReading(item.elapsed_seconds, item.allowed_seconds)
            marker = "▶" if running else ("✓" if item.ended_at else " ")
            style = "bold" if is_current else (MUTED if item.ended_at else "")
            allowed = item.planned_minutes + item.extra_minutes
            minutes: tuple[str, str]
            if shown.elapsed:
                minutes = (f"{shown.actual_minutes}/{allowed}m", BAD_BOLD if shown.overrun else "")
            else:
                minutes = (f"{allowed}m", MUTED)
            rows.append((marker, f"{item.position + 1}. {printable(item.title)}", style, minutes))
        if rows == self._drawn:
            return
        self._drawn = rows
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        for marker, title, style, (reads, reads_style) in rows:
            table.add_row(
                Text(marker, style="bold"),
                Text(title, style=style),
                Text(reads, style=reads_style),
            )
        self.update(table)


class PeoplePanel(Static):
    """The participants in two columns, each with the digit that picks them in forms."""

    def show(self, participants: Sequence[Person], facilitator: Person | None) -> None:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        cells = []
        for n, person in enumerate(participants, 1):
            cell = Text(f"{n}" if n <= 9 else "·", style="bold")
            cell.append(f" {printable(person.name)}")
            cells.append(cell)
        for row in range(0, len(cells), 2):
            grid.add_row(*cells[row : row + 2])
        self.update(grid if cells else Text("nobody picked", style=MUTED))
        # A border title is read as markup: a name is data, so it goes in as Text.
        self.border_subtitle = (
            Text(f"facilitator {printable(facilitator.name)}") if facilitator is not None else ""
        )


class CarriedList(OptionList):
    """Actions carried over from before: ☐ open, ✓ done since the session began."""

    def show(
        self, carried: Sequence[ActionItem], people: Mapping[str, Person], today: date
    ) -> None:
        kept = self.highlighted
        options = []
        for action in carried:
            line = Text("✓ " if action.done else "☐ ", style="bold")
            line.append(
                shorten(printable(action.text), 80), style=MUTED_STRIKE if action.done else ""
            )
            owner = people.get(action.owner_id or "")
            extra = [printable(owner.name)] if owner else []
            if action.due_on:
                extra.append(f"due {action.due_on.isoformat()}")
            if extra:
                line.append("  " + ", ".join(extra), style=MUTED)
            if action.overdue(today):
                line.append("  overdue", style=BAD_BOLD)
            options.append(Option(line, id=action.id))
        self.set_options(
            options or [Option(Text("No open actions from before.", style=MUTED), disabled=True)]
        )
        if options:
            self.highlighted = min(kept or 0, len(options) - 1)

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return None if option is None else option.id
