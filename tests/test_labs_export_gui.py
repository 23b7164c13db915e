"""File ▸ Export lab table CSV…: enabled while a lab is the page shown, writes that
lab's table through the real menu action (the save dialog answered by the `dialogs`
fixture, conftest.py)."""

import csv
import math

import numpy as np
import pytest
from PySide6.QtWidgets import QMenu


def _action(window):
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    return next(a for a in menu.actions() if a.text() == "Export lab table &CSV…")


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_export_lab_table_from_the_file_menu(window, qtbot, dialogs, tmp_path):
    action = _action(window)
    assert not action.isEnabled()  # the Figures page is in front
    window.show_page(window.coding)
    assert action.isEnabled()
    qtbot.waitUntil(lambda: window.coding.report is not None and not window.coding.busy)
    dialogs.save_paths.append(tmp_path / "codes")  # the suffix is added
    action.trigger()
    rows = _read(tmp_path / "codes.csv")
    p, q = window.coding.p, window.coding.q
    assert len(rows) == 1 + p.size
    for i, row in enumerate(rows[1:]):
        assert float(row[1]) == p[i] and float(row[2]) == q[i]
        assert int(row[3]) == math.ceil(-math.log2(q[i]))  # the Shannon length
        assert len(row[4]) == int(row[3])  # its codeword
    assert dialogs.warnings == []


def test_each_lab_exports_its_own_table(window, qtbot, dialogs, tmp_path):
    action = _action(window)
    tables = {}
    for lab in (window.sampling, window.bayes):
        window.show_page(lab)
        qtbot.waitUntil(lambda lab=lab: not lab.busy and lab.p is not None)
        path = tmp_path / f"{type(lab).__name__}.csv"
        dialogs.save_paths.append(path)
        action.trigger()
        tables[lab] = {row[0]: row for row in _read(path)}
    # The coin example, P = [.8, .2], Q = [.6, .4]: the checks, in nats.
    estimators = tables[window.sampling]
    assert estimators["estimator"][2:4] == ["exact_mean", "exact_sd"]
    assert float(estimators["k1"][3]) == pytest.approx(0.39233170120469, rel=1e-13)
    assert float(estimators["k3"][3]) == pytest.approx(0.10766829879531, rel=1e-12)
    assert float(estimators["k2"][2]) == pytest.approx(0.0811496913158808, rel=1e-14)
    hypotheses = tables[window.bayes]  # likelihood ½ for both: the posterior is the prior
    assert hypotheses["hypothesis"][:4] == ["hypothesis", "prior", "likelihood", "posterior"]
    assert [float(x) for x in hypotheses["heads"][1:4]] == [0.8, 0.5, 0.8]
    window.show_page(window.panel)
    assert not action.isEnabled()


def test_cancelled_dialog_writes_nothing(window, dialogs, tmp_path):
    window.show_page(window.bayes)
    assert _action(window).isEnabled()
    assert window.files.export_lab() is False  # no path given: Cancel
    assert list(tmp_path.iterdir()) == []


def test_still_computing_is_said_not_written(window, qtbot, dialogs, tmp_path):
    page = window.coding
    window.show_page(page)
    n = 100_000  # computed on the worker thread
    with qtbot.waitSignal(page.sigComputed, timeout=120_000):
        page.show_pair(np.full(n, 1 / n), np.full(n, 1 / n), [], "bits", 6)
        assert page.busy
        dialogs.save_paths.append(tmp_path / "x.csv")
        assert window.files.export_lab() is False
    assert not (tmp_path / "x.csv").exists()
    assert "still computing" in dialogs.warnings[-1]
