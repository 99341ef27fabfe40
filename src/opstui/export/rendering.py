"""The HTML and Slack forms of an export, from its Markdown (see ``export.document``)."""

from __future__ import annotations


def from_markdown(markdown: str, fmt: str) -> str:
    """An export's Markdown in ``fmt``: itself, or the same document as HTML or Slack.

    Only the Markdown is written from the data (``document`` explains why reading it
    back is exact); JSON and CSV are written from the data, not through here.
    """
    if fmt == "md":
        return markdown
    # Read back only for these formats: the reader and both writers cost an export to
    # Markdown (the default) about 40 ms of imports (issue 23: export's goal is 300 ms).
    from opstui.export.document import read_markdown

    if fmt == "html":
        from opstui.export.html_page import render_html

        return render_html(read_markdown(markdown))
    if fmt == "slack":
        from opstui.export.slack import render_slack

        return render_slack(read_markdown(markdown))
    raise ValueError(f"{fmt!r} is not written from Markdown")
