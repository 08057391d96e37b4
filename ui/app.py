"""Entry point of ``syria-wargame``: the desktop application.

``syria-wargame --screenshot out.png`` renders the main window offscreen at
1600x1000 to a PNG and exits, for documentation and visual checks.
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
    parser.add_argument("--scenario", default="syria-2017", metavar="NAME", help="scenario id (default: syria-2017)")
    parser.add_argument("--screenshot", type=Path, metavar="PATH",
                        help="render the window offscreen at 1600x1000 to a PNG file and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application (or take a screenshot); returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.screenshot is not None:
        if args.screenshot.suffix.lower() != ".png":
            print(f"syria-wargame: error: --screenshot wants a .png path, got {args.screenshot}", file=sys.stderr)
            return 2
        if not args.screenshot.parent.exists():
            print(f"syria-wargame: error: folder {args.screenshot.parent} does not exist", file=sys.stderr)
            return 2
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from wargame.scenario import ScenarioError, load_scenario

    QCoreApplication.setOrganizationName("SyriaWargame")
    QCoreApplication.setApplicationName("syria-wargame")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"syria-wargame: error: {exc}", file=sys.stderr)
        if args.screenshot is None:
            QMessageBox.critical(None, "Cannot open scenario", str(exc))
        return 2

    from ui.main_window import MainWindow

    window = MainWindow(scenario)
    if args.screenshot is not None:
        return take_screenshot(window, args.screenshot)
    window.show()
    return app.exec()


def take_screenshot(window, path: Path) -> int:
    """Lay the window out at the screenshot size, render it and save a PNG."""
    from PySide6.QtCore import QEvent
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
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    if not saved:
        print(f"syria-wargame: error: could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
