"""The Monte Carlo progress of the MarOps costing step: an ipywidgets bar, no tqdm."""

from __future__ import annotations

import sys

import ipywidgets as w
import pytest

from mocmo.defaults import load_example
from mocmo.ui.costing import simulate_with_progress


def test_progress_is_an_int_progress_with_an_n_of_m_label() -> None:
    """In a widget context the bar is an IntProgress that ends at the number of draws, with a
    label reading "N of M draws"."""
    box = w.HBox()
    sim = simulate_with_progress(load_example(), draws=2000, seed=3, into=box)
    assert sim.draws == 2000
    bar, label = box.children
    assert isinstance(bar, w.IntProgress) and isinstance(label, w.Label)
    assert (bar.min, bar.value, bar.max) == (0, 2000, 2000)
    assert label.value == "2,000 of 2,000 draws"


def test_plain_python_prints_nothing_and_still_simulates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Outside a kernel the run shows no bar and prints nothing, and gives the same draws as
    a run without progress."""
    from mocmo import costing

    sim = simulate_with_progress(load_example(), draws=500, seed=7)
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "")
    plain = costing.simulate(load_example(), draws=500, seed=7)
    assert sim.percentile("net_change", 50) == plain.percentile("net_change", 50)


def test_tqdm_is_not_imported() -> None:
    """A run with progress does not import tqdm."""
    sys.modules.pop("tqdm", None)
    sys.modules.pop("tqdm.auto", None)
    simulate_with_progress(load_example(), draws=100, seed=1, into=w.HBox())
    assert "tqdm" not in sys.modules
