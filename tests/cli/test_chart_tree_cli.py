"""`opstui chart` on the metric tree: an outcome with its leading indicators (or without,
with --no-leading), and a leading indicator naming the outcome it predicts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric, MetricKind, Reading


@pytest.fixture
def tree_db(tmp_path: Path) -> tuple[Path, Metric, Metric, Metric]:
    path = tmp_path / "tree.db"
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Sales adopt the feature"))
        outcome = store.add_metric(
            Metric(
                initiative_id=initiative.id, name="Deals with the feature", unit="%", primary=True
            )
        )
        calls = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Mentions in BDR calls",
                kind=MetricKind.LEADING,
                unit="calls",
                predicts_id=outcome.id,
            )
        )
        quotes = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Mentions in quotes",
                kind=MetricKind.LEADING,
                predicts_id=outcome.id,
            )
        )
        store.add_readings(
            Reading(metric_id=m.id, taken_on=date(2026, 3, day), value=day * k)
            for m, k in ((outcome, 3), (calls, 1))
            for day in (2, 9, 16)
        )
    return path, outcome, calls, quotes


def chart(*args: str) -> str:
    result = CliRunner().invoke(cli, ["chart", *args, "--width", "80"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_an_outcome_is_charted_with_its_leading_indicators(
    tree_db: tuple[Path, Metric, Metric, Metric],
) -> None:
    path, outcome, _, quotes = tree_db
    out = chart(outcome.id[:8], "--db", str(path))
    assert out.index("Deals with the feature (%)") < out.index(
        "Leading indicator 1 of 2: Mentions in BDR calls"
    )
    assert "Mentions in BDR calls (calls)" in out  # its chart's title
    assert "Leading indicator 2 of 2: Mentions in quotes" in out
    assert "Mentions in quotes: no readings yet" in out
    assert f"opstui import readings {quotes.id[:8]}" in out


def test_no_leading_leaves_them_out(tree_db: tuple[Path, Metric, Metric, Metric]) -> None:
    path, outcome, _, _ = tree_db
    out = chart(outcome.id[:8], "--db", str(path), "--no-leading")
    assert "Deals with the feature (%)" in out
    assert "Leading indicator" not in out and "Mentions" not in out


def test_a_leading_indicator_names_the_outcome_it_predicts(
    tree_db: tuple[Path, Metric, Metric, Metric],
) -> None:
    path, outcome, calls, _ = tree_db
    out = chart(calls.id[:8], "--db", str(path))
    assert out.splitlines()[0] == (
        f"Mentions in BDR calls is a leading indicator of Deals with the feature "
        f"(`opstui chart {outcome.id[:8]}` charts them together)."
    )
    assert "Mentions in BDR calls (calls)" in out
