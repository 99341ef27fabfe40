"""The participants' pages, served while devices are invited to a live session.

Imported only when the facilitator invites devices (it brings in aiohttp). It reaches the
session through ``opstui.services.device_desk.DeviceDesk`` alone: no store, no database,
no Textual.
"""

import logging

# A library's loggers go where the app sends them; without a handler of the app's own,
# Python's last-resort handler would write to stderr, over the facilitator's screen.
logging.getLogger("opstui.web").addHandler(logging.NullHandler())
