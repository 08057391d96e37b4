"""The map's play-time API: animated control changes, clicks, highlights, operations, label scale."""
import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from maps.projection import project
from ui.legend import Legend
from ui.map_layers import OperationArrow
from ui.qt_geometry import to_scene
from tests.ui.window_helpers import make_view


@pytest.fixture
def view(qtbot, scenario):
    return make_view(qtbot, scenario)


def cell_point(view, index) -> QPointF:
    cell = view.board.cells[index]
    return QPointF(view.mapFromScene(to_scene(*project(cell.lon, cell.lat))))


def palmyra_taken(scenario):
    """The opening control with Palmyra and its neighbours handed to the regime."""
    control = list(scenario.opening_control)
    palmyra = scenario.board.places["palmyra"].cell
    for index in (palmyra, *scenario.board.neighbors[palmyra]):
        control[index] = "regime"
    return control


def mouse(view, kind, pos: QPointF, buttons=Qt.MouseButton.LeftButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, pos, view.viewport().mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def test_changed_cells_fade_and_end_as_a_plain_redraw(qtbot, scenario):
    animated, plain = make_view(qtbot, scenario), make_view(qtbot, scenario)
    control = palmyra_taken(scenario)
    palmyra = scenario.board.places["palmyra"].cell
    animated.set_control(control, animate=True)
    assert palmyra in animated.changed_cells and len(animated.changed_cells) == 7
    assert animated.animation_running() and not animated._fade.is_empty()
    mid = animated.grab().toImage()
    plain.set_control(control)
    assert not plain.animation_running()
    end = plain.grab().toImage()
    assert mid != end  # the old colour still shows
    animated.finish_animation()
    assert not animated.animation_running() and animated._fade.is_empty()
    assert animated.grab().toImage() == end


def test_the_fade_finishes_by_itself_without_blocking(qtbot, scenario, view):
    view.set_control(palmyra_taken(scenario), animate=True)
    assert view.animation_running()  # set_control returned while the fade runs
    qtbot.waitUntil(lambda: not view.animation_running(), timeout=3000)
    assert view._fade.is_empty()


def test_an_unchanged_control_does_not_animate(scenario, view):
    view.set_control(scenario.opening_control, animate=True)
    assert view.changed_cells == () and not view.animation_running()


def test_site_icons_show_their_holder(scenario, view):
    icons = {icon.place_id: icon for icon in view.site_icons}
    assert icons["palmyra"].holder == "isis" and icons["aleppo"].holder == "regime"
    assert icons["idlib"].holder == "opposition"
    view.set_control(palmyra_taken(scenario))
    assert icons["palmyra"].holder == "regime"


def test_a_click_on_a_cell_emits_its_index(qtbot, scenario, view):
    palmyra = scenario.board.places["palmyra"].cell
    pos = cell_point(view, palmyra)
    with qtbot.waitSignal(view.cell_clicked, timeout=1000) as blocker:
        mouse(view, QEvent.Type.MouseButtonPress, pos)
        mouse(view, QEvent.Type.MouseButtonRelease, pos, Qt.MouseButton.NoButton)
    assert blocker.args == [palmyra]


def test_a_drag_is_not_a_click(qtbot, scenario, view):
    clicks = []
    view.cell_clicked.connect(clicks.append)
    pos = cell_point(view, scenario.board.places["palmyra"].cell)
    mouse(view, QEvent.Type.MouseButtonPress, pos)
    mouse(view, QEvent.Type.MouseMove, pos + QPointF(40, 10))
    mouse(view, QEvent.Type.MouseButtonRelease, pos + QPointF(40, 10), Qt.MouseButton.NoButton)
    assert clicks == []


def test_highlight_outlines_the_given_cells(scenario, view):
    palmyra = scenario.board.places["palmyra"].cell
    view.highlight_cells([palmyra, *scenario.board.neighbors[palmyra]])
    items = view._highlight.items
    assert items and all(item.pen().isCosmetic() for item in items)
    centre = view.mapToScene(cell_point(view, palmyra).toPoint())
    assert items[0].path().contains(centre)
    assert items[0].path().boundingRect().width() < 30  # about three cells across, in km
    view.highlight_cells([])
    assert view._highlight.is_empty()


def test_highlight_can_bring_the_cells_into_view(qtbot, scenario, view):
    view.zoom_by(4.0)
    view.centerOn(to_scene(*project(36.3, 33.5)))  # Damascus
    abu_kamal = scenario.board.places["abu_kamal"].cell
    assert not QRectF(view.viewport().rect()).contains(cell_point(view, abu_kamal))
    zoom = view.zoom()
    view.highlight_cells([abu_kamal], reveal=True)
    assert QRectF(view.viewport().rect()).contains(cell_point(view, abu_kamal))
    assert view.zoom() == zoom


def test_operations_are_arrows_from_the_attackers_nearest_cell(scenario, view):
    board = scenario.board
    palmyra = board.places["palmyra"].cell
    raqqa = board.places["raqqa"].cell
    view.show_operations([OperationArrow("regime", palmyra, "Palmyra offensive", True),
                          OperationArrow("sdf", raqqa, "Raqqa", False)])
    first, second = view.operation_arrows
    assert view.control[view.geometry.cell_at(*_km(first.start))] == "regime"
    assert view.control[view.geometry.cell_at(*_km(second.start))] == "sdf"
    assert first.tip == to_scene(*project(board.cells[palmyra].lon, board.cells[palmyra].lat))
    # No regime cell is nearer Palmyra than the arrow's start.
    start_distance = (first.start - first.tip).manhattanLength()
    assert start_distance > 0
    assert first.brush().color().alpha() == 255 and second.brush().color() != first.brush().color()
    assert {text for text, _ in view.label_rects()} >= {"Palmyra offensive", "Raqqa"}
    view.set_operations_visible(False)
    assert not any(item.isVisible() for item in view.operation_arrows)
    assert "Palmyra offensive" not in {text for text, _ in view.label_rects()}
    view.show_operations([])
    assert view.operation_arrows == []


def _km(point):
    return point.x(), -point.y()


def test_label_scale_enlarges_the_labels_and_the_legend(view):
    view.legend.compact = view.legend.collapsed = False  # the whole key, however much of the map it takes
    before = {text: rect.height() for text, rect in view.label_rects()}
    legend_height = view.legend.height()
    view.set_label_scale(1.5)
    assert view.legend.height() > legend_height * 1.2
    after = {text: rect.height() for text, rect in view.label_rects()}
    assert "Damascus" in after
    assert after["Damascus"] > before["Damascus"] * 1.3
    view.set_label_scale(1.0)
    assert {text: rect.height() for text, rect in view.label_rects()}["Damascus"] == pytest.approx(before["Damascus"])


def test_legend_title_hatching_and_access(view):
    legend = view.legend
    assert isinstance(legend, Legend)
    legend.set_title("Control, March 2017")
    assert "March 2017" in legend.title.text()
    assert not legend.hatching()
    view.set_hatching(True)
    assert legend.hatching() and all(swatch.hatched for swatch in legend.swatches)


def test_fronts_thin_out_far_out_so_a_lone_cell_keeps_its_colour(view):
    def widths():
        casing, line = next(iter(view.fronts.items.values()))
        return casing.pen().widthF(), line.pen().widthF()

    view.fit_map()
    view.zoom_by(0.5 / view.zoom())  # far out: a cell is a few pixels across
    far, far_zoom = widths(), view.zoom()
    view.zoom_by(2.0 / view.zoom())
    close = widths()
    assert close == (view.fronts.CASING, view.fronts.LINE)
    assert far[0] < close[0] and far[1] < close[1]
    assert far[0] < 7 * far_zoom, "the casing leaves the middle of a lone cell (about 7 km across) uncovered"


def test_a_label_that_moves_repaints_the_whole_map(view, qtbot):
    """A label ignores the view's scale and moves by its own transform; Qt could leave its old
    picture behind, so any label that moves or hides has the whole map painted again."""
    from PySide6.QtCore import QObject

    class Paints(QObject):
        rects: list = []

        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                self.rects.append(event.rect())
            return False

    qtbot.wait(50)
    paints = Paints()
    view.viewport().installEventFilter(paints)
    shown = next(label for label in view.labels if label.isVisible() and label.site is not None)
    blocker = Legend()  # an overlay dropped on the label's spot pushes it elsewhere (or hides it)
    view.add_overlay(blocker)
    anchor = view.mapFromScene(shown.pos())
    blocker.move(anchor.x() - 20, anchor.y() - 30)
    paints.rects.clear()
    view.relayout_labels()
    qtbot.waitUntil(lambda: bool(paints.rects))
    assert any(rect.contains(view.viewport().rect()) for rect in paints.rects)
    view.viewport().removeEventFilter(paints)
