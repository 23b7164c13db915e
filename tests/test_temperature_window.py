"""File ▸ Open of a logits session whose temperature the control cannot show: refused,
the lesson on screen kept; one in range opens with the control at the file's value."""

from test_temperature_limits import _session


def _open(window, tmp_path, t):
    path = tmp_path / f"T{t}.kld.json"
    path.write_text(_session(t), encoding="utf-8")
    return path, window.files.open(path)


def test_a_temperature_beyond_the_control_is_refused(window, qtbot, dialogs, tmp_path):
    before = window.document.snapshot()
    path, opened = _open(window, tmp_path, 1e300)
    assert not opened
    assert len(dialogs.warnings) == 1
    assert dialogs.warnings[0].startswith(
        f"{path.name}: distribution 2 ('Student'): 'temperature' must lie between 0.001 and "
        "1,000,000")
    assert window.document.snapshot() == before


def test_a_temperature_in_range_opens_and_the_control_shows_it(window, qtbot, dialogs,
                                                              tmp_path):
    _, opened = _open(window, tmp_path, 2.5)
    assert opened and dialogs.warnings == []
    assert window.document.family_of("Q").temperature == 2.5
    _, controls = window.family_panel.controls["Q"]
    assert controls.boxes["temperature"].value() == 2.5
