"""``python -m opstui``: the same as the ``opstui`` command."""

from opstui.cli import main

main()
