"""Playbooks: session templates with an agenda, fill-in templates and proposals to vote on.

Built-in playbooks ship as TOML inside the package; custom ones are read from the
user's config folder. Both are validated here, and every problem is reported with
the field it is in.

A custom file is untrusted: it is read only if it is a regular file (or a link to one)
of at most ``MAX_BYTES`` (``opstui.files`` decides), its values may nest at most
``MAX_DEPTH`` deep, and whatever goes wrong in reading it makes it a broken playbook
with a one-line reason, never an exception: the app reads the folder on every session
start and resume, and one bad file must not keep a facilitator out of a session.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationError, model_validator

from opstui.domain.base import Model, Prose, Title
from opstui.domain.initiative_fills import check_fills
from opstui.domain.pulse import PulseSpec
from opstui.domain.session import FieldValue, SessionKind
from opstui.domain.steps import Step
from opstui.domain.values import FieldType as FieldType  # re-exported
from opstui.domain.voting import PassRule, ProposalSubject, VoteMethod, check_vote_setup
from opstui.files import UnsafeFile, read_regular_file

#: The largest custom playbook read: the built-in ones are under 10 KiB.
MAX_BYTES = 256 * 1024
#: How deep values may nest: a playbook needs 6 levels (templates, fields, choices…).
MAX_DEPTH = 32

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]


class FieldSpec(Model):
    """One field of a fill-in template."""

    key: Key
    label: Title
    type: FieldType = FieldType.TEXT
    required: bool = False
    help: Prose = ""
    choices: list[Title] = Field(default_factory=list)
    #: Scale and number bounds; a scale defaults to 1-5.
    min: float | None = None
    max: float | None = None
    #: What the value fills in the initiative: one of its texts (``root_cause``) or a
    #: readiness element (``readiness.vision``); see ``domain.initiative_fills``.
    fills: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.type is FieldType.CHOICE and len(self.choices) < 2:
            raise ValueError("a choice field needs at least two choices")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError("only a choice field has choices")
        low, high = self.bounds
        if low is not None and high is not None and low > high:
            raise ValueError("min is larger than max")
        if self.fills is not None:
            check_fills(self.fills, self.type, self.bounds)
        return self

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        if self.type is FieldType.SCALE:
            return (
                self.min if self.min is not None else 1,
                self.max if self.max is not None else 5,
            )
        return self.min, self.max

    def parse(self, raw: str) -> FieldValue:
        """Turn what was typed into the field's value, or raise ValueError saying why."""
        text = raw.strip()
        if not text:
            if self.required:
                raise ValueError(f"{self.label} is required")
            return None
        match self.type:
            case FieldType.TEXT | FieldType.LONG_TEXT:
                return raw if self.type is FieldType.LONG_TEXT else text
            case FieldType.CHOICE:
                for choice in self.choices:
                    if choice.lower() == text.lower():
                        return choice
                raise ValueError(f"{self.label}: choose one of {', '.join(self.choices)}")
            case FieldType.SCALE | FieldType.NUMBER:
                try:
                    number = float(text) if self.type is FieldType.NUMBER else int(text)
                except ValueError:
                    kind = "a whole number" if self.type is FieldType.SCALE else "a number"
                    raise ValueError(f"{self.label} must be {kind}") from None
                if number != number or number in (float("inf"), float("-inf")):
                    raise ValueError(f"{self.label} must be a finite number")
                low, high = self.bounds
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValueError(f"{self.label} must be {_range(low, high)}")
                if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
                    return int(number)
                return number
            case FieldType.DATE:
                try:
                    return date.fromisoformat(text).isoformat()
                except ValueError:
                    raise ValueError(f"{self.label} must be a date like 2026-03-31") from None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {_num(low)} and {_num(high)}"
    if low is not None:
        return f"at least {_num(low)}"
    return f"at most {_num(high if high is not None else 0)}"


class TemplateSpec(Model):
    """A template the participants fill in together."""

    key: Key
    title: Title
    description: Prose = ""
    fields: list[FieldSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_fields(self) -> Self:
        _require_unique([f.key for f in self.fields], "field key")
        # Two fields of one sheet filling the same thing would overwrite each other.
        _require_unique([f.fills for f in self.fields if f.fills], "fills target")
        return self

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)


class AgendaSpec(Model):
    """One agenda item of a playbook."""

    title: Title
    minutes: int = Field(default=5, ge=1, le=600)
    prompt: Prose = ""
    capture: Prose = ""


class ProposalSpec(Model):
    """A proposal the playbook brings to a vote."""

    key: Key
    title: Title
    description: Prose = ""
    method: VoteMethod = VoteMethod.FIST_OF_FIVE
    pass_rule: PassRule | None = None
    subject: ProposalSubject = ProposalSubject.GENERAL
    options: list[Title] = Field(default_factory=list)
    budget: int = Field(default=0, ge=0, le=100)
    anonymous: bool = False

    @model_validator(mode="after")
    def _fits_method(self) -> Self:
        # The checks Proposal makes, so a custom playbook is refused when it is checked
        # rather than when the vote is called in the middle of a session.
        check_vote_setup(self.method, self.options, self.budget, self.pass_rule)
        return self


class Playbook(Model):
    """A session template: what to cover, what to fill in, what to decide."""

    key: Key
    title: Title
    kind: SessionKind
    step: Step
    description: Prose = ""
    agenda: list[AgendaSpec] = Field(min_length=1)
    templates: list[TemplateSpec] = Field(default_factory=list)
    proposals: list[ProposalSpec] = Field(default_factory=list)
    #: The closing fist of five(s) offered when the session ends (none unless asked).
    pulse: PulseSpec = Field(default_factory=PulseSpec)

    @model_validator(mode="after")
    def _unique_keys(self) -> Self:
        _require_unique([t.key for t in self.templates], "template key")
        _require_unique([p.key for p in self.proposals], "proposal key")
        return self

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)

    def template(self, key: str) -> TemplateSpec:
        for spec in self.templates:
            if spec.key == key:
                return spec
        raise KeyError(key)


def _require_unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"the {what} {key!r} is used twice")
        seen.add(key)


@dataclass(frozen=True)
class PlaybookProblem:
    """One thing wrong with a playbook file: where it is and what it is."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class PlaybookError(Exception):
    """A playbook file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[PlaybookProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class PlaybookEntry:
    """A playbook as found on disk: loaded, or broken with its error."""

    source: str
    builtin: bool
    playbook: Playbook | None = None
    error: PlaybookError | None = None


def parse_playbook(text: str, source: str = "<playbook>") -> Playbook:
    """Read a playbook from TOML text; raise PlaybookError listing every problem."""
    too_deep = PlaybookProblem("TOML syntax", f"values nested more than {MAX_DEPTH} deep")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(source, [PlaybookProblem("TOML syntax", str(exc))]) from None
    except RecursionError:
        raise PlaybookError(source, [too_deep]) from None
    except Exception as exc:  # whatever else a hostile file provokes: broken, not a crash
        raise PlaybookError(source, [_unexpected(exc)]) from None
    if _depth(data) > MAX_DEPTH:
        raise PlaybookError(source, [too_deep])
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        problems = [
            PlaybookProblem(_location(err["loc"]), err["msg"].removeprefix("Value error, "))
            for err in exc.errors()
        ]
        raise PlaybookError(source, problems) from None
    except Exception as exc:
        raise PlaybookError(source, [_unexpected(exc)]) from None


def _unexpected(exc: BaseException) -> PlaybookProblem:
    return PlaybookProblem("", f"cannot be read ({type(exc).__name__})")


def _depth(data: object) -> int:
    """How deep tables and arrays nest in parsed TOML (walked without recursion)."""
    deepest = 0
    pending: list[tuple[object, int]] = [(data, 0)]
    while pending:
        value, level = pending.pop()
        children: list[object] = []
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part + 1}]" if parts else f"[{part + 1}]"]
        else:
            parts.append(str(part))
    return ".".join(parts)


def load_playbook_file(path: Path) -> Playbook:
    """Read one playbook file; unreadable or hostile files become a PlaybookError too."""
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except UnsafeFile as exc:
        raise PlaybookError(
            str(path), [PlaybookProblem("", f"cannot read: it {exc.reason}")]
        ) from None
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        raise PlaybookError(str(path), [PlaybookProblem("", reason)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"cannot read: it is not UTF-8 text (byte {exc.start + 1})"
        raise PlaybookError(str(path), [PlaybookProblem("", reason)]) from None
    return parse_playbook(text, str(path))


def builtin_playbooks() -> list[Playbook]:
    """The playbooks that ship with opstui, in the order of the method."""
    folder = resources.files("opstui.playbooks")
    books = [
        parse_playbook(item.read_text(encoding="utf-8"), f"built-in {item.name}")
        for item in folder.iterdir()
        if item.name.endswith(".toml")
    ]
    return sorted(books, key=lambda b: (int(b.step), b.title))


def discover_playbooks(custom_folder: Path | None) -> list[PlaybookEntry]:
    """Built-in playbooks, then the custom ones in a folder; broken ones carry their error."""
    entries = [PlaybookEntry(f"built-in:{b.key}", True, b) for b in builtin_playbooks()]
    for path in _custom_files(custom_folder):
        try:
            entries.append(PlaybookEntry(str(path), False, load_playbook_file(path)))
        except PlaybookError as exc:
            entries.append(PlaybookEntry(str(path), False, error=exc))
        except Exception as exc:  # never let one file stop the listing or a session
            error = PlaybookError(str(path), [_unexpected(exc)])
            entries.append(PlaybookEntry(str(path), False, error=error))
    return entries


def _custom_files(folder: Path | None) -> list[Path]:
    """The ``*.toml`` names in the custom folder (whatever they are: each is checked)."""
    if folder is None:
        return []
    try:
        return sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError:
        return []
