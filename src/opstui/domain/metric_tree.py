"""The metric tree: which outcome each leading indicator predicts.

The guide's leading indicators (mentions in sales calls, reps able to demo) are early
signs of an outcome that moves slowly. A leading indicator may name the metric it
predicts (``Metric.predicts_id``); this module is the one rule about those links:

* only a **leading indicator** predicts, and it predicts an **outcome** or a
  **sentiment** metric of the **same initiative** (how people feel is an outcome the
  method measures too; a usage count is not worth predicting, and a leading indicator
  predicting another leading indicator would make chains nobody reads);
* so no link can form a cycle; a file edited or merged by hand may still hold one, or
  a link to a metric gone or of another kind: ``tree`` then shows that indicator as
  unlinked rather than failing, and ``link_problem`` names what is wrong.

``tree`` orders an initiative's metrics for every screen, report and command alike:
the primary metric first, each predicted outcome followed by its leading indicators,
then every metric on no branch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from opstui.domain.metrics import Metric, MetricKind

#: The kinds a leading indicator may predict.
PREDICTABLE = (MetricKind.OUTCOME, MetricKind.SENTIMENT)
#: The glyphs that hang a leading indicator under its outcome: the last one, the others.
LAST_BRANCH = "└─ "
BRANCH = "├─ "


def can_predict(kind: MetricKind) -> bool:
    """Whether a metric of this kind may name a metric it predicts: leading indicators."""
    return kind is MetricKind.LEADING


def can_be_predicted(kind: MetricKind) -> bool:
    """Whether a leading indicator may predict a metric of this kind."""
    return kind in PREDICTABLE


def predictable_targets(metric: Metric | None, metrics: Iterable[Metric]) -> list[Metric]:
    """The metrics ``metric`` may be said to predict: its initiative's outcome and
    sentiment metrics, itself excluded (the choices the form offers)."""
    return [
        m
        for m in metrics
        if can_be_predicted(m.kind)
        and (metric is None or (m.id != metric.id and m.initiative_id == metric.initiative_id))
    ]


def link_problem(metric: Metric, metrics: Sequence[Metric]) -> str | None:
    """Why ``metric`` cannot be saved as it is among its initiative's ``metrics``, or None.

    Checks both ends: the metric's own link (what it predicts), and the links of the
    leading indicators that predict it (a metric predicted by others cannot become a
    kind that is not predicted). ``metrics`` may hold ``metric``'s stored version.
    """
    others = {m.id: m for m in metrics if m.id != metric.id}
    if metric.predicts_id is not None:
        if not can_predict(metric.kind):
            return (
                f"only a leading indicator predicts another metric; "
                f"{metric.kind.label} metric “{metric.name}” cannot"
            )
        if metric.predicts_id == metric.id:
            return "a metric cannot predict itself"
        target = others.get(metric.predicts_id)
        if target is None or target.initiative_id != metric.initiative_id:
            return "the metric it predicts is not one of this initiative's metrics"
        if not can_be_predicted(target.kind):
            return (
                f"a leading indicator predicts an outcome or a sentiment metric; "
                f"“{target.name}” is a {target.kind.label}"
            )
        if _leads_back(metric, others):
            return f"“{target.name}” already leads back to “{metric.name}”: that is a cycle"
    if not can_be_predicted(metric.kind):
        predicting = sorted(m.name for m in others.values() if m.predicts_id == metric.id)
        if predicting:
            names = ", ".join(f"“{n}”" for n in predicting)
            return (
                f"{names} predict{'s' if len(predicting) == 1 else ''} “{metric.name}”, "
                f"so it stays an outcome or a sentiment metric; unlink "
                f"{'it' if len(predicting) == 1 else 'them'} first"
            )
    return None


def _leads_back(metric: Metric, others: dict[str, Metric]) -> bool:
    """Whether following the links from ``metric`` ever comes back to it."""
    seen = {metric.id}
    current = metric.predicts_id
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        found = others.get(current)
        current = found.predicts_id if found is not None else None
    return False


@dataclass(frozen=True)
class Branch:
    """An outcome (or sentiment) metric and the leading indicators that predict it."""

    metric: Metric
    leading: tuple[Metric, ...] = ()


@dataclass(frozen=True)
class MetricTree:
    """An initiative's metrics as a tree: branches first, then the metrics on no branch."""

    branches: tuple[Branch, ...]
    unlinked: tuple[Metric, ...]

    def rows(self) -> list[tuple[Metric, int, bool]]:
        """Every metric in the tree's order, with its depth (0 or 1) and whether it is
        the last leading indicator of its branch (which gets the corner glyph)."""
        out: list[tuple[Metric, int, bool]] = []
        for branch in self.branches:
            out.append((branch.metric, 0, False))
            last = len(branch.leading) - 1
            out += [(m, 1, i == last) for i, m in enumerate(branch.leading)]
        out += [(m, 0, False) for m in self.unlinked]
        return out

    def ordered(self) -> list[Metric]:
        return [metric for metric, _, _ in self.rows()]


def is_linked(metric: Metric, by_id: dict[str, Metric]) -> bool:
    """Whether a leading indicator's link is one ``tree`` hangs it by (see ``link_problem``)."""
    target = by_id.get(metric.predicts_id or "")
    return (
        target is not None
        and target.id != metric.id
        and can_predict(metric.kind)
        and can_be_predicted(target.kind)
        and target.initiative_id == metric.initiative_id
    )


def tree(metrics: Sequence[Metric]) -> MetricTree:
    """The metrics as a tree: the primary metric first, then each outcome or sentiment
    metric predicted by at least one leading indicator, each with those indicators under
    it, then the rest in their stored order. A link ``link_problem`` would refuse (a file
    changed by hand) leaves its indicator among the rest."""
    by_id = {m.id: m for m in metrics}
    leading: dict[str, list[Metric]] = {}
    for metric in metrics:
        if is_linked(metric, by_id):
            leading.setdefault(metric.predicts_id or "", []).append(metric)
    # The primary metric heads the tree whether or not anything predicts it (it is the
    # one the dashboard follows); then each predicted metric, as stored.
    # A primary metric that predicts an outcome stays under it: that branch goes first.
    under = {i.id for indicators in leading.values() for i in indicators}
    roots = [m for m in metrics if m.id in leading or (m.primary and m.id not in under)]

    def holds_primary(root: Metric) -> bool:
        return root.primary or any(i.primary for i in leading.get(root.id, ()))

    roots.sort(key=lambda m: not holds_primary(m))  # stable: the primary's first, as stored
    branches = tuple(Branch(m, tuple(leading.get(m.id, ()))) for m in roots)
    placed = {m.id for b in branches for m in (b.metric, *b.leading)}
    return MetricTree(branches, tuple(m for m in metrics if m.id not in placed))


def leading_of(metric: Metric, metrics: Sequence[Metric]) -> list[Metric]:
    """The leading indicators that predict ``metric``, as the tree hangs them."""
    by_id = {m.id: m for m in metrics}
    return [m for m in metrics if m.predicts_id == metric.id and is_linked(m, by_id)]


def predicted(metric: Metric, metrics: Sequence[Metric]) -> Metric | None:
    """The metric ``metric`` predicts, if its link is one the tree hangs it by."""
    by_id = {m.id: m for m in metrics}
    return by_id.get(metric.predicts_id or "") if is_linked(metric, by_id) else None


def tree_prefix(depth: int, last: bool) -> str:
    """What goes before a metric's name in a tree listing: nothing, or a branch glyph."""
    if depth == 0:
        return ""
    return LAST_BRANCH if last else BRANCH
