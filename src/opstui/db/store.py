"""The store: every read and write of the database, in terms of domain models.

Writes run inside ``BEGIN IMMEDIATE`` so that a second writer waits for the busy
timeout instead of failing at once, and each capture is committed the moment it is
entered. A store opened read-only refuses every write with ``ReadOnlyError``.

``Store`` is put together from one part per aggregate (people and initiatives,
sessions, captures, remarks waiting from devices, votes, actions, what came of
remarks and the plans around them, the prototype ladder, metrics with the events and
checks some are measured from, process maps, surveys imported, the checklist) and the
read models (search of one initiative and of everything, the dashboard), each in its own
module of ``opstui.db``; the names callers import from here (``load_facts``,
``fts_query``, ``SearchHit`` …) are re-exported.
"""

from __future__ import annotations

from opstui.db.actions import ActionRecords
from opstui.db.bulk_readings import BulkReadingRecords
from opstui.db.buy_in import BuyInRecords
from opstui.db.captures import CaptureRecords
from opstui.db.checklist import ChecklistRecords
from opstui.db.dashboard import DashboardQueries
from opstui.db.device_remarks import DeviceRemarkRecords
from opstui.db.facts import load_facts, load_session_facts
from opstui.db.initiatives import InitiativeRecords
from opstui.db.mapping import ID_KINDS, SPECS, TableSpec, from_row, to_row
from opstui.db.process_maps import ProcessMapRecords
from opstui.db.prototypes import PrototypeRecords
from opstui.db.search import SearchHit, SearchQueries, fts_query
from opstui.db.search_everything import EverythingQueries
from opstui.db.sessions import SessionRecords
from opstui.db.surveys import SurveyRecords
from opstui.db.votes import VoteRecords

__all__ = [
    "ID_KINDS",
    "SPECS",
    "SearchHit",
    "Store",
    "TableSpec",
    "from_row",
    "fts_query",
    "load_facts",
    "load_session_facts",
    "to_row",
]


class Store(
    InitiativeRecords,
    SessionRecords,
    CaptureRecords,
    DeviceRemarkRecords,
    VoteRecords,
    ActionRecords,
    BuyInRecords,
    PrototypeRecords,
    BulkReadingRecords,
    ProcessMapRecords,
    SurveyRecords,
    ChecklistRecords,
    SearchQueries,
    EverythingQueries,
    DashboardQueries,
):
    """All access to one opstui database file, in terms of domain models.

    It wraps the open ``Database`` (which the app's first screen uses alone, before the
    models are loaded) rather than extending it: the file, its connection and its
    transactions stay the ``Database``'s, and the store adds the models on top.
    """
