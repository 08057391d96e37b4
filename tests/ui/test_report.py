"""The after-action review: `syria-wargame --report SAVE --out FILE` as PDF and HTML."""
import re
import unicodedata

import pypdf
import pytest

from ui.app import main as app_main
from wargame.cli import main as cli_main
from wargame.record import load_record


@pytest.fixture(scope="module")
def saved_game(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "game.syriawar"
    assert cli_main(["play", "--scenario", "syria-2017", "--seed", "3", "--moscow", "chips", "--save", str(path)]) == 0
    return path


def test_pdf_report_has_a_page_per_turn_and_the_events(saved_game, tmp_path, qapp, capsys):
    out = tmp_path / "aar.pdf"
    assert app_main(["--report", str(saved_game), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "19/19" in err and "wrote" in err  # progress, then the result
    reader = pypdf.PdfReader(str(out))
    turns = load_record(saved_game).last_turn
    assert len(reader.pages) >= turns + 1
    # NFKC undoes the typographic ligatures of the PDF's fonts ("ﬁ" -> "fi").
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages)))
    assert "After-action review" in text and "January 2017 (turn 1)" in text and "June 2018 (turn 18)" in text
    assert "Moscow's decisions: Grab bargaining chips" in text
    assert "Infighting in Idlib" in text  # a known event of this game, with its rule and claim
    assert "The verdict" in text and "Score" in text


def test_html_report_is_one_self_contained_file(saved_game, tmp_path, qapp):
    out = tmp_path / "aar.html"
    assert app_main(["--report", str(saved_game), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 18 + 3  # a map per turn and three charts
    assert "March 2018 (turn 15)" in html and "Main events" in html


def test_report_arguments_and_bad_files(tmp_path, qapp, capsys):
    assert app_main(["--report", str(tmp_path / "x.syriawar")]) == 2
    assert "go together" in capsys.readouterr().err
    assert app_main(["--report", str(tmp_path / "x.syriawar"), "--out", str(tmp_path / "r.docx")]) == 2
    assert ".pdf or .html" in capsys.readouterr().err
    broken = tmp_path / "broken.syriawar"
    broken.write_text('{"format": "syria-wargame-record", "version": 2')
    assert app_main(["--report", str(broken), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "broken.syriawar" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_export_from_the_window(qtbot, tmp_path, saved_game):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow
    from wargame.scenario import load_scenario

    win = MainWindow(load_scenario("syria-2017"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                     app_data=tmp_path / "appdata", open_path=str(saved_game))
    qtbot.addWidget(win)
    win.show()
    assert win.controller.state.turn == 18
    out = tmp_path / "from-window.html"
    assert win.export_report(str(out))
    assert out.read_text(encoding="utf-8").count("data:image/png;base64,") == 21
