"""``python -m opstui.datasette`` prints where the metadata file is, for ``datasette -m``."""

from __future__ import annotations

import click

from opstui.datasette import METADATA

if __name__ == "__main__":
    click.echo(str(METADATA))
