"""Each operation's label stands beside its own arrow, month after month, and no two overlap.

A play-tester found "Tabqa and the Euphrates" over the Idlib pocket, about 100 km from its arrow, and
two operations' labels stacked under one arrow: a long label put wholly to one side of the arrow's
midpoint reaches far from the arrow, and over other arrows.
"""
import pytest
import shapely
from PySide6.QtCore import QPointF

from tests.ui.window_helpers import play_turns
from ui.map_layers import short_operation_name

NEAR_KM = 40.0  # a label's centre lies this close (scene units are km) to its own arrow's outline


def arrow_polygon(view, item) -> shapely.Polygon:
    """The arrow's drawn outline (it ignores the view's scale: a constant size on screen), in scene units."""
    on_screen = item.deviceTransform(view.viewportTransform()).map(item.path()).toFillPolygon()
    return shapely.Polygon([(p.x(), p.y()) for p in (view.mapToScene(point.toPoint()) for point in on_screen)])


def label_boxes(view) -> list[tuple[str, shapely.Polygon, shapely.Polygon]]:
    """(text, scene rectangle, own arrow's outline) of every visible operation label."""
    boxes = []
    for label, item in zip(view._operation_labels, view.operation_arrows):
        assert label.spec.text == item.arrow.label
        assert label.text in (item.arrow.label, short_operation_name(item.arrow.label)), "its name, or a short form"
        if not label.isVisible():
            continue
        rect = label.rect_at(QPointF(view.mapFromScene(label.pos())), label.offset)
        corners = [view.mapToScene(rect.topLeft().toPoint()), view.mapToScene(rect.bottomRight().toPoint())]
        box = shapely.box(corners[0].x(), corners[0].y(), corners[1].x(), corners[1].y())
        boxes.append((label.text, box, arrow_polygon(view, item)))
    return boxes


def check_labels(view, turn: int) -> int:
    boxes = label_boxes(view)
    for text, box, arrow in boxes:
        distance = box.centroid.distance(arrow)
        assert distance <= NEAR_KM, f"turn {turn}: {text!r} is {distance:.0f} km from its arrow"
    for i, (text, box, _arrow) in enumerate(boxes):
        for other, other_box, _ in boxes[i + 1:]:
            assert not box.intersection(other_box).area, f"turn {turn}: {text!r} overlaps {other!r}"
    return len(boxes)


@pytest.mark.parametrize("seed, size", [(7, (1920, 1080)), (5, (1600, 1000)), (11, (1600, 1000))])
def test_operation_labels_stand_beside_their_own_arrows(qtbot, open_window, seed, size):
    win = open_window(size=size, seed=seed, moscow="deal")
    view = win.map_view
    assert view.zoom() > 0.7  # at the fit, 40 km is more than the 30 pixels a label may stand from its arrow
    shown = 0
    for turn in range(1, 9):
        play_turns(qtbot, win)
        assert len(view.operation_arrows) == len(view._operation_labels)
        shown += check_labels(view, turn)
    assert shown >= 10  # most operations are named on the map


def test_a_label_follows_its_arrow_when_the_operation_moves(qtbot, scenario):
    """The same operation next month, its arrow elsewhere: the label (kept to reuse its picture) moves with it."""
    from tests.ui.window_helpers import make_view
    from ui.map_layers import OperationArrow

    view = make_view(qtbot, scenario, 1200, 800)
    places = scenario.board.places
    for objective in ("palmyra", "deir_ez_zor", "raqqa", "mayadin", "al_tanf"):
        view.show_operations([OperationArrow("regime", places[objective].cell, "Tabqa and the Euphrates", True)])
        (_text, box, arrow), = label_boxes(view)  # shown
        assert box.centroid.distance(arrow) <= NEAR_KM, objective
        middle = view.operation_arrows[0].midpoint()
        assert shapely.Point(middle.x(), middle.y()).distance(box) < 60.0, objective


def test_short_operation_names():
    assert short_operation_name("Wrath of Euphrates: Raqqa") == "Wrath of Euphrates"
    assert short_operation_name("ISIS counter-attack on Palmyra") == "ISIS counter-attack on\u2026"
    assert short_operation_name("Idlib offensive") is None


def test_a_label_with_no_room_for_its_whole_name_shows_a_shorter_one(qtbot, open_window):
    """About a fifth of the labels found no room by their arrows and were hidden: a shorter name is
    tried before hiding, and the next month the whole name is tried again."""
    win = open_window(size=(1600, 1000), seed=7, moscow="deal")
    view = win.map_view
    shortened = 0
    for _turn in range(1, 9):
        play_turns(qtbot, win)
        for label in view._operation_labels:
            if label.isVisible() and label.text != label.spec.text:
                shortened += 1
                assert label.text == short_operation_name(label.spec.text)
    assert shortened >= 1
