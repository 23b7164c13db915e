"""A prepared lesson opens on the chart's view it was saved with: direction, term form,
bar order, values on bars and the chart tab go into the session and come back in a
fresh window."""

import json

from klgui.ui.shell.main_window import MainWindow


def _fresh_window(qtbot) -> MainWindow:
    w = MainWindow(remember_layout=False)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_a_session_keeps_the_charts_view(window, qtbot, tmp_path, dialogs):
    chart = window.chart
    chart.set_direction("both")
    chart.form.setCurrentIndex(chart.form.findData("nonnegative"))
    chart.order.setCurrentIndex(chart.order.findData("top"))
    chart.values_shown.setChecked(True)
    window.charts.setCurrentWidget(window.distributions)  # All distributions
    path = tmp_path / "lesson.kld.json"
    dialogs.save_paths.append(path)
    assert window.files.save_as()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["view"] == {"direction": "both", "form": "nonnegative", "order": "top",
                            "values": True, "tab": "all"}

    fresh = _fresh_window(qtbot)
    assert fresh.chart.direction.currentData() == "pq"  # a new window's view
    assert fresh.files.open(path)
    c = fresh.chart
    assert c.direction.currentText() == "Both directions"
    assert fresh.direction_actions["both"].isChecked()  # the View menu follows
    assert c.form.currentText() == "Non-negative terms"
    assert c.order.currentData() == "top" and c.values_shown.isChecked()
    assert fresh.charts.currentWidget() is fresh.distributions
    assert fresh.statusBar().currentMessage() == "Opened lesson.kld.json."
    fresh.charts.setCurrentIndex(0)  # the contributions: both directions drawn
    assert c.plots["pq"].isVisibleTo(c) and c.plots["qp"].isVisibleTo(c)


def test_a_session_without_a_view_leaves_the_chart_as_it_is(window, tmp_path, dialogs):
    path = tmp_path / "old.kld.json"
    dialogs.save_paths.append(path)
    assert window.files.save_as()
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["view"]
    path.write_text(json.dumps(data), encoding="utf-8")
    window.chart.set_direction("qp")
    assert window.files.open(path)
    assert window.chart.direction.currentData() == "qp"


def test_a_bad_view_value_is_said_and_the_lesson_opens(window, tmp_path, dialogs):
    path = tmp_path / "odd.kld.json"
    dialogs.save_paths.append(path)
    window.chart.set_direction("both")
    assert window.files.save_as()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["view"]["order"] = "alphabetical"
    data["outcomes"]["labels"] = ["heads!", "tails!"]
    path.write_text(json.dumps(data), encoding="utf-8")
    window.chart.set_direction("pq")
    assert window.files.open(path)
    assert window.document.labels == ["heads!", "tails!"]
    assert window.chart.direction.currentData() == "both"  # the good parts apply
    assert window.chart.order.currentData() == "table"
    assert dialogs.warnings == []
    assert window.statusBar().currentMessage() == (
        "Opened odd.kld.json. odd.kld.json: the view's 'order' should be \"table\" or "
        "\"size\" or \"top\", not 'alphabetical'; it shows \"table\".")


def test_the_files_choices_are_the_charts_own():
    from klgui.model.snapshot import VIEW_CHOICES
    from klgui.ui.chart.bar_order import ORDERS
    from klgui.ui.chart.contribution_chart import DIRECTIONS, FORMS

    assert VIEW_CHOICES["direction"] == tuple(DIRECTIONS)
    assert VIEW_CHOICES["form"] == tuple(FORMS)
    assert VIEW_CHOICES["order"] == tuple(ORDERS)


def test_autosave_keeps_the_view_and_restored_work_shows_it(window, qtbot, dialogs, tmp_path):
    import os
    import subprocess
    import sys

    from PySide6.QtWidgets import QMessageBox

    from klgui.io.session import load_session
    from klgui.ui.shell.autosave import Autosave, offer_restore

    window.chart.set_direction("both")
    window.chart.order.setCurrentIndex(window.chart.order.findData("size"))
    window.edits.set_unit("bits")  # unsaved work
    autosave = Autosave(window, tmp_path)
    autosave.save_now()
    autosave.wait()
    view = load_session(autosave.path).view
    assert (view.direction, view.order) == ("both", "size")
    # the app dies: its copy is left, its lock names a process now gone
    left = tmp_path / f"autosave-{os.getpid() + 100000}.kld.json"
    autosave.path.replace(left)
    crash = ("import os, sys; from PySide6.QtCore import QLockFile;"
             "lock = QLockFile(sys.argv[1]); lock.tryLock(0); os._exit(1)")
    subprocess.run([sys.executable, "-c", crash, str(left) + ".lock"], check=False, timeout=60)
    autosave.finish()

    fresh = _fresh_window(qtbot)
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    assert offer_restore(fresh, tmp_path)
    assert fresh.chart.direction.currentData() == "both"
    assert fresh.chart.order.currentData() == "size"
    assert fresh.document.unit == "bits"
