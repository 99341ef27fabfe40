"""The participants' pages, served while devices are invited to a live session.

Imported only when the facilitator invites devices (it brings in aiohttp). It reaches the
session through ``opstui.services.device_desk.DeviceDesk`` alone: no store, no database,
no Textual.
"""
