"""Facilitators' files for the merge tests: written through the store, as the app writes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import ActionItem, Feedback, Session, SessionKind


def new_file(path: Path, label: str | None = None) -> Path:
    """An empty opstui file (its own site), labelled if asked."""
    with Store.open(path) as store:
        if label is not None:
            store.set_meta("site_label", label)
    return path


def copy_file(source: Path, target: Path, label: str) -> Path:
    """Another facilitator's file, started from a copy of ``source`` but a site of its own."""
    shutil.copyfile(source, target)
    with Store.open(target) as store:
        with store.write():
            store.conn.execute(
                "UPDATE meta SET value = lower(hex(randomblob(16))) WHERE key = 'site_id'"
            )
        store.set_meta("site_label", label)
    return target


def add_initiative(path: Path, title: str, remark: str = "") -> dict[str, str]:
    """An initiative with one session, a remark (if given) and an open action."""
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title=title))
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title=f"{title}: kick-off",
            )
        )
        if remark:
            store.add_feedback(Feedback(session_id=session.id, text=remark))
        action = store.add_action(
            ActionItem(initiative_id=initiative.id, session_id=session.id, text="Book the room")
        )
    return {"initiative": initiative.id, "session": session.id, "action": action.id}


def add_person(path: Path, name: str, group: Group = Group.DESIGN, role: str = "") -> str:
    with Store.open(path) as store:
        return store.add_person(Person(name=name, group=group, role=role)).id


def edit_action(path: Path, action_id: str, text: str) -> None:
    with Store.open(path) as store:
        action = next(
            a
            for i in store.list_initiatives()
            for a in store.list_actions(i.id)
            if a.id == action_id
        )
        store.update_action(action.model_copy(update={"text": text}))


def rename_initiative(path: Path, initiative_id: str, title: str) -> None:
    with Store.open(path) as store:
        initiative = store.get_initiative(initiative_id)
        store.update_initiative(initiative.model_copy(update={"title": title}))


def query(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
