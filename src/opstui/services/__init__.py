"""What the user does, once for the command line and the app: no Textual, no SQL.

Each module here is one use case. It reads and writes through ``opstui.db``'s store,
takes its rules from ``opstui.domain`` and its renderers from ``opstui.export``, and
says what went wrong with exceptions whose text is written for the user. The CLI and
the screens only ask and show.
"""
