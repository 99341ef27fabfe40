"""The remarks participants sent from their own devices, waiting for the facilitator.

Each line says who sent it (or "anonymous"), its sentiment and kind, and its text,
literally. A remark is not the session's yet: in presenter-safe view (the screen is
shared) the text is masked until the facilitator accepts it, or turns presenter-safe
off to read it; who sent it, the feeling and the kind stay in view, so the facilitator
knows what waits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from opstui.domain.device_remarks import QueuedRemark
from opstui.widgets.user_text import user_text

__all__ = ["MASKED", "DeviceQueue"]

#: What the queue says while nothing waits.
EMPTY = "Remarks sent from devices wait here: Y accepts, N rejects."
#: What stands for a remark's text in presenter-safe view.
MASKED = "text hidden while presenter-safe: accept it to share it, or p to read it here"


def remark_line(remark: QueuedRemark, name: str | None, *, presenter_safe: bool) -> Text:
    """One waiting remark as the queue lists it."""
    line = Text()
    line.append_text(user_text(name, "bold") if name else Text("anonymous", style="italic"))
    line.append(f"  {remark.sentiment.symbol:<3}", style="bold")
    line.append(f"{remark.kind.value:<12}", style="dim")
    if presenter_safe:
        line.append(MASKED, style="dim italic")
    else:
        line.append_text(user_text(remark.text))
    return line


class DeviceQueue(OptionList):
    """The queue of remarks from devices, oldest first; the highlighted one is acted on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.remarks: list[QueuedRemark] = []

    def show(
        self,
        remarks: Sequence[QueuedRemark],
        names: Mapping[str, str],
        *,
        presenter_safe: bool,
    ) -> None:
        """List ``remarks`` (``names``: person id → name), keeping the highlighted one."""
        kept = self.highlighted_id
        self.remarks = list(remarks)
        self.clear_options()
        self.add_options(
            Option(
                remark_line(
                    remark,
                    names.get(remark.person_id) if remark.person_id else None,
                    presenter_safe=presenter_safe,
                ),
                id=remark.id,
            )
            for remark in self.remarks
        )
        if not self.remarks:
            self.add_option(Option(Text(EMPTY, style="dim italic"), disabled=True))
        self.border_title = f"From devices ({len(self.remarks)})"
        ids = [remark.id for remark in self.remarks]
        if ids:
            self.highlighted = ids.index(kept) if kept in ids else 0

    @property
    def highlighted_id(self) -> str | None:
        """The remark highlighted (the oldest, when none is)."""
        if not self.remarks:
            return None
        index = self.highlighted
        if index is None or not 0 <= index < len(self.remarks):
            return self.remarks[0].id
        return self.remarks[index].id
