"""Settings: every key round-trips through the file, garbled values read as defaults, and
the window keeps its preferences and layout between runs (in a temporary folder: the
conftest moves the settings file)."""

import pytest
from PySide6.QtCore import QSettings

from klgui.ui.shell.main_window import MainWindow
from klgui.ui.shell.settings import _DEFAULTS, MAX_RECENT, Settings

VALUES = {
    "unit": "bits", "digits": 9, "geometry": "01d9d0cb",
    "window_state": "000000ff", "main_splitter": [400, 800], "right_splitter": [300, 250],
    "recent_files": ["/tmp/a.kld.json", "/tmp/b.csv"], "last_folder": "/tmp",
    "zoom_percent": 150, "presentation": True, "theme": "contrast",
}


def test_every_setting_round_trips_through_the_file():
    assert set(VALUES) == set(_DEFAULTS)
    fresh = Settings()
    assert {key: fresh.get(key) for key in _DEFAULTS} == _DEFAULTS
    for key, value in VALUES.items():
        fresh.set(key, value)
    again = Settings()  # a new object reads the file
    assert {key: again.get(key) for key in VALUES} == VALUES


def test_a_one_item_list_survives_the_ini_format():
    s = Settings()
    s.set("recent_files", ["/only/one.csv"])
    assert Settings().get("recent_files") == ["/only/one.csv"]


def test_unknown_keys_and_bad_values_are_refused():
    s = Settings()
    with pytest.raises(KeyError, match="unknown setting 'units'"):
        s.get("units")
    with pytest.raises(KeyError):
        s.set("colour", "red")
    for key, bad in [("unit", "furlongs"), ("digits", 40), ("digits", "6"), ("digits", True),
                     ("main_splitter", [1, 2, 3])]:
        with pytest.raises(ValueError, match=key):
            s.set(key, bad)


def test_a_garbled_file_reads_as_the_defaults(qtbot):
    raw = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "klgui",
                    "KL Divergence Explorer")
    for key, value in [("unit", "furlongs"), ("digits", "many"), ("main_splitter", "wide")]:
        raw.setValue(key, value)
    raw.sync()
    s = Settings()
    assert [s.get(k) for k in ("unit", "digits", "main_splitter")] == ["nats", 6, []]
    window = MainWindow()  # starts as if nothing were remembered
    qtbot.addWidget(window)
    assert window.document.unit == "nats"


def test_recent_files_keep_the_newest_first_and_at_most_eight(tmp_path):
    s = Settings()
    for i in range(10):
        s.add_recent(tmp_path / f"{i}.csv")
    recent = s.recent_files()
    assert len(recent) == MAX_RECENT and recent[0].endswith("9.csv")
    s.add_recent(tmp_path / "5.csv")
    assert s.recent_files()[0].endswith("5.csv") and len(s.recent_files()) == MAX_RECENT
    assert s.get("last_folder") == str(tmp_path.resolve())


def test_chosen_unit_and_digits_become_the_new_documents_defaults(window, qtbot):
    window.panel.unit.setCurrentIndex(window.panel.unit.findData("hartleys"))
    window.panel.digits.setValue(4)
    window.table.auto_normalize.click()  # not a preference: new documents normalize
    window.undo_action.trigger()  # undo changes this document, not the preference
    window.table.auto_normalize.click()
    later = MainWindow()
    qtbot.addWidget(later)
    doc = later.document
    assert (doc.unit, doc.digits, doc.auto_normalize) == ("hartleys", 4, True)
    assert later.panel.unit.currentData() == "hartleys"
    assert later.table.auto_normalize.isChecked()


def test_the_window_reopens_with_its_size_and_splitters(qtbot, dialogs):
    first = MainWindow()
    qtbot.addWidget(first)
    # within the offscreen screen (800x600) with its frame, so restoreGeometry does not
    # shrink it to fit (800 wide did not fit with the frame: the least size of 800×500
    # used to hide that)
    first.resize(760, 540)
    first.show()
    qtbot.waitExposed(first)
    first.main_splitter.setSizes([300, 500])
    sizes = first.main_splitter.sizes()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.restore_geometry()
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (760, 540)
    assert second.main_splitter.sizes() == sizes


def test_a_screenshot_window_neither_reads_nor_writes_the_layout(qtbot):
    Settings().set("main_splitter", [100, 1100])
    w = MainWindow(remember_layout=False)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    assert w.main_splitter.sizes()[0] != 100 and not w.restore_geometry()
    w.close()
    assert Settings().get("main_splitter") == [100, 1100] and Settings().get("geometry") == ""
