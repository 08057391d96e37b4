"""Entry point of ``syria-wargame``: the desktop application.

``syria-wargame --screenshot out.png`` renders the main window offscreen at
1600x1000 to a PNG and exits, for documentation and visual checks.
``syria-wargame --demo POLICY --seed N --shots DIR`` plays a whole game in the
real window, through the same End Turn action a player presses, and writes
one PNG of the window per turn (``DIR/turn-00.png`` ...).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

SCREENSHOT_SIZE = (1600, 1000)


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of the GUI."""
    parser = argparse.ArgumentParser(prog="syria-wargame", description="Syria 2017: Moscow's Choice (desktop game).")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a saved game (.syriawar) to open")
    parser.add_argument("--scenario", default="syria-2017", metavar="NAME", help="scenario id (default: syria-2017)")
    parser.add_argument("--screenshot", type=Path, metavar="PATH",
                        help="render the window offscreen at 1600x1000 to a PNG file and exit")
    parser.add_argument("--seed", type=_seed, metavar="N", help="dice seed of the first game (default: random)")
    parser.add_argument("--demo", metavar="POLICY", help="play a whole game with a built-in Moscow policy "
                        "(hardline, deal, chips, random) in the window")
    parser.add_argument("--shots", type=Path, metavar="DIR", help="with --demo: write DIR/turn-NN.png each turn")
    parser.add_argument("--report", type=Path, metavar="SAVE", help="write the after-action review of a saved game "
                        "(with --out FILE.pdf or FILE.html) without opening a window")
    parser.add_argument("--out", type=Path, metavar="FILE", help="with --report: the .pdf or .html to write")
    return parser


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if not 0 <= value <= 2**63:
        raise argparse.ArgumentTypeError(f"seed must be between 0 and 2^63, got {value}")
    return value


def _check_args(args: argparse.Namespace) -> str:
    """The first problem with the arguments, or ''."""
    if args.screenshot is not None:
        if args.screenshot.suffix.lower() != ".png":
            return f"--screenshot wants a .png path, got {args.screenshot}"
        if not args.screenshot.parent.exists():
            return f"folder {args.screenshot.parent} does not exist"
    if (args.report is None) != (args.out is None):
        return "--report SAVE and --out FILE go together"
    if args.report is not None:
        if args.out.suffix.lower() not in (".pdf", ".html", ".htm"):
            return f"--out wants a .pdf or .html path, got {args.out}"
        if not args.out.parent.is_dir():
            return f"folder {args.out.parent} does not exist"
        if args.demo is not None or args.screenshot is not None or args.file is not None:
            return "--report cannot be combined with a game file, --demo or --screenshot"
    if args.file is not None and args.demo is not None:
        return "a saved game and --demo cannot be combined"
    if args.shots is not None and args.demo is None:
        return "--shots needs --demo POLICY"
    if args.demo is not None:
        from wargame.actors.policies import POLICIES

        if args.demo not in POLICIES:
            return f"unknown policy {args.demo!r} for --demo (choose from {', '.join(POLICIES)})"
        if args.screenshot is not None:
            return "--demo and --screenshot cannot be combined"
        if args.shots is not None:
            if args.shots.exists() and not args.shots.is_dir():
                return f"--shots {args.shots} is not a folder"
            if not args.shots.exists() and not args.shots.parent.is_dir():
                return f"folder {args.shots.parent} does not exist"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application (or take a screenshot); returns the exit status."""
    args = build_parser().parse_args(argv)
    problem = _check_args(args)
    if problem:
        print(f"syria-wargame: error: {problem}", file=sys.stderr)
        return 2
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if args.report is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a report opens no window
        return write_report(args.report, args.out)
    if args.screenshot is not None or (args.demo is not None and headless):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # screenshots need no screen
    elif headless and not os.environ.get("QT_QPA_PLATFORM"):
        print("syria-wargame: error: no display to open the window on (DISPLAY is not set); "
              "use --screenshot or --demo to render without one", file=sys.stderr)
        return 2

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from wargame.scenario import ScenarioError, load_scenario, open_scenario

    QCoreApplication.setOrganizationName("SyriaWargame")
    QCoreApplication.setApplicationName("syria-wargame")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    if args.file is not None:
        from wargame.record import RecordError, load_record

        try:
            record = load_record(args.file, lenient=True)  # one clear line now, rather than a dialog later
        except RecordError as exc:
            print(f"syria-wargame: error: {exc}", file=sys.stderr)
            if args.screenshot is None:
                QMessageBox.critical(None, "Cannot open the game", str(exc))
            return 2
        args.scenario = record.scenario_id

    try:
        if args.file is not None:
            scenario = load_scenario(args.scenario)  # already read to check the record: reuse it
        else:
            from maps.render_cache import known_board

            # The committed board is recognised by its fingerprint and read just after the first frame.
            scenario = open_scenario(args.scenario, known_board)
    except ScenarioError as exc:
        print(f"syria-wargame: error: {exc}", file=sys.stderr)
        if args.screenshot is None and args.demo is None:
            QMessageBox.critical(None, "Cannot open scenario", str(exc))
        return 2

    from ui.main_window import MainWindow

    interactive = args.screenshot is None and args.demo is None
    # Screenshots and demos use the default layout, not this user's: the same arguments give the same images.
    settings = None if interactive else _scratch_settings()
    # The map paints first; the engine and the docks load right after (see MainWindow).
    window = MainWindow(scenario, settings, seed=args.seed, moscow=args.demo or "player", defer_game=interactive,
                        open_path=str(args.file) if args.file is not None else None, recover=interactive)
    if args.screenshot is not None:
        return take_screenshot(window, args.screenshot)
    if args.demo is not None:
        return run_demo(window, args.shots)
    window.show()
    return app.exec()


def write_report(save: Path, out: Path) -> int:
    """Export the after-action review of a saved game, printing progress; returns the exit status."""
    from PySide6.QtWidgets import QApplication

    from ui.controller import session_from_file
    from wargame.record import RecordError, installed_game, load_record

    # Rendering maps and charts needs an application, not a window; kept referenced to the end.
    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841
    try:
        game = installed_game(load_record(save, lenient=True).scenario_id)
        session, warning = session_from_file(game, save)
    except RecordError as exc:
        print(f"syria-wargame: error: {exc}", file=sys.stderr)
        return 2
    if warning:
        print(f"syria-wargame: warning: {warning}", file=sys.stderr)
    from ui.report import ReportError, export_report

    def progress(done: int, total: int) -> None:
        print(f"\rwriting the report: {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        turns = export_report(session, out, progress)
    except ReportError as exc:
        print(f"\nsyria-wargame: error: {exc}", file=sys.stderr)
        return 2
    print(f"\nwrote {out} ({turns} turns)", file=sys.stderr)
    return 0


def _scratch_settings():
    """Settings in a fresh temporary file, removed when the program exits."""
    import atexit
    import shutil
    import tempfile

    from PySide6.QtCore import QSettings

    folder = tempfile.mkdtemp(prefix="syria-wargame-")
    atexit.register(shutil.rmtree, folder, True)
    return QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)


def run_demo(window, shots: Path | None) -> int:
    """Play the window's game to the end by triggering End Turn, saving a PNG of the window per turn."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    if shots is not None:
        shots.mkdir(exist_ok=True)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    controller = window.controller

    def shoot() -> bool:
        window.map_view.finish_animation()
        QApplication.processEvents()
        if shots is None:
            return True
        path = shots / f"turn-{controller.state.turn:02d}.png"
        if not window.grab().save(str(path), "PNG"):
            print(f"syria-wargame: error: could not write {path}", file=sys.stderr)
            return False
        return True

    if not shoot():
        return _close(window, 1)
    failures: list[str] = []
    controller.failed.connect(failures.append)
    while not controller.state.ended and not failures:
        if not controller.can_end_turn():
            failures.append("; ".join(controller.problems()) or "End Turn is not possible")
            break
        loop = QEventLoop()
        controller.turn_resolved.connect(loop.quit)
        controller.failed.connect(loop.quit)
        QTimer.singleShot(0, window.end_turn_action.trigger)  # the same action a player presses
        loop.exec()
        controller.turn_resolved.disconnect(loop.quit)
        controller.failed.disconnect(loop.quit)
        if not failures and not shoot():
            return _close(window, 1)
    if failures:
        print(f"syria-wargame: error: turn {controller.state.turn + 1} failed: {failures[0]}", file=sys.stderr)
        return _close(window, 1)
    outcome = controller.session.outcome
    if outcome is None:
        print("syria-wargame: error: the demo game stopped before its end", file=sys.stderr)
        return _close(window, 1)
    print(f"{outcome.name}, score {outcome.score} (seed {controller.session.seed}, {controller.state.turn} turns)"
          + (f"; screenshots in {shots}" if shots is not None else ""))
    return _close(window, 0)


def _close(window, status: int) -> int:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window.close_without_asking()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return status


def take_screenshot(window, path: Path) -> int:
    """Lay the window out at the screenshot size, render it and save a PNG."""
    from PySide6.QtWidgets import QApplication

    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    window.map_view.fit_map()
    QApplication.processEvents()
    saved = window.grab().save(str(path), "PNG")
    # Tear the window down inside Qt's event loop rather than leaving it to
    # interpreter shutdown, where PySide6 can crash while collecting it.
    _close(window, 0)
    if not saved:
        print(f"syria-wargame: error: could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
