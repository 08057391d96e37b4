"""Map faults of issue 6: labels clear of icons, re-placed after a pan, key places named,
the legend movable and hideable, sensible zoom limits with no edge of the world in sight."""
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from maps.projection import project
from ui.main_window import MainWindow
from ui.map_view import MIN_VIEW_KM
from ui.qt_geometry import to_scene
from tests.ui.window_helpers import make_view

FIVE = {"Raqqa", "Deir ez-Zor", "Palmyra", "Idlib", "al-Bab"}


@pytest.fixture
def view(qtbot, scenario):
    return make_view(qtbot, scenario)


def screen_rect(view, item) -> QRectF:
    """Where an item is drawn (viewport pixels), whatever its flags, offsets and transforms."""
    return item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())


def visible_labels(view) -> dict[str, QRectF]:
    return {label.text: screen_rect(view, label) for label in view.labels if label.isVisible()}


def visible_icons(view) -> dict[str, QRectF]:
    return {icon.place_id: screen_rect(view, icon) for icon in view.site_icons if icon.isVisible()}


def point(view, lon, lat) -> QPointF:
    return QPointF(view.mapFromScene(to_scene(*project(lon, lat))))


def centre_on(view, lon, lat, qtbot) -> None:
    view.centerOn(to_scene(*project(lon, lat)))
    qtbot.wait(1)  # the view re-places its labels once the pan settles


def drag(widget, start: QPointF, end: QPointF, steps: int = 5) -> None:
    def send(kind, pos, button, buttons):
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)

    left = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        send(QEvent.Type.MouseMove, start + (end - start) * (i / steps), Qt.MouseButton.NoButton, left)
    send(QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)


@pytest.mark.parametrize("zoom, place", [(1.0, (38.5, 35.0)), (2.0, (37.1, 36.0)), (3.5, (36.7, 35.9)),
                                         (3.5, (38.2, 34.6)), (6.0, (37.2, 36.2)), (6.0, (38.9, 35.9))])
def test_no_label_covers_an_icon_or_another_label(qtbot, view, zoom, place):
    view.zoom_by(zoom * view._fit_zoom() / view.zoom())
    centre_on(view, *place, qtbot)
    labels, icons = visible_labels(view), visible_icons(view)
    assert labels and icons
    for text, rect in labels.items():
        for site, icon in icons.items():
            assert not rect.intersects(icon), f"{text!r} covers the icon of {site}"
        for other, other_rect in labels.items():
            assert other == text or not rect.intersects(other_rect), f"{text!r} overlaps {other!r}"
    viewport = QRectF(view.viewport().rect())
    assert all(viewport.contains(rect) for rect in labels.values())


def test_the_named_clashes_of_issue_6_are_gone(qtbot, view):
    # "Aleppo" vs Kuweires airbase, the Tabqa dam over "Tabqa", "Idlib" across Fu'ah-Kefraya.
    checked = 0
    for zoom, place in ((1.0, (38.5, 35.0)), (2.5, (37.6, 36.0)), (4.0, (36.7, 35.9)), (4.0, (38.6, 35.9))):
        view.zoom_by(zoom * view._fit_zoom() / view.zoom())
        centre_on(view, *place, qtbot)
        labels, icons = visible_labels(view), visible_icons(view)
        for text, site in (("Aleppo", "kuweires_airbase"), ("Tabqa", "tabqa_dam"), ("Idlib", "fuah")):
            if text in labels and site in icons:
                checked += 1
                assert not labels[text].intersects(icons[site])
    assert checked >= 4


def test_labels_are_replaced_after_a_drag(qtbot, view):
    view.zoom_by(2.5 * view._fit_zoom() / view.zoom())
    centre_on(view, 37.6, 35.6, qtbot)
    legend = QRectF(view.legend.geometry())
    before = visible_labels(view)
    # Drag the map up and to the left by most of the legend's size: what was right of and
    # below the legend slides under it, and land comes into view on the right and bottom.
    centre = view.mapToScene(view.viewport().rect().center())
    drag(view.viewport(), QPointF(700, 500), QPointF(700 - 250, 500 - 250))
    qtbot.wait(1)
    assert (view.mapToScene(view.viewport().rect().center()) - centre).manhattanLength() > 100  # it panned
    after = visible_labels(view)
    assert after
    assert not any(rect.intersects(legend) for rect in after.values())
    assert set(after) - set(before), "labels of the land brought into view are shown"
    viewport = QRectF(view.viewport().rect())
    assert all(viewport.contains(rect) for rect in after.values())


def test_labels_are_replaced_after_a_scroll(qtbot, view):
    view.zoom_by(3.0 * view._fit_zoom() / view.zoom())
    centre_on(view, 36.7, 35.3, qtbot)
    before = visible_labels(view)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 300)
    qtbot.wait(1)
    after = visible_labels(view)
    legend = QRectF(view.legend.geometry())
    assert set(after) - set(before) and not any(rect.intersects(legend) for rect in after.values())


@pytest.mark.parametrize("size", [(1400, 900), (1366, 768)])
def test_key_places_are_named_at_the_default_window_sizes(qtbot, tmp_path, scenario, size):
    window = MainWindow(scenario, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    # Once the docks have settled (the map is re-fitted and re-labelled at each resize).
    qtbot.waitUntil(lambda: FIVE <= set(visible_labels(window.map_view)), timeout=3000)


@pytest.mark.parametrize("size", [(900, 560), (760, 480)])
def test_key_places_are_named_in_a_small_map(qtbot, scenario, size):
    view = make_view(qtbot, scenario, *size)  # what is left of the window beside the docks
    assert FIVE <= set(visible_labels(view))


def test_the_legend_can_be_dragged_and_labels_keep_clear(qtbot, view):
    legend = view.legend
    start = legend.pos()
    drag(legend, QPointF(30, 30), QPointF(30 - 600, 30 - 400))
    assert legend.pos() != start and legend.x() >= 0 and legend.y() >= 0
    qtbot.wait(1)
    assert not any(rect.intersects(QRectF(legend.geometry())) for rect in visible_labels(view).values())
    # The legend keeps its corner (now the top left) when the map is resized.
    offset = legend.pos()
    view.resize(view.width() + 100, view.height() + 60)
    assert legend.pos() == offset


def test_a_hidden_legend_frees_its_place_for_labels(qtbot, view):
    view.zoom_by(2.2 * view._fit_zoom() / view.zoom())
    centre_on(view, 38.5, 35.2, qtbot)
    legend_rect = QRectF(view.legend.geometry())
    assert not any(rect.intersects(legend_rect) for rect in visible_labels(view).values())
    view.legend.setVisible(False)
    qtbot.wait(1)
    assert any(rect.intersects(legend_rect) for rect in visible_labels(view).values())


def test_legend_swatches_hatch(qtbot, view):
    swatch = next(s for s in view.legend.swatches if s.faction == "opposition")
    plain = swatch.grab().toImage()
    view.set_hatching(True)
    hatched = swatch.grab().toImage()
    assert plain != hatched
    regime = next(s for s in view.legend.swatches if s.faction == "regime")
    assert regime.hatched  # (the regime's pattern is plain fill: hatching is shown by the others)


def test_zoomed_fully_in_a_cell_stays_a_clear_part_of_the_view(qtbot, view):
    view.zoom_by(1000.0)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert min(visible.width(), visible.height()) >= MIN_VIEW_KM * 0.99
    assert view._cell_grid is not None and view._cell_grid.isVisible()
    view.fit_map()
    assert not view._cell_grid.isVisible()


@pytest.mark.parametrize("size", [(1000, 700), (1400, 500), (600, 800)])
def test_zoomed_fully_out_the_neighbours_have_no_edge(qtbot, scenario, size):
    view = make_view(qtbot, scenario, *size)
    view.zoom_by(0.001)
    assert view.land_beyond is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    land = view.land_rect
    beyond = view.land_beyond.path()
    # Wherever the view reaches past the neighbours' data on the landward sides, land goes on.
    samples = []
    if visible.top() < land.top():
        samples += [QPointF(x, land.top() - 5) for x in range(int(land.left()) + 5, int(land.right()), 40)]
    if visible.right() > land.right():
        samples += [QPointF(land.right() + 5, y) for y in range(int(land.top()) + 5, int(land.bottom()), 40)]
    if visible.bottom() > land.bottom():
        samples += [QPointF(x, land.bottom() + 5) for x in range(int(land.left()) + 5, int(land.right()), 40)]
    samples = [p for p in samples if visible.contains(p)]
    assert samples
    assert all(beyond.contains(p) for p in samples)
    # The sea west of the box stays sea, except where Sinai and Anatolia go on.
    assert not beyond.contains(QPointF(land.left() - 30, -project(0, 34.0)[1]))


def test_the_legend_position_round_trips_as_text(qtbot, scenario, view):
    view.legend.move_to(QPoint(20, 30))
    state = view.legend.position_state()
    other = make_view(qtbot, scenario, 1100, 760)
    other.legend.restore_position(state)
    assert other.legend.pos() == QPoint(20, 30)
    other.legend.restore_position("nonsense")
    assert other.legend.pos() == QPoint(20, 30)


@pytest.mark.parametrize("zoom", [1.0, 1.6, 2.5])
def test_no_label_lies_across_a_small_enclave(qtbot, scenario, view, zoom):
    # "Idlib" across the Fu'ah-Kefraya pocket, whether or not the pocket's own icon shows.
    view.zoom_by(zoom * view._fit_zoom() / view.zoom())
    centre_on(view, 36.75, 35.9, qtbot)
    fuah = scenario.board.cells[scenario.board.places["fuah"].cell]
    x, y = project(fuah.lon, fuah.lat)
    pocket = view.mapFromScene(QRectF(to_scene(x - 3, y + 3), to_scene(x + 3, y - 3))).boundingRect()
    labels = visible_labels(view)
    assert "Idlib" in labels
    assert not any(rect.intersects(QRectF(pocket)) for rect in labels.values())


def test_the_land_beyond_is_not_built_when_the_view_stays_inside_the_data(view):
    assert view.land_rect.contains(view.mapToScene(view.viewport().rect()).boundingRect())
    assert view.land_beyond is None  # saved from the start-up


def test_the_legend_is_compact_in_a_small_map(qtbot, scenario):
    small, large = make_view(qtbot, scenario, 900, 450), make_view(qtbot, scenario, 1000, 760)
    assert small.legend.height() < large.legend.height() - 80
    assert not small.legend.site_rows[0].isVisible() and large.legend.site_rows[0].isVisible()
    small.legend.compact = small.legend.collapsed = False  # forced: the whole key
    small.legend.reposition()
    assert small.legend.site_rows[0].isVisible()
