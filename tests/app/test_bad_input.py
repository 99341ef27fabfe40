"""Bad input in the app: a damaged file, broken playbooks, hostile text in every form field,
out-of-range dates and numbers, and every main screen at a tiny and a huge size.

Each case must end in a clear message or in the text saved and shown literally: never
a traceback, never half a record, never a lost one.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, Static, TextArea

from opstui.app import OpstuiApp, make_app
from opstui.db.errors import translate
from opstui.db.store import Store
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person, PilotCohort
from opstui.domain.metrics import Measure, Metric, Reading
from opstui.domain.playbook import TemplateSpec, builtin_playbooks
from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.domain.session import Feedback, ReadinessAssessment
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import Proposal
from opstui.screens.help import HelpScreen, KeyHelp
from opstui.screens.home import HomeScreen
from opstui.screens.live import LiveSessionScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.action_item import ActionItemForm
from opstui.screens.modals.cohort_form import CohortForm
from opstui.screens.modals.decision import DecisionForm
from opstui.screens.modals.event_form import EventForm
from opstui.screens.modals.export_dialog import ExportDialog
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.screens.modals.fill_in_form import FillInForm
from opstui.screens.modals.group_form import GroupForm
from opstui.screens.modals.initiative_form import InitiativeForm
from opstui.screens.modals.metric_form import MetricForm
from opstui.screens.modals.person_form import PersonForm
from opstui.screens.modals.plan_form import PlanForm
from opstui.screens.modals.prototype_form import PrototypeForm
from opstui.screens.modals.readiness_form import ReadinessForm
from opstui.screens.modals.reading_form import ReadingForm
from opstui.screens.modals.tick_note import TickNote
from opstui.screens.modals.vote_setup import VoteSetup
from opstui.screens.people import PeopleScreen
from opstui.screens.start_session import StartSession
from opstui.screens.workspace import TABS, WorkspaceScreen, tab_digit
from opstui.services.live_session import LiveSession
from tests.demo_cache import build_demo

#: Text a participant might say, paste or a broken tool might produce.
HOSTILE_TEXT: dict[str, str] = {
    "markup": "[bold]BOLD[/bold] [link=https://example.org]x[/link] [/] [red",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J",
    "control": "a\x00b\x07c\x08d\x0be\x7ff",
    "wide": "🎉 👩‍👩‍👧 漢字 ｆｕｌｌ width",
    "rtl": "\u202eעברית العربية\u202c",
    "100k": "word " * 20_000,
}
#: Hostile texts as they are stored: kept as text, but without a control character or a
#: bidi override, which would reach the terminal of whoever shows them.
STORED_AS: dict[str, str] = {
    HOSTILE_TEXT["ansi"]: "[31mred[0m ]0;title [2J",
    HOSTILE_TEXT["rtl"]: "עברית العربية",
}
#: Dates and numbers out of every sensible range.
OUT_OF_RANGE = ["0000-01-01", "99999-12-31", "-1e309", "nan", "inf"]
#: Fields that take a date or a number rather than free text.
DATE_OR_NUMBER = ("-on", "_on", "date", "started", "due", "review", "size", "value",
                  "baseline", "target", "budget", "quorum", "readiness-vision", "consensus",
                  "skills", "incentives", "resources", "action_plan", "window", "beyond",
                  "event-days")  # fmt: skip


@dataclass
class World:
    store: Store
    initiative: Initiative
    session_id: str
    metric: Metric
    people: list[Person]
    tmp: Path

    @property
    def live(self) -> LiveSession:
        """The session's acts, which the live dialogs are given to save with."""
        return LiveSession(self.store, self.session_id, playbooks_dir=self.tmp / "playbooks")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with Store.open(tmp_path / "demo.db") as store:
        build_demo(store)
        initiative = store.list_initiatives()[0]
        book = next(b for b in builtin_playbooks() if b.key == "validation")
        people = store.list_people()[:3]
        session, agenda = plan_session(
            initiative_id=initiative.id,
            playbook=book,
            title="Validation, live",
            participant_ids=[p.id for p in people],
            facilitator_id=None,
            now=datetime(2026, 11, 20, 15, tzinfo=UTC),
        )
        store.add_session(session, agenda)
        metric = store.list_metrics(initiative.id)[0]
        yield World(store, initiative, session.id, metric, people, tmp_path)


@dataclass
class FormCase:
    """A form, the valid values that make it savable, how it saves, and where it stores."""

    make: Callable[[World], Screen[Any]]
    valid: dict[str, str] = field(default_factory=dict)
    selects: dict[str, object] = field(default_factory=dict)
    save_action: str = "save"
    #: Fields the form ignores in the state tested (a dot vote's options, for a fist of five).
    skip: frozenset[str] = frozenset()
    #: For dialogs that return a model: store it as the screen would.
    store_it: Callable[[World, Any], object] | None = None


def _validation_template() -> TemplateSpec:
    return next(b for b in builtin_playbooks() if b.key == "validation").templates[0]


def _tick(world: World, note: str) -> None:
    world.store.tick(world.initiative.id, "baseline", note)


FORMS: dict[str, FormCase] = {
    "initiative": FormCase(
        lambda w: InitiativeForm(), {"initiative-title": "Valid initiative"},
        store_it=lambda w, m: w.store.add_initiative(m),
    ),
    "person": FormCase(
        lambda w: PersonForm(), {"person-name": "Valid Person"},
        store_it=lambda w, m: w.store.add_person(m),
    ),
    "group": FormCase(
        lambda w: GroupForm(w.initiative.id), {}, {"group-group": Group.OTHER},
        store_it=lambda w, m: w.store.set_affected_group(m),
    ),
    "cohort": FormCase(
        lambda w: CohortForm(w.initiative.id), {"cohort-name": "Payments team"},
        store_it=lambda w, m: w.store.add_cohort(m),
    ),
    "plan": FormCase(
        lambda w: PlanForm(w.initiative), store_it=lambda w, m: w.store.update_initiative(m)
    ),
    "readiness": FormCase(
        lambda w: ReadinessForm(w.initiative.id, date(2026, 11, 20)),
        {f"readiness-{e}": "3" for e in ("vision", "consensus", "skills", "incentives",
                                          "resources", "action_plan")},
        store_it=lambda w, m: w.store.add_readiness(m),
    ),
    "prototype": FormCase(
        lambda w: PrototypeForm(w.initiative.id, None), {"prototype-title": "Valid prototype"},
        store_it=lambda w, m: w.store.add_prototype(m),
    ),
    "metric": FormCase(
        lambda w: MetricForm(w.initiative.id), {"metric-name": "Valid metric"},
        # Measured from events, so that the window and the fraction are read too.
        selects={"metric-measure": Measure.EVENTS},
        store_it=lambda w, m: w.store.add_metric(m),
    ),
    "event": FormCase(
        lambda w: EventForm(
            next(m for m in w.store.list_metrics() if m.measure is Measure.EVENTS)
        ),
        {"event-date": "2031-01-01", "event-size": "2"},
        store_it=lambda w, e: w.store.add_event(e),
    ),
    "reading": FormCase(
        lambda w: ReadingForm(w.metric), {"reading-date": "2031-01-01", "reading-value": "3"},
        store_it=lambda w, m: w.store.add_reading(m),
    ),
    "tick note": FormCase(lambda w: TickNote("Baseline recorded"), store_it=_tick),
    "export path": FormCase(
        lambda w: ExportDialog("session", "Notes", w.tmp / "exports" / "notes.md")
    ),
    "vote setup": FormCase(
        lambda w: VoteSetup(
            session_id=w.session_id, offers=[], participants=3, save=w.live.call_vote
        ),
        {"vote-title": "Valid proposal"}, save_action="open_vote",
        skip=frozenset({"vote-options", "vote-budget"}),
    ),
    "decision": FormCase(
        lambda w: DecisionForm(
            session=w.store.get_session(w.session_id), save=w.live.record_decision
        ),
        {"decision-text": "We agreed"},
    ),
    "action": FormCase(
        lambda w: ActionItemForm(
            initiative_id=w.initiative.id, session_id=w.session_id, people=w.people,
            save=w.live.save_action,
        ),
        {"action-text": "Send the notes"},
    ),
    "feedback": FormCase(
        lambda w: FeedbackForm(
            session_id=w.session_id, participants=w.people, save=w.live.save_feedback
        ),
        {"feedback-text": "Valid remark"},
    ),
    "fill-in": FormCase(
        lambda w: FillInForm(
            template=(template := _validation_template()),
            fill_in=None,
            save_value=functools.partial(w.live.save_fill_in_value, template),
        ),
        save_action="done",
    ),
}  # fmt: skip


def text_fields(form: Screen[Any]) -> list[str]:
    return [str(w.id) for w in form.query("Input, TextArea") if w.id]


def set_text(form: Screen[Any], widget_id: str, value: str) -> None:
    widget = form.query_one(f"#{widget_id}")
    if isinstance(widget, Input):
        widget.value = value
    elif isinstance(widget, TextArea):
        widget.load_text(value)


def said(app: OpstuiApp, form: Screen[Any]) -> list[str]:
    """What the form or the app told the user: hints, errors, notifications."""
    shown = [
        str(w.render()) for w in form.query(".form-error, .form-hint") if isinstance(w, Static)
    ]
    return [s for s in shown if s.strip()] + [str(n.message) for n in app._notifications]


def strings(model: object) -> list[str]:
    """Every text value of a model, nested ones included."""
    if isinstance(model, BaseModel):
        model = model.model_dump()
    if isinstance(model, Path):
        return [str(model)]
    if hasattr(model, "__dataclass_fields__"):
        model = vars(model)
    if isinstance(model, dict):
        return [s for value in model.values() for s in strings(value)]
    if isinstance(model, list | tuple):
        return [s for value in model for s in strings(value)]
    return [model] if isinstance(model, str) else []


async def try_values(
    app: OpstuiApp, pilot: Pilot[None], world: World, case: FormCase, values: dict[str, str]
) -> str:
    """Fill the form validly, put ``values`` in their fields, save; what became of them."""
    results: list[Any] = []
    form = case.make(world)
    await app.push_screen(form, results.append)
    await pilot.pause()
    await pilot.pause()  # what the form sets up as it opens (an offer's title) comes first
    for select_id, choice in case.selects.items():
        form.query_one(f"#{select_id}", Select).value = choice
    await pilot.pause()  # a pick may fill other fields (a group's note): before typing
    for widget_id, value in {**case.valid, **values}.items():
        set_text(form, widget_id, value)
    form.query_one(f"#{next(iter(values))}").focus()
    app._notifications.clear()
    await pilot.pause()
    await form.run_action(case.save_action)
    await pilot.pause()
    assert app._exception is None
    if app.screen is form:
        told = said(app, form)
        assert told, f"{list(values)}: neither saved nor said why"
        assert not [t for t in told if "problem" in t.casefold()], told
        app.pop_screen()
        await pilot.pause()
        return "refused: " + told[0].splitlines()[0][:70]
    [result] = results
    if result is None:
        return "nothing to save"
    if case.store_it is not None:
        case.store_it(world, result)  # as the screen would: raises if the store refuses
    kept = strings(result)
    value = next(iter(values.values()))
    # A file name is kept as the path it names ("a//b" is "a/b").
    as_path = str(Path(value.strip()))
    literal = any(value in s or value.strip() == s or as_path in s for s in kept)
    if literal:
        return "saved literally"
    cleaned = STORED_AS.get(value)
    if cleaned is not None and any(cleaned in s or cleaned.strip() == s for s in kept):
        return "saved, controls dropped"
    return "saved, changed"


@pytest.mark.parametrize("form_name", list(FORMS))
async def test_every_text_field_takes_hostile_text_or_says_why(
    world: World, form_name: str
) -> None:
    """Every text field gets each hostile text (all fields at once; 100,000 characters one
    field at a time, as limits differ); the date and number fields get values out of range
    (all at once: each must be refused)."""
    case = FORMS[form_name]
    app = make_app(world.store)
    outcomes: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, HomeScreen):
            app.pop_screen()  # the offer to resume the live session
            await pilot.pause()
        # The forms open over a blank screen: what they do with text is what is tested,
        # and each open and close would lay out the dashboard behind them again.
        await app.push_screen(Screen())
        await pilot.pause()
        probe = case.make(world)
        await app.push_screen(probe)
        await pilot.pause()
        fields = [f for f in text_fields(probe) if f not in case.skip]
        app.pop_screen()
        await pilot.pause()
        numeric = [f for f in fields if any(marker in f for marker in DATE_OR_NUMBER)]
        texts = [f for f in fields if f not in numeric]
        assert texts or numeric, form_name
        for label, value in HOSTILE_TEXT.items():
            if not texts:
                break
            if label == "100k":
                for widget_id in texts:
                    outcomes[f"{widget_id} 100k"] = await try_values(
                        app, pilot, world, case, {widget_id: value}
                    )
            else:
                outcomes[f"text fields {label}"] = await try_values(
                    app, pilot, world, case, dict.fromkeys(texts, value)
                )
        for value in OUT_OF_RANGE if numeric else []:
            outcome = await try_values(app, pilot, world, case, dict.fromkeys(numeric, value))
            outcomes[f"{', '.join(numeric)} {value}"] = outcome
            # Out of range is refused, in words that name the field.
            assert outcome.startswith("refused"), outcome
        assert app._exception is None
    assert world.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Free text is never altered behind the user's back: kept as typed, or refused.
    altered = {k: v for k, v in outcomes.items() if v == "saved, changed" and "control" not in k}
    assert not altered, altered
    print(f"\n{form_name}: " + "; ".join(f"{k}: {v}" for k, v in outcomes.items()))


# -- hostile text shown on every screen ------------------------------------------------------


def hostile_world(store: Store) -> tuple[str, str, str]:
    """The demo, plus an initiative, a person, a remark and a metric of hostile text."""
    build_demo(store)
    text = " | ".join(HOSTILE_TEXT[k] for k in ("markup", "ansi", "control", "wide", "rtl"))
    initiative = store.add_initiative(
        Initiative(
            title=HOSTILE_TEXT["markup"] + " " + HOSTILE_TEXT["ansi"],
            problem=text + HOSTILE_TEXT["100k"],
        )
    )
    person = store.add_person(Person(name=HOSTILE_TEXT["wide"], role=HOSTILE_TEXT["ansi"]))
    store.set_affected_group(AffectedGroup(initiative_id=initiative.id, group=Group.OTHER,
                                           note=text))  # fmt: skip
    store.add_cohort(PilotCohort(initiative_id=initiative.id, name=HOSTILE_TEXT["rtl"]))
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    session, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title=HOSTILE_TEXT["markup"],
        participant_ids=[person.id],
        facilitator_id=None,
        now=datetime(2026, 11, 20, 15, tzinfo=UTC),
    )
    store.add_session(session, agenda)
    store.add_feedback(Feedback(session_id=session.id, text=text, tags=["[b]tag[/b]"]))
    store.add_feedback(Feedback(session_id=session.id, text=HOSTILE_TEXT["100k"]))
    store.add_proposal(Proposal(session_id=session.id, title=HOSTILE_TEXT["markup"]))
    metric = store.add_metric(
        Metric(initiative_id=initiative.id, name=HOSTILE_TEXT["markup"] + HOSTILE_TEXT["ansi"])
    )
    store.add_reading(Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=1e300,
                              note=text))  # fmt: skip
    store.add_readiness(
        ReadinessAssessment(
            initiative_id=initiative.id,
            assessed_on=date(2026, 1, 1),
            note=text,
            vision=1,
            consensus=2,
            skills=3,
            incentives=4,
            resources=5,
            action_plan=1,
        )
    )
    store.tick(initiative.id, "baseline", text)
    # Automation tried first: the doctor's warning above the ladder quotes the title too.
    store.add_prototype(
        Prototype(
            initiative_id=initiative.id,
            stage=Stage.AUTOMATION,
            title=HOSTILE_TEXT["markup"] + " " + HOSTILE_TEXT["ansi"],
            assumption=text,
            learned=text + HOSTILE_TEXT["100k"],
            status=Status.TRYING,
        )
    )
    return initiative.id, session.id, metric.id


def main_screens(initiative_id: str, session_id: str) -> dict[str, Callable[[], Screen[Any]]]:
    return {
        "workspace": lambda: WorkspaceScreen(initiative_id),
        "people": PeopleScreen,
        "metrics": lambda: MetricsScreen(initiative_id),
        "live session": lambda: LiveSessionScreen(session_id),
        "help": lambda: HelpScreen("Help", [KeyHelp("f", HOSTILE_TEXT["markup"], True)]),
    }


def screen_text(app: OpstuiApp) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join(
        "".join(segment.text for segment in line) for line in app.screen._compositor.render_strips()
    )


@pytest.mark.parametrize("size", [(40, 12), (250, 60)], ids=["40x12", "250x60"])
async def test_every_screen_with_hostile_text_at_any_size(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    with Store.open(tmp_path / "hostile.db") as store:
        initiative_id, session_id, _ = hostile_world(store)
        app = make_app(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            if not isinstance(app.screen, HomeScreen):
                app.pop_screen()
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen = {"dashboard": screen_text(app)}
            for name, make in main_screens(initiative_id, session_id).items():
                screen = make()
                await app.push_screen(screen)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                if isinstance(screen, WorkspaceScreen):
                    for number, (key, _) in enumerate(TABS, start=1):
                        await pilot.press(tab_digit(number))
                        await pilot.pause()
                        seen[f"workspace {key}"] = screen_text(app)
                else:
                    seen[name] = screen_text(app)
                await app.pop_screen()
                await pilot.pause()
            assert app._exception is None
            assert not [n for n in app._notifications if "Database problem" in str(n.message)]
    leaking = [name for name, text in seen.items() if "\x1b" in text or "\x07" in text]
    assert not leaking, f"these screens pass escape codes to the terminal: {leaking}"
    if size == (250, 60):
        # Readable: the markup shows as typed, wherever the title or the remark is shown.
        for name in (
            "dashboard",
            "workspace overview",
            "live session",
            "workspace feedback",
            "workspace ladder",
        ):
            assert "[bold]BOLD[/bold]" in seen[name], f"{name}:\n{seen[name]}"


# -- a file damaged where only reading finds it -------------------------------------------------


def scramble(path: Path, table: str) -> None:
    """Scramble the pages that hold ``table``: the file opens; reading that table fails."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages of a table")
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        for index in range((page - 1) * size, page * size):
            data[index] ^= 0x5A
    path.write_bytes(bytes(data))


def damage_notices(app: OpstuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications if "damaged" in str(n.message)]


async def test_damage_found_while_reading_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    with Store.open(path) as store:
        build_demo(store)
        initiative_id = store.list_initiatives()[0].id
        session_id = store.list_sessions(initiative_id)[0].id
    scramble(path, "feedback")
    with Store.open(path) as store:  # header and schema are fine: it opens
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            home = app.screen
            # The workspace reads the remarks as it opens: told, and still usable.
            await app.push_screen(WorkspaceScreen(initiative_id))
            await pilot.pause()
            assert damage_notices(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is home
            # A session that cannot be read is left at once rather than shown half-built.
            app._notifications.clear()
            await app.push_screen(LiveSessionScreen(session_id))
            await pilot.pause()
            await pilot.pause()
            assert damage_notices(app) and app.screen is home
            # The damage is reported each time, and nothing ever crashes.
            await pilot.press("p")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app._exception is None
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code == 0


async def test_a_damaged_search_index_is_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "damaged-index.db"
    with Store.open(path) as store:
        build_demo(store)
        initiative_id = store.list_initiatives()[0].id
    scramble(path, "feedback_fts_data")
    with Store.open(path) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.push_screen(WorkspaceScreen(initiative_id))
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
            # The Feedback tab's field searches the initiative's own copy of its remarks
            # (read from the remarks, not the file's index): it keeps working.
            await pilot.press("slash")
            await pilot.press(*"calendar")
            await pilot.press("escape")
            # Searching everything asks the file's index, and says it is damaged.
            await pilot.press("ctrl+f")
            await pilot.press(*"calendar")
            for _ in range(100):
                if damage_notices(app):
                    break
                await pilot.pause(0.05)
            assert damage_notices(app)
            assert app._exception is None


# -- custom playbooks that are broken --------------------------------------------------------


async def test_broken_custom_playbooks_are_listed_as_broken(
    tmp_path: Path, isolated_home: Path
) -> None:
    folder = isolated_home / "config" / "opstui" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "syntax.toml").write_text('key = "mine"\ntitle = \n')
    (folder / "schema.toml").write_text('key = "x"\ntitle = "X"\nkind = "party"\nstep = 9\n')
    with Store.open(tmp_path / "demo.db") as store:
        build_demo(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, StartSession)
            listed = [
                str(app.screen.query_one("#start-playbook").get_option_at_index(i).prompt)  # type: ignore[attr-defined]
                for i in range(app.screen.query_one("#start-playbook").option_count)  # type: ignore[attr-defined]
            ]
            assert any("broken: " in line and "syntax.toml" in line for line in listed), listed
            assert any("broken: " in line and "schema.toml" in line for line in listed), listed
            assert any("Validation session" in line for line in listed)
            assert app._exception is None


# -- a write the disk refuses ------------------------------------------------------------------


async def test_a_write_refused_by_the_disk_is_a_notice_and_the_app_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving a dialog's answer, and a key's action, both meet a failing disk."""
    with Store.open(tmp_path / "disk.db") as store:
        build_demo(store)
        people_before = len(store.list_people())

        def failing(*args: object, **kwargs: object) -> None:
            # What the store raises when SQLite meets a failing disk.
            raise translate(sqlite3.OperationalError("disk I/O error"))

        monkeypatch.setattr(store, "add_person", failing)
        monkeypatch.setattr(store, "add_initiative", failing)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("p", "n")  # people, then add a person
            await pilot.pause()
            assert isinstance(app.screen, PersonForm)
            await pilot.press(*"Dana Whitfield", "ctrl+s")
            await pilot.pause()
            problems = [str(n.message) for n in app._notifications if "disk" in str(n.message)]
            assert problems == [
                "The disk could not be read or written (disk I/O error). That step was not "
                "saved; what was saved before is safe."
            ]
            assert isinstance(app.screen, PeopleScreen)
            await pilot.press("escape", "n")  # the dashboard still answers its keys
            await pilot.pause()
            assert isinstance(app.screen, InitiativeForm)
            assert app._exception is None
        monkeypatch.undo()
        assert len(store.list_people()) == people_before
