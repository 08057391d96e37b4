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
    first = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", reader.pages[0].extract_text()))
    assert "The verdict" in first and re.search(r"Score \d+ out of 100", first), "verdict and score up front"
    assert "Area held" in first and "Month by month" in first


def test_html_report_is_one_self_contained_file(saved_game, tmp_path, qapp):
    out = tmp_path / "aar.html"
    assert app_main(["--report", str(saved_game), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 18 + 3  # a map per turn and three charts
    assert "March 2018 (turn 15)" in html and "Main events" in html
    assert ".;" not in html and ". ;" not in html, "a claim and what it moved read as sentences"
    first_page = html.split("page-break-before")[0]
    assert "The verdict: " in first_page and "Score <b>" in first_page and "Total" in first_page


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


def visible_windows() -> list[str]:
    """The top-level widgets on screen (a widget drawn only offscreen does not count)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    return sorted(type(w).__name__ for w in QApplication.topLevelWidgets()
                  if w.isVisible() and not w.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen))


def test_export_through_the_dialog_shows_only_the_window_and_its_progress(qtbot, tmp_path, saved_game, monkeypatch):
    """The map and charts of the review are drawn offscreen, and the file dialog is gone before the work starts."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLineEdit

    import ui.report
    from ui.main_window import MainWindow
    from wargame.scenario import load_scenario

    win = MainWindow(load_scenario("syria-2017"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                     app_data=tmp_path / "appdata", open_path=str(saved_game))
    qtbot.addWidget(win)
    win.show()
    seen = []
    export = ui.report.export_report

    def watched_export(session, out, progress=None, geometry=None):
        def step(done, total):
            progress(done, total)
            seen.append(visible_windows())
        seen.append(visible_windows())
        return export(session, out, step, geometry)

    monkeypatch.setattr(ui.report, "export_report", watched_export)
    dialog = win.export_dialog()
    assert dialog.isVisible()
    out = tmp_path / "through-the-dialog.pdf"
    next(e for e in dialog.findChildren(QLineEdit) if e.isVisible()).setText(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists, timeout=120_000)
    assert len(seen) == 20  # before the first map, then a step per turn and the last one
    for windows in seen:  # no file dialog, no map, no chart: the window and, once it starts, the progress
        assert "MainWindow" in windows and set(windows) <= {"MainWindow", "QProgressDialog"}, windows
    assert all("QProgressDialog" in windows for windows in seen[1:-1])  # it closes itself at 100%
    assert visible_windows() == ["MainWindow"]
    assert "Wrote the after-action review" in win.statusBar().currentMessage()


def test_the_outcome_panel_fits_the_map(qtbot, open_window, saved_game):
    """At 1920x1080 every objective shows without scrolling, the legend sits outside the curves and the
    axis names months; at 1366x768 the panel follows the smaller map."""
    win = open_window(size=(1920, 1080), open_path=str(saved_game))
    panel = win.outcome_panel
    qtbot.waitUntil(panel.isVisible)
    outcome = win.controller.session.outcome
    text = panel.text.toPlainText()
    assert all(o.label in text for o in outcome.objectives) and "Total" in text
    # once the window has settled at its size, the whole score table is in view
    qtbot.waitUntil(lambda: panel.text.verticalScrollBar().maximum() == 0)
    map_rect = win.map_view.rect()
    assert map_rect.contains(panel.geometry()) and panel.width() >= 0.8 * min(map_rect.width(), panel.MAX_WIDTH)
    assert panel.height() >= 0.8 * map_rect.height()
    assert not panel.legend.sceneBoundingRect().intersects(panel.plot.getViewBox().sceneBoundingRect())
    ticks = [label for level in panel.plot.getAxis("bottom")._tickLevels for _, label in level]
    assert "Mar 17" in ticks and "Jun 18" in ticks
    big = panel.geometry()
    win.resize(1366, 768)
    qtbot.waitUntil(lambda: panel.geometry() != big)
    assert win.map_view.rect().contains(panel.geometry())
    assert panel.close_button.isVisible() and panel.chart.height() >= panel.CHART_MIN


def test_the_command_line_report_exits_cleanly(saved_game, tmp_path):
    """In a process of its own, as a user runs it: the widgets drawn for the report are deleted
    before the application, not left to Python's exit (which crashed now and then, status 139)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for attempt in range(3):  # the crash came one run in two
        out = tmp_path / f"aar-{attempt}.html"
        done = subprocess.run([sys.executable, "-m", "ui.app", "--report", str(saved_game), "--out", str(out)],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-1000:]
        assert out.stat().st_size > 0


def test_month_by_month_says_what_moscow_changed_and_did():
    """The review's table gave only the strategy, so a month that moved the air war or sent police
    read "the same"; it now names every stance the first month, then what changed and the actions."""
    from dataclasses import replace

    from ui.report import _course
    from wargame.orders import MoscowOrders
    from wargame.record import installed_game

    game = installed_game("syria-2017")
    first = MoscowOrders(strategy="chips")
    text = _course(game, first, None)
    assert text.count(";") == 3 and "Grab bargaining chips" in text, "the four stances"
    second = replace(first, air_focus="isis", actions=("trilateral_talks",))
    text = _course(game, second, first)
    isis = game.rules.stance("air_focus", "isis").label
    assert text.startswith(isis) and "Convene trilateral talks with Turkey and Iran" in text
    assert "Grab bargaining chips" not in text and text.count(";") == 1, "only what changed, then the actions"
    assert "no change" in _course(game, replace(second, actions=()), second)
    assert "no change" in _course(game, first, first)


def test_the_outcome_chart_draws_every_faction_in_its_colour_and_own_dashes(qtbot, open_window, saved_game):
    """The US had no curve, and the regime's and the Turkish-backed lines, both solid, read as one colour:
    every faction now has its map colour and a dash pattern of its own, and the legend names them all."""
    from PySide6.QtCore import Qt

    from ui import theme
    from wargame.factions import BY_ID, FACTION_IDS

    win = open_window(size=(1920, 1080), open_path=str(saved_game))
    panel = win.outcome_panel
    qtbot.waitUntil(panel.isVisible)
    curves = panel.plot.listDataItems()
    assert len(curves) == len(FACTION_IDS) + 1  # the factions, the US among them, and Russian support
    names = [label.text for _sample, label in panel.legend.items]
    assert names[:len(FACTION_IDS)] == [BY_ID[f].short for f in FACTION_IDS]
    pens = {name: curve.opts["pen"] for name, curve in zip(names, curves)}
    for faction in FACTION_IDS:
        pen = pens[BY_ID[faction].short]
        assert pen.color().name().lower() == theme.FACTION_COLOURS[faction].lower()
        assert pen.style() == theme.FACTION_LINE_STYLES[faction]
    # Lines of like colours never share a dash pattern (nor does support at home share one with a faction).
    regime, turkey, us = (pens[BY_ID[f].short] for f in ("regime", "turkey", "us"))
    assert len({regime.style(), turkey.style(), us.style()}) == 3
    support = pens[names[-1]]
    assert support.style() == Qt.PenStyle.CustomDashLine
    close_pairs = [(a, b) for i, a in enumerate(FACTION_IDS) for b in FACTION_IDS[i + 1:]
                   if theme.FACTION_LINE_STYLES[a] == theme.FACTION_LINE_STYLES[b]]
    assert {frozenset(pair) for pair in close_pairs} == {frozenset(("regime", "isis"))}, \
        "only vermillion and black share a solid line"
    assert not panel.legend.sceneBoundingRect().intersects(panel.plot.getViewBox().sceneBoundingRect())
