"""The first game made on a worker thread, so the window keeps painting and answering while it loads.

After the map's first frame the window needs a game: importing the engine
(numpy, scipy), reading the rule files and setting up the opening position
take about a second, and done on the window's thread they froze it just
after it appeared (no repaint, no move, no resize). A :class:`GameLoader`
does that work on a worker thread and hands the game back by a queued
signal; the work itself is plain Python, so the engine stays free of Qt.
"""
from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Signal

from wargame.scenario import Scenario


def make_game(scenario: Scenario):
    """A new game of ``scenario`` with its rules (the engine is imported here, not at the top)."""
    from wargame import areas
    from wargame.engine import Game
    from wargame.rules.loader import load_ruleset

    game = Game(scenario, load_ruleset(scenario.directory, frozenset(scenario.board.places)))
    # The board's lattice, built on the first labelling (a few hundred ms), is built here rather
    # than on the window's thread when the Moscow dock first previews its actions.
    areas.lattice(game.board)
    return game


class GameLoader(QObject):
    """Makes the game of ``scenario`` on a thread of its own; :attr:`loaded` or :attr:`failed` says
    how it went, on the thread this object lives in (the window's). Then, given ``also``, it runs
    that too (the map's geometry) and hands its result to :attr:`also_done`, or None if that fails:
    nothing is lost, the window builds it itself when it needs it."""

    loaded = Signal(object)     # the Game
    failed = Signal(str)        # what went wrong, in a sentence
    also_done = Signal(object)  # what ``also`` returned (None if it failed)

    def __init__(self, scenario: Scenario, also: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.also = also
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        # A daemon: a window closed while the engine loads must not keep the process alive.
        self.thread = threading.Thread(target=self._run, name="load-game", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        """Block until the worker is done (tests, closing)."""
        if self.thread is not None:
            self.thread.join()

    def _run(self) -> None:
        try:
            game = make_game(self.scenario)
        except Exception as exc:  # noqa: BLE001 - whatever failed must reach the window, or it waits for ever
            self._emit(self.failed, str(exc) or type(exc).__name__)
            return
        self._emit(self.loaded, game)
        if self.also is not None:
            try:
                result = self.also()
            except Exception:  # noqa: BLE001 - optional work: None, and the window does it itself on first use
                result = None
            self._emit(self.also_done, result)

    @staticmethod
    def _emit(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window, and this object with it, was deleted while the game loaded
            pass
