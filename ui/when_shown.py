"""Work for a dock's contents that can wait while the dock is tabbed away.

Qt keeps a dock that another tab covers "visible" (off-screen), so filling it
after every turn costs End Turn milliseconds for something nobody sees. A
:class:`WhenShown` runs the work at once while its dock is on screen, and
otherwise when the dock comes into view (connect :meth:`set_on_screen` to the
dock's ``visibilityChanged``). The first request always runs.
"""
from __future__ import annotations

from typing import Callable


class WhenShown:
    """Runs ``work`` now if the dock is on screen (or has never been filled), else once it is."""

    def __init__(self, work: Callable[[], None]) -> None:
        self.work = work
        self.on_screen = True   # until the dock says otherwise
        self.stale = False      # a request waits for the dock
        self.done_once = False

    def request(self) -> None:
        """The contents should follow a change."""
        self.stale = True
        if self.on_screen or not self.done_once:
            self.run()

    def set_on_screen(self, on: bool) -> None:
        """The dock came into view (or left it): run the work if a request waited."""
        self.on_screen = on
        if on and self.stale:
            self.run()

    def run(self) -> None:
        self.stale = False
        self.done_once = True
        self.work()
