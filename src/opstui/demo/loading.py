"""Reading the demo's data files, with every problem named by its file and its entry."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from opstui.demo.schema import (
    CAPTURE_TAGS,
    STORY_TAGS,
    PeopleFile,
    PersonEntry,
    References,
    StoryFile,
)
from opstui.domain.playbook import Playbook, builtin_playbooks

PEOPLE_FILE = "people.toml"
STORIES_FOLDER = "stories"

_File = TypeVar("_File", bound=BaseModel)


class DemoDataError(Exception):
    """A demo data file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Story:
    """One initiative's story and the file it came from."""

    source: str
    data: StoryFile


@dataclass(frozen=True)
class DemoData:
    """Everything the demo writes, checked, in the order it is written."""

    people: dict[str, PersonEntry]
    stories: list[Story]
    #: The built-in playbooks the sessions are run from, by key.
    playbooks: dict[str, Playbook]


def demo_files() -> Traversable:
    """The folder of the demo's data files, inside the installed package."""
    return resources.files("opstui.demo")


def story_files(folder: Traversable) -> list[Traversable]:
    """The story files, in the order they are written: their names start with their place."""
    places: list[tuple[int, Traversable]] = []
    for item in (folder / STORIES_FOLDER).iterdir():
        if item.name.endswith(".toml"):
            place, _, rest = item.name.partition("-")
            if not place.isdigit() or not rest:
                problem = (
                    "a story file's name starts with its place in the order, as in 5-name.toml"
                )
                raise DemoDataError(f"demo/{STORIES_FOLDER}/{item.name}", [problem])
            places.append((int(place), item))
    return [item for _, item in sorted(places, key=lambda pair: (pair[0], pair[1].name))]


def load_demo(folder: Traversable | None = None) -> DemoData:
    """Read and check the people and every story; raise DemoDataError on the first bad file."""
    folder = demo_files() if folder is None else folder
    people = _read(folder / PEOPLE_FILE, f"demo/{PEOPLE_FILE}", PeopleFile, None).people
    playbooks = {book.key: book for book in builtin_playbooks()}
    references = References(frozenset(people), playbooks)
    stories: list[Story] = []
    for item in story_files(folder):
        source = f"demo/{STORIES_FOLDER}/{item.name}"
        stories.append(Story(source, _read(item, source, StoryFile, references)))
    return DemoData(people, stories, playbooks)


def _read(item: Traversable, source: str, model: type[_File], context: object) -> _File:
    try:
        raw = tomllib.loads(item.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoDataError(source, [f"cannot read: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(source, [f"TOML syntax: {exc}"]) from None
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        problems = [
            f"{where(err['loc'], raw)}: {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        ]
        raise DemoDataError(source, problems) from None


def where(loc: tuple[int | str, ...], raw: Any) -> str:
    """A location in a data file, each list entry named by what it is.

    ``("story", 3, "session", "captures", 0, "said", "by")`` becomes
    ``story[4] (session "Discovery: …") > captures[1] (said "Shared his…") > by``.
    """
    parts: list[str] = []
    node = raw
    tagged = False
    for step in loc:
        if tagged and step in STORY_TAGS + CAPTURE_TAGS:
            # The tag pydantic adds after a list index: the entry's kind, named already.
            tagged = False
            continue
        tagged = False
        if isinstance(step, int) and isinstance(node, list) and parts:
            node = node[step] if 0 <= step < len(node) else None
            parts[-1] += f"[{step + 1}]{name_of(node)}"
            tagged = True
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(str(step))
    return " > ".join(parts) if parts else "the file"


def name_of(entry: Any) -> str:
    """How an entry of a list reads in a message: its kind and the start of its text."""
    if not isinstance(entry, dict):
        return ""
    for tag in (*STORY_TAGS, *CAPTURE_TAGS, "key", "name", "item"):
        if isinstance(entry.get(tag), str | int):
            text = str(entry[tag])
            return f' ({tag} "{text if len(text) <= 40 else text[:39] + "…"}")'
    return ""
