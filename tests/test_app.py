"""Start-up paths of the app."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path):
    """The app's environment: offscreen, with its settings and data in a temporary
    home (never the user's own)."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}


@pytest.mark.parametrize("entry", [["main.py"], ["-m", "klgui"]])
def test_screenshot_from_the_command_line(tmp_path, env, entry):
    shot = tmp_path / "shot.png"
    subprocess.run([sys.executable, *entry, "--screenshot", str(shot)], cwd=ROOT, env=env,
                   check=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_screenshot_of_a_preset_at_a_chosen_size(tmp_path, env):
    from PySide6.QtGui import QImage

    shot = tmp_path / "mismatch.png"
    subprocess.run([sys.executable, "main.py", "--preset", "support-mismatch", "--size", "1000x640",
                    "--screenshot", str(shot)], cwd=ROOT, env=env, check=True, timeout=120)
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1000, 640)


def test_screenshot_of_a_saved_session_of_the_first_format(tmp_path, env):
    """Opening a file for --screenshot waits for its figures (it asked a worker the
    window no longer has, and failed on every file)."""
    from PySide6.QtGui import QImage

    shot = tmp_path / "coin.png"
    subprocess.run([sys.executable, "main.py", str(ROOT / "tests/data/sessions_v1/coin.kld.json"),
                    "--size", "800x600", "--screenshot", str(shot)], cwd=ROOT, env=env,
                   check=True, timeout=120)
    assert (QImage(str(shot)).width(), QImage(str(shot)).height()) == (800, 600)


def test_an_unknown_preset_is_refused_by_name(env):
    run = subprocess.run([sys.executable, "main.py", "--preset", "nope", "--screenshot", "x.png"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "no preset 'nope'; there are: coin" in run.stderr


@pytest.mark.parametrize("text, said", [
    ("outcome,P,Q\nheads,0.8,abc\n",
     "was not shown: bad.csv, line 2: 'abc' in column Q is not a number."),
    ("a,b,c\nx,1,2\n", "was not shown: it would ask a question (Choose the columns of bad.csv)"),
])
def test_a_screenshot_of_a_file_that_needs_an_answer_fails_with_the_message(tmp_path, env,
                                                                            text, said):
    """Nobody can answer a dialog in --screenshot: it used to wait on it forever."""
    bad, shot = tmp_path / "bad.csv", tmp_path / "shot.png"
    bad.write_text(text)
    run = subprocess.run([sys.executable, "main.py", str(bad), "--screenshot", str(shot)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and said in run.stderr and not shot.exists()


def test_the_installed_gui_script_starts_the_same_app(tmp_path, env):
    script = Path(sys.executable).with_name("klgui")
    if not script.exists():
        pytest.skip("klgui is not installed as a script in this environment")
    shot = tmp_path / "shot.png"
    subprocess.run([str(script), "--preset", "die", "--screenshot", str(shot)], env=env,
                   check=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_preset_help_names_every_shipped_example(capsys):
    from klgui.app import parse_args
    from klgui.io.presets import ALIASES, list_presets
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    shown = "".join(capsys.readouterr().out.split())  # argparse wraps, even at hyphens
    for key in [p.key for p in list_presets()] + list(ALIASES):
        assert key in shown
