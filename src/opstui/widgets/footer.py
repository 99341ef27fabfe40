"""Textual's own footer, under the name two screens still import it by.

The footer that rebuilt itself only when its keys changed overrode Textual's private
``_bindings_ready`` and ``bindings_changed``; every screen now uses
``textual.widgets.Footer`` as it comes. The home and live screens, being reworked
elsewhere as this changed, import it from here until their imports are switched,
after which this module goes.
"""

from __future__ import annotations

from textual.widgets import Footer

__all__ = ["Footer"]
