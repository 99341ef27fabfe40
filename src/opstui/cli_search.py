"""``opstui search``: every initiative's remarks, fill-in answers, decisions and actions
found by the words they hold, best first.

Registered on the command group by ``opstui.cli``. The search is the store's
(``search_everything``), so the app's "Search everything" finds the same hits in the
same order. Private session notes are searched only with ``--with-private-notes``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from opstui.cli_support import UserError, db_option, echo, open_for_reading

if TYPE_CHECKING:
    from opstui.domain.search import Found

#: What a query with no letter or digit is told.
NOTHING_TO_SEARCH = "nothing to search for: give at least one word (letters or digits)"


def hit_json(hit: Found) -> dict[str, Any]:
    """One hit as ``--json`` prints it."""
    return {
        "kind": hit.kind.value,
        "id": hit.id,
        "initiative_id": hit.initiative_id,
        "initiative": hit.initiative_title,
        "session_id": hit.session_id,
        "session": hit.session_title,
        "date": hit.on,
        "detail": hit.detail,
        "snippet": hit.snippet.text,
        "matches": [list(span) for span in hit.snippet.spans],
        "score": hit.score,
    }


def hit_lines(hit: Found) -> list[str]:
    """One hit as plain text: where it lives, then its snippet with matches in brackets."""
    place = " · ".join(
        part for part in (hit.initiative_title, hit.session_title or "", hit.detail) if part
    )
    return [
        f"{hit.kind.value:<8} {hit.on or '-':<10} {hit.id[:8]}  {' '.join(place.split())}",
        f"  {hit.snippet.bracketed()}",
    ]


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="How many hits to print.",
)
@click.option(
    "--offset",
    type=click.IntRange(0, 100_000),
    default=0,
    help="Skip this many of the best hits (the next page).",
)
@click.option(
    "--with-private-notes",
    "private_notes",
    is_flag=True,
    help="Search the facilitators' private notes of ended sessions too.",
)
@db_option
def search(
    query: tuple[str, ...],
    as_json: bool,
    limit: int,
    offset: int,
    private_notes: bool,
    db_path: Path | None,
) -> None:
    """Search every initiative: remarks, fill-in answers, decisions and actions.

    Each word of QUERY must start a word of a hit ("sched" finds "scheduling"); any
    other character is ignored, so nothing typed is read as search syntax. The best
    matches come first.
    """
    from opstui.domain.search import query_words

    typed = " ".join(query)
    if not query_words(typed):
        raise UserError(NOTHING_TO_SEARCH)
    with open_for_reading(db_path) as store:
        # One more than asked tells whether another page follows.
        hits = store.search_everything(
            typed, limit=limit + 1, offset=offset, private_notes=private_notes
        )
    more = len(hits) > limit
    hits = hits[:limit]
    if as_json:
        document = {
            "query": typed,
            "words": query_words(typed),
            "offset": offset,
            "next_offset": offset + limit if more else None,
            "hits": [hit_json(hit) for hit in hits],
        }
        echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if not hits:
        echo("No matches." if not offset else "No more matches.")
        return
    for hit in hits:
        for line in hit_lines(hit):
            echo(line)
    shown = f"{offset + 1}-{offset + len(hits)}"
    echo()
    echo(f"Hits {shown}" + (f"; more with --offset {offset + limit}." if more else "."))
