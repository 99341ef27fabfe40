"""Participants' own devices in a live session: inviting them, and the remarks they send.

A part of the live screen, as ``votes.py`` and ``captures.py`` are. Inviting starts the
participant server (``opstui.web``, imported only then: it brings in aiohttp) on the
app's own event loop, over a ``LiveDeviceDesk`` of the screen's ``LiveSession``: a
device's act goes through the same object as the facilitator's keys, and the desk tells
the screen (``DevicesChanged``) so that it shows it. The facilitator's own acts wake the
devices' pages in turn (``Devices.follow``).

Where the invitation shows depends on the room the screen has: from 100 columns and 32
rows, a panel beside the live panels holds the link, the code, the QR code and who has
joined; below that, one line under the agenda item holds the link and the code, and the
QR code opens over the screen until Escape.

Remarks from devices wait in a queue panel until accepted (they become the session's
feedback) or rejected (deleted); see ``opstui.widgets.device_queue`` for what shows of
them in presenter-safe view. The server is closed when the session ends, is cancelled
or is left, and when the app quits: every link is then dead and the port free.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from opstui.domain.text import printable
from opstui.screens.base import guarded
from opstui.screens.modals.choose import Choice, ChooseModal
from opstui.screens.modals.confirm import ConfirmModal
from opstui.services.devices import LiveDeviceDesk
from opstui.services.live_session import LiveSession, LiveSessionError
from opstui.widgets.device_queue import DeviceQueue
from opstui.widgets.qr import QRCode
from opstui.widgets.user_text import user_text

if TYPE_CHECKING:
    from opstui.screens.live import LiveSessionScreen
    from opstui.web.server import DeviceServer

LAN_WARNING = "Anyone on your network who has the link can join."
#: The actions of this part that need something waiting in the queue.
QUEUE_ACTIONS = frozenset({"accept_remark", "reject_remark"})


class DevicesChanged(Message):
    """A device acted on the session (a ballot, a remark): the screen shows it."""


def invitation_lines(server: DeviceServer, lan: bool) -> Text:
    """The link to share, the code to read aloud and where to type it."""
    text = Text()
    text.append("Join  ", style="bold")
    text.append(server.join_url)
    text.append("\nCode  ", style="bold")
    text.append(server.code, style="bold reverse")
    text.append(f"  at {server.public_url or server.base_url}")
    if lan:
        text.append(f"\n{LAN_WARNING}", style="bold")
    return text


def device_line(server: DeviceServer, joined: int, lan: bool, width: int, waiting: int = 0) -> Text:
    """The link and the code in one line of ``width`` (the link whole, always), with what
    else fits: the labels, how many remarks wait (the queue may be out of sight while a
    vote fills a small screen), how many joined, the LAN warning and the key for more."""
    line = Text(server.join_url)
    line.append("  ")
    line.append(server.code, style="bold reverse")
    extras = [
        (f"  {waiting} waiting" if waiting else "", "bold"),
        (f"  {joined} joined", "dim"),
        ("  on the LAN: anyone there with the link can join" if lan else "", "bold"),
        ("  · i for more", "dim"),
    ]
    if len(line) + len("Devices  code ") <= width:
        labelled = Text("Devices  ", style="bold")
        labelled.append(server.join_url)
        labelled.append("  code ")
        labelled.append(server.code, style="bold reverse")
        line = labelled
    for extra, style in extras:
        if extra and len(line) + len(extra) <= width:
            line.append(extra, style=style)
    return line


class DevicesPanel(Vertical):
    """The invitation beside the live panels: link, code, QR code, who has joined."""

    def compose(self) -> ComposeResult:
        yield Static(id="devices-link")
        yield QRCode(id="devices-qr")
        yield Static(id="devices-joined")


class DeviceQR(ModalScreen[None]):
    """The QR code over the whole screen, where there is no room beside the panels."""

    DEFAULT_CSS = """
    DeviceQR {
        align: center middle;
    }
    DeviceQR > Vertical {
        width: auto;
        height: auto;
        max-height: 100%;
        background: $panel;
    }
    DeviceQR Static {
        width: auto;
        max-width: 80;
    }
    """

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, server: DeviceServer, *, lan: bool, no_color: bool) -> None:
        super().__init__()
        self.server, self.lan, self.no_color = server, lan, no_color

    def compose(self) -> ComposeResult:
        server = self.server
        with Vertical():
            heading = Text(f"Scan, or open {server.public_url or server.base_url} and type ")
            heading.append(server.code, style="bold reverse")
            heading.append(" · Esc closes", style="dim")
            yield Static(heading)
            yield QRCode(id="device-qr")
            yield Static(Text(server.join_url), id="device-qr-link")
            if self.lan:
                yield Static(Text(LAN_WARNING, style="bold"))

    def on_mount(self) -> None:
        rows = self.app.size.height - (3 if self.lan else 2)
        self.query_one(QRCode).show(self.server.join_url, no_color=self.no_color, max_rows=rows)

    def action_close(self) -> None:
        self.dismiss(None)


class Devices:
    """The devices invited to one live screen's session, and their remarks' queue."""

    def __init__(self, screen: LiveSessionScreen) -> None:
        self.screen = screen
        self.server: DeviceServer | None = None
        self.qr_shown = True
        # Kept by reference, like the screen's other parts: composed by the screen.
        self.line = Static(id="live-devices-line")
        self.panel = DevicesPanel(id="live-devices")
        self.queue = DeviceQueue(id="live-queue")
        self.panel.border_title = "Devices"

    @property
    def live(self) -> LiveSession:
        return self.screen.live

    @property
    def app(self) -> App[object]:
        return self.screen.app

    @property
    def lan(self) -> str | None:
        """The LAN address to serve on (``opstui --devices-lan``), or None for loopback."""
        return self.screen.host.devices_lan

    @property
    def roomy(self) -> bool:
        """Whether the invitation fits beside the live panels (else one line and a dialog)."""
        return not (self.screen.has_class("-compact") or self.screen.has_class("-narrow"))

    # -- inviting ------------------------------------------------------------------------

    async def invite(self) -> None:
        """Start the server (the first time), or offer what can be done with it."""
        if self.server is not None:
            self.offer()
            return
        from opstui.web.server import DeviceServer  # aiohttp: only once devices are invited

        settings = self.screen.settings
        desk = LiveDeviceDesk(self.live, on_change=self.device_acted)
        lan = self.lan
        try:
            self.server = await DeviceServer.start(
                desk,
                host=lan or "127.0.0.1",
                port=settings.devices_port,
                public_url=settings.devices_public_url,
                allow_lan=lan is not None,
            )
        except (OSError, ValueError) as exc:
            said = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.screen.notify(
                f"Devices could not be invited: {said}", title="Devices", severity="error"
            )
            return
        self.qr_shown = True
        self.show()
        self.screen.notify(f"Devices invited: code {self.server.code}.", title="Devices")
        if not self.roomy:
            self.show_qr()

    def device_acted(self) -> None:
        """The desk's ``on_change``: runs in the request, on the loop; the screen shows it."""
        self.screen.post_message(DevicesChanged())

    def offer(self) -> None:
        """What can be done with the devices invited: the QR code, a new link, a name, close."""
        server = self.server
        if server is None:
            return
        taken = len(server.taken())
        qr = "Show the QR code" if not (self.qr_shown and self.roomy) else "Hide the QR code"
        choices = [
            Choice("qr", Text(qr)),
            Choice("rotate", Text("New link and code (the old ones stop working)")),
            Choice("free", Text(f"Free a name ({taken} joined)…"), enabled=taken > 0),
            Choice("close", Text("Close devices (every link stops working)")),
        ]
        self.screen.app.push_screen(ChooseModal("Devices", choices), self.chosen)

    async def chosen(self, choice: str | None) -> None:
        server = self.server
        if server is None or choice is None:
            return
        if choice == "qr":
            if self.roomy:
                self.qr_shown = not self.qr_shown
                self.show()
            else:
                self.show_qr()
        elif choice == "rotate":
            server.rotate()
            self.show()
            self.screen.notify(f"New link and code: {server.code}. The old ones no longer work.")
        elif choice == "free":
            self.offer_names()
        elif choice == "close":
            await self.close()
            self.screen.notify("Devices closed: the links no longer work.", title="Devices")

    def show_qr(self) -> None:
        if self.server is not None:
            modal = DeviceQR(
                self.server, lan=self.lan is not None, no_color=self.screen.app.no_color
            )
            self.screen.app.push_screen(modal)

    def offer_names(self) -> None:
        server = self.server
        if server is None:
            return
        names = self.live.names
        choices = [
            Choice(person_id, user_text(names.get(person_id, "someone")))
            for person_id in sorted(server.taken(), key=lambda p: names.get(p, "").casefold())
        ]
        hint = "The browser holding it must join again · Enter frees · Esc cancel"
        self.screen.app.push_screen(ChooseModal("Free a name", choices, hint=hint), self.freed)

    def freed(self, person_id: str | None) -> None:
        if person_id is not None and self.server is not None:
            self.server.release(person_id)
            name = self.live.names.get(person_id, "someone")
            self.screen.notify(f"{name}'s name is free to join again.")
            self.show()

    async def close(self) -> None:
        """Close the server: every link and code dead, the port free. Safe to repeat."""
        server, self.server = self.server, None
        if server is not None:
            server.changed()  # pages waiting hear the last state before the links die
            await server.close()
        # The screen may be leaving: its widgets are then no longer there to show it.
        with contextlib.suppress(Exception):
            self.show()

    def close_soon(self) -> None:
        """Close from a callback that cannot wait (the session just ended)."""
        self.screen.app.run_worker(self.close(), exit_on_error=False)

    # -- showing -------------------------------------------------------------------------

    def follow(self) -> None:
        """Something was done (here or on a device): wake the pages, show the queue."""
        if self.server is not None:
            self.server.changed()
        self.show()

    def show(self) -> None:
        screen, server = self.screen, self.server
        live = screen.live
        queued = live.queue()
        screen.set_class(server is not None, "-devices")
        screen.set_class(bool(queued) or server is not None, "-queue")
        self.queue.show(queued, live.names, presenter_safe=screen.presenter_safe)
        if server is None:
            return
        lan = self.lan is not None
        joined = sorted(live.names.get(p, "someone") for p in server.taken())
        width = screen.size.width - 2
        self.line.update(device_line(server, len(joined), lan, width, len(queued)))
        self.panel.query_one("#devices-link", Static).update(invitation_lines(server, lan))
        qr = self.panel.query_one(QRCode)
        qr.display = self.qr_shown
        qr.show(server.join_url, no_color=screen.app.no_color, max_rows=screen.size.height - 17)
        said = Text("Joined  ", style="bold")
        said.append(", ".join(printable(n) for n in joined) if joined else "nobody yet")
        self.panel.query_one("#devices-joined", Static).update(said)
        width = max(len(qr.modules()[0]) if self.qr_shown else 0, 36) + 4
        self.panel.styles.width = width

    # -- the queue -------------------------------------------------------------------------

    def waiting(self) -> bool:
        return bool(self.live.queue())

    @guarded()
    def accept(self) -> None:
        """Make the highlighted remark (the oldest, if none is) the session's feedback."""
        remark_id = self.queue.highlighted_id
        if remark_id is None:
            self.screen.notify("No remark from a device is waiting.")
            return
        try:
            self.live.accept(remark_id)
        except LiveSessionError as exc:
            self.screen.notify(str(exc), severity="warning")
        else:
            self.screen.notify("Accepted: the remark is in the session's feedback.")
        self.screen.live_changed()

    def reject(self) -> None:
        """Delete the highlighted remark, once confirmed: it never reaches the feedback."""
        remark_id = self.queue.highlighted_id
        if remark_id is None:
            self.screen.notify("No remark from a device is waiting.")
            return
        remark = next((r for r in self.live.queue() if r.id == remark_id), None)
        # Its text is not yet the session's: asked about without it while presenting.
        detail = "" if remark is None or self.screen.presenter_safe else remark.text
        question = ConfirmModal("Reject this remark from a device?", yes="Reject", detail=detail)
        self.screen.app.push_screen(question, lambda yes: self.rejected(remark_id, yes))

    @guarded()
    def rejected(self, remark_id: str, reject: bool | None) -> None:
        if not reject:
            return
        try:
            self.live.reject(remark_id)
        except LiveSessionError as exc:
            self.screen.notify(str(exc), severity="warning")
        else:
            self.screen.notify("Rejected: the remark was deleted.")
        self.screen.live_changed()


class DevicesActions:
    """The live screen's devices commands (a base of ``LiveSessionScreen``, which keeps
    its class to the size of one idea)."""

    devices: Devices

    def devices_allow(self, action: str) -> bool | None:
        """Whether a devices action is offered now (``check_action``'s answer)."""
        if action in QUEUE_ACTIONS:
            return self.devices.waiting()
        return True

    async def action_invite_devices(self) -> None:
        await self.devices.invite()

    def action_accept_remark(self) -> None:
        self.devices.accept()

    def action_reject_remark(self) -> None:
        self.devices.reject()

    def on_devices_changed(self, message: DevicesChanged) -> None:
        message.stop()
        self.devices.screen.live_changed()
