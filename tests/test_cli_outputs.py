"""Where the headless export writes: ``-`` is standard output (as for many tools), and
an output that cannot be written is bad input like any other: exit status 2, one line
naming the path and the problem, and no file written, not even the outputs that could
have been. No Qt."""

import csv
import errno
import io
import os

import pytest

from klgui.cli import export_main
from klgui.io import atomic
from klgui.io.csv_export import TABLE_HEADER

SEED = "outcome,P,Model A,Model B\ncat,1,0.8,0.4\ndog,0,0.1,0.3\nbird,0,0.1,0.3\n"


@pytest.fixture
def seed(tmp_path, monkeypatch):
    (tmp_path / "seed.csv").write_text(SEED, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_dash_writes_that_output_to_standard_output(seed, capfd):
    assert export_main(["seed.csv", "--ranking", "-", "--table", "t.csv"]) == 0
    out, err = capfd.readouterr()
    assert err == "" and files(seed) == ["seed.csv", "t.csv"]  # no file called "-"
    assert export_main(["seed.csv", "--ranking", "r.csv"]) == 0
    assert out == (seed / "r.csv").read_bytes().decode("utf-8")  # the very text, CRLF ends
    ranking = list(csv.reader(io.StringIO(out, newline="")))
    assert [r[1] for r in ranking[1:]] == ["Model A", "Model B"]


@pytest.mark.parametrize("option", ["--table", "--summary", "--matrix", "--estimators",
                                    "--coding"])
def test_every_output_can_go_to_standard_output(seed, capfd, option):
    assert export_main(["seed.csv", option, "-"]) == 0
    out, err = capfd.readouterr()
    assert err == "" and files(seed) == ["seed.csv"] and out.count("\n") >= 4
    if option == "--table":
        assert out.splitlines()[0] == ",".join(TABLE_HEADER) + ",Model B weight,Model B q," \
            "Model B contribution_pq,Model B contribution_qp,reference_name,focus_name"
        assert out.splitlines()[1].endswith(",P,Model A")  # (the focus is not called Q)


@pytest.mark.parametrize("args, words", [
    (["--table", "-", "--summary", "-"], "--table and --summary both write to standard output"),
    (["--table", "t.csv", "--summary", "./t.csv"], "--table and --summary both write t.csv"),
])
def test_two_outputs_in_one_place_are_refused(seed, capfd, args, words):
    with pytest.raises(SystemExit) as info:
        export_main(["seed.csv", *args])
    assert info.value.code == 2 and words in capfd.readouterr().err
    assert files(seed) == ["seed.csv"]


def test_a_folder_that_does_not_exist_is_bad_input_and_nothing_is_written(seed, capfd):
    (seed / "t.csv").write_text("the old table", "utf-8")
    missing = seed / "missing" / "s.csv"
    assert export_main(["seed.csv", "--table", "t.csv", "--ranking", "r.csv",
                        "--summary", str(missing)]) == 2
    assert capfd.readouterr() == ("", f"cannot write {missing}: No such file or directory\n")
    assert files(seed) == ["seed.csv", "t.csv"] and (seed / "t.csv").read_text() == "the old table"


def test_a_folder_as_the_output_is_refused(seed, capfd):
    (seed / "out").mkdir()
    assert export_main(["seed.csv", "--table", "t.csv", "--matrix", "out"]) == 2
    assert capfd.readouterr().err == "cannot write out: Is a directory\n"
    assert files(seed) == ["out", "seed.csv"] and files(seed / "out") == []


def test_a_disk_full_half_way_writes_nothing_and_leaves_no_temporary(seed, capfd,
                                                                      monkeypatch):
    written = []
    real = os.fsync

    def full_on_the_second(fd):
        written.append(fd)
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)
    monkeypatch.setattr(atomic.os, "fsync", full_on_the_second)
    assert export_main(["seed.csv", "--table", "t.csv", "--summary", "s.csv",
                        "--ranking", "-"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and err.count("\n") == 1 and err.endswith(": No space left on device\n")
    assert err in ("cannot write t.csv: No space left on device\n",
                   "cannot write s.csv: No space left on device\n")
    assert files(seed) == ["seed.csv"]


def test_a_reader_that_goes_away_is_told_in_one_line(seed, capsys, monkeypatch):
    class Gone(io.BytesIO):
        def write(self, data):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    class Stdout(io.StringIO):
        buffer = Gone()
    monkeypatch.setattr("sys.stdout", Stdout())
    assert export_main(["seed.csv", "--table", "t.csv", "--ranking", "-"]) == 2
    assert capsys.readouterr().err == "cannot write standard output: Broken pipe\n"
    assert files(seed) == ["seed.csv", "t.csv"]  # the files were written before


def test_focus_and_reference_name_a_model_called_p_in_a_session(tmp_path, capfd):
    """A session whose reference is "Reference" and whose models are "P" and "Model A"
    (in focus): --focus P and --reference P mean the model called P, not the role."""
    import math
    from klgui.io.session import save_session
    from klgui.model.document import Document, DistributionSpec
    doc = Document()
    doc.load_columns(["a", "b"], [DistributionSpec("Reference", "reference", ("0.5", "0.5")),
                                  DistributionSpec("P", "model", ("0.9", "0.1")),
                                  DistributionSpec("Model A", "model", ("0.25", "0.75"))],
                     focus="Model A")
    save_session(tmp_path / "s.kld.json", doc.snapshot())

    def summary(*options):
        assert export_main([str(tmp_path / "s.kld.json"), "--summary", "-", *options]) == 0
        rows = list(csv.reader(io.StringIO(capfd.readouterr().out)))
        return {r[0]: r[1] for r in rows[1:]}
    # D(Reference‖P) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1)
    kl = float(summary("--focus", "P")["kl_pq"])
    assert kl == pytest.approx(0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(5), rel=1e-15)
    # D(P‖Model A) = 0.9 ln(0.9/0.25) + 0.1 ln(0.1/0.75): P the reference, Model A in focus
    kl = float(summary("--reference", "P")["kl_pq"])
    assert kl == pytest.approx(0.9 * math.log(3.6) + 0.1 * math.log(0.1 / 0.75), rel=1e-15)
    assert export_main([str(tmp_path / "s.kld.json"), "--reference", "P", "--table",
                        str(tmp_path / "t.csv")]) == 0
    first = list(csv.reader(open(tmp_path / "t.csv", newline="", encoding="utf-8")))[:2]
    assert first[0][-4:] == ["reference_name", "focus_name", "reference_position",
                             "focus_position"]  # P is the second column, Model A the third
    assert first[1][1:3] == ["0.9", "0.25"] and first[1][-4:] == ["P", "Model A", "2", "3"]


def test_focus_names_a_model_in_any_case_as_model_does(seed, tmp_path, capfd):
    """--model finds "Model B" written "model b"; --focus did not ("is not one of the
    models"). Both now take the one name that matches but for case, in a CSV file and
    in a session."""
    import math

    def kl_pq(path, *options):
        assert export_main([str(path), "--summary", "-", *options]) == 0
        rows = list(csv.reader(io.StringIO(capfd.readouterr().out)))
        return float({r[0]: r[1] for r in rows[1:]}["kl_pq"])
    from klgui.cli import document_from_file
    from klgui.io.session import save_session
    table = seed / "seed.csv"
    assert kl_pq(table, "--focus", "model b") == pytest.approx(math.log(2.5), rel=1e-15)
    assert export_main([str(table), "--focus", "model c", "--summary", "-"]) == 2
    assert "the focus 'model c' is not one of the models (Model A, Model B)" in \
        capfd.readouterr().err
    save_session(tmp_path / "s.kld.json", document_from_file(table)[0].snapshot())
    assert kl_pq(tmp_path / "s.kld.json", "--focus", "MODEL B") == \
        pytest.approx(math.log(2.5), rel=1e-15)


def _session(tmp_path, reference, models, focus):
    """A session of outcomes a, b: ``reference`` and ``models`` are (name, entries)."""
    from klgui.io.session import save_session
    from klgui.model.document import Document, DistributionSpec
    doc = Document()
    doc.load_columns(["a", "b"], [DistributionSpec(reference[0], "reference", reference[1])]
                     + [DistributionSpec(n, "model", e) for n, e in models], focus=focus)
    save_session(tmp_path / "s.kld.json", doc.snapshot())
    return tmp_path / "s.kld.json"


def _kl_pq(capfd, path, *options):
    assert export_main([str(path), "--summary", "-", *options]) == 0, capfd.readouterr().err
    rows = list(csv.reader(io.StringIO(capfd.readouterr().out)))
    return float({r[0]: r[1] for r in rows[1:]}["kl_pq"])


def test_the_reference_of_an_exported_table_is_found_by_its_name(tmp_path, capfd):
    """Our table of a reference "Truth" names it in reference_name: --reference Truth
    said "not a column" while --model Gamma (the focus, in q_weight) worked."""
    import math
    session = _session(tmp_path, ("Truth", ("0.5", "0.5")),
                       [("Gamma", ("0.9", "0.1")), ("Delta", ("0.25", "0.75"))], "Gamma")
    assert export_main([str(session), "--table", str(tmp_path / "t.csv")]) == 0
    table = tmp_path / "t.csv"
    assert next(csv.reader(open(table, newline="", encoding="utf-8")))[-2:] == [
        "reference_name", "focus_name"]
    truth_gamma = 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1)
    for name in ("Truth", "truth", "p_weight"):
        assert _kl_pq(capfd, table, "--reference", name, "--model", "Gamma") == \
            pytest.approx(truth_gamma, rel=1e-15)
    # Gamma as the reference, Truth the model: D(Gamma‖Truth)
    assert _kl_pq(capfd, table, "--reference", "Gamma", "--model", "Truth") == pytest.approx(
        0.9 * math.log(0.9 / 0.5) + 0.1 * math.log(0.1 / 0.5), rel=1e-15)


@pytest.mark.parametrize("option, value, message", [
    ("--reference", "Model A q", "'Model A q' is Model A's probability column, not weights; "
     "use --reference \"Model A\" (or its weight column, 'Model A weight')."),
    ("--reference", "model a Q", "'model a Q' is Model A's probability column, not weights; "
     "use --reference \"Model A\" (or its weight column, 'Model A weight')."),
    ("--model", "Model A q", "'Model A q' is Model A's probability column, not weights; use "
     "--model \"Model A\" (or its weight column, 'Model A weight')."),
    ("--focus", "Model A q", "'Model A q' is Model A's probability column, not weights; use "
     "--focus \"Model A\" (or its weight column, 'Model A weight')."),
    ("--reference", "q", None),  # the alias: the focus model's weights, as in a session
    ("--reference", "4", "'4' is P's probability column, not weights; use --reference \"P\" "
     "(or its weight column, 'p_weight')."),
    ("--reference", "Model A contribution_qp", "'Model A contribution_qp' is the column of "
     "the contributions to D(Model A‖P), not weights; name a distribution: P, Model B or "
     "Model A."),
    ("--reference", "contribution_pq", "'contribution_pq' is the column of the contributions "
     "to D(P‖Model B), not weights; name a distribution: P, Model B or Model A."),
])
def test_a_derived_column_of_an_exported_table_is_refused_naming_whose_it_is(
        seed, capfd, option, value, message):
    """`export t.csv --reference "Model A q"` took Model A's probabilities for the weights
    of a new distribution "Model A q" (D = 0 against Model A itself, in the ranking)."""
    assert export_main(["seed.csv", "--focus", "Model B", "--table", "t.csv"]) == 0
    capfd.readouterr()
    code = export_main(["t.csv", option, value, "--ranking", "r.csv"])
    out, err = capfd.readouterr()
    if message is None:
        assert code == 0 and "weights" not in err
        return
    assert (code, out, err) == (2, "", f"t.csv: {option} {message}\n")
    assert files(seed) == ["seed.csv", "t.csv"]


@pytest.mark.parametrize("option, value, expected", [
    ("--focus", "q", "reference_a"), ("--focus", "Q", "reference_a"),
    ("--reference", "q", "a_reference"), ("--reference", "Q", "a_reference"),
    ("--reference", "p", "reference_a"),
])
def test_the_aliases_p_and_q_name_the_roles_in_any_case_in_a_session(tmp_path, capfd, option,
                                                                      value, expected):
    """--reference q and --focus q said "there is no distribution called 'q'" while Q
    worked and every name matches in any case."""
    import math
    session = _session(tmp_path, ("Reference", ("0.5", "0.5")),
                       [("Model A", ("0.9", "0.1")), ("Model B", ("0.25", "0.75"))],
                       "Model A")
    kl = {"reference_a": 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1),
          "a_reference": 0.9 * math.log(0.9 / 0.5) + 0.1 * math.log(0.1 / 0.5)}[expected]
    assert _kl_pq(capfd, session, option, value) == pytest.approx(kl, rel=1e-15)


def test_a_focus_not_among_a_files_models_is_quoted_as_given(seed, capfd):
    assert export_main(["seed.csv", "--focus", "model q", "--summary", "-"]) == 2
    assert capfd.readouterr().err == ("seed.csv: the focus 'model q' is not one of the models "
                                      "(Model A, Model B).\n")


@pytest.mark.parametrize("file, focus, model", [
    ("seed.csv", "q", "Model A"), ("seed.csv", "Q", "Model A"),  # the role, as in a session
    ("seed.csv", "4", "Model B"), ("seed.csv", "3", "Model A"),  # a column, as --model
    ("pq.csv", "Q", "Q"), ("pq.csv", "3", "Q"),
    ("bare.csv", "Q", "Q"), ("bare.csv", "q", "Q"), ("bare.csv", "3", "Q"),
])
def test_focus_q_and_a_column_number_point_to_a_model_of_a_csv_file(seed, capfd, file, focus,
                                                                     model):
    """--focus Q said "the focus 'Q' is not one of the models (Model A, Model B)" for a
    file of named models, while in a session Q is the focus model (the document's alias
    where no column is called Q); and --focus took no column number though --model and
    --q do. Both point to a model now: D(P‖that model) is the summary's kl_pq."""
    import math
    (seed / "pq.csv").write_text("outcome,P,Q\ncat,1,0.4\ndog,0,0.3\nbird,0,0.3\n", "utf-8")
    (seed / "bare.csv").write_text("cat,1,0.4\ndog,0,0.3\nbird,0,0.3\n", "utf-8")
    q_cat = {"Model A": 0.8, "Model B": 0.4, "Q": 0.4}[model]  # P = (1, 0, 0)
    assert _kl_pq(capfd, seed / file, "--focus", focus) == pytest.approx(-math.log(q_cat),
                                                                         rel=1e-15)


@pytest.mark.parametrize("file, focus", [("seed.csv", "P"), ("seed.csv", "p"), ("seed.csv", "2"),
                                         ("bare.csv", "P"), ("bare.csv", "2")])
def test_a_focus_that_is_the_reference_is_refused_in_one_line(seed, capfd, file, focus):
    (seed / "bare.csv").write_text("cat,1,0.4\ndog,0,0.3\nbird,0,0.3\n", "utf-8")
    assert export_main([file, "--focus", focus, "--summary", "-"]) == 2
    models = "Model A, Model B" if file == "seed.csv" else "Q"
    assert capfd.readouterr().err == (f"{file}: the focus {focus!r} is the reference (P); the "
                                      f"focus is one of the models ({models}).\n")
