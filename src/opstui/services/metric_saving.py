"""Saving a metric with its place in the metric tree checked against what is stored.

The one place a metric typed in the app is written: the link a leading indicator makes
to the outcome it predicts is checked (``metric_tree.link_problem``) against the
initiative's metrics as stored, inside the write, so two facilitators editing at once
cannot make a link the rule refuses. Free of Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.domain.metric_tree import link_problem

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.domain.metrics import Metric


class MetricLinkError(ValueError):
    """A metric whose link in the tree the rule refuses; the text is for the user."""


def save_metric(store: Store, metric: Metric, *, new: bool) -> Metric:
    """Add (``new``) or update ``metric`` once its tree link is checked, in one write.

    Raises:
        MetricLinkError: The link is refused; nothing is written.
        StoreError: The file refused the write.
    """
    with store.write():
        problem = link_problem(metric, store.list_metrics(metric.initiative_id))
        if problem is not None:
            raise MetricLinkError(problem[:1].upper() + problem[1:] + ".")
        return store.add_metric(metric) if new else store.update_metric(metric)
