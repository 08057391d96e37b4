"""Colours, pens and fonts of the map, in one place.

Faction fills use the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness, mapped to the colours Syria maps of the
period made familiar (regime red, opposition green, ISIS black, SDF yellow).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

FACTION_COLOURS: dict[str, str] = {
    "regime": "#D55E00",      # vermillion
    "opposition": "#009E73",  # bluish green
    "isis": "#2B2B2B",        # black (softened)
    "sdf": "#F0E442",         # yellow
    "turkey": "#56B4E9",      # sky blue
    "us": "#CC79A7",          # reddish purple
}
# Hatching drawn over the fill when the "hatch" option is on, so factions stay
# apart even in greyscale print-outs.
FACTION_HATCH: dict[str, Qt.BrushStyle] = {
    "regime": Qt.BrushStyle.NoBrush,
    "opposition": Qt.BrushStyle.BDiagPattern,
    "isis": Qt.BrushStyle.DiagCrossPattern,
    "sdf": Qt.BrushStyle.FDiagPattern,
    "turkey": Qt.BrushStyle.HorPattern,
    "us": Qt.BrushStyle.VerPattern,
}
FILL_ALPHA = 150

SEA = QColor("#A9CCE3")
NEIGHBOUR_LAND = QColor("#E3E1DC")
NEIGHBOUR_BORDER = QColor("#A8A49C")
SYRIA_LAND = QColor("#F6F2E7")
SYRIA_BORDER = QColor("#3C3C3C")
GOVERNORATE_BORDER = QColor("#6E6A60")
RIVER = QColor("#3B83BD")
FRONT_LINE = QColor("#111111")
FRONT_CASING = QColor("#FFFFFF")
LABEL = QColor("#1E1E1E")
LABEL_HALO = QColor(255, 255, 255, 220)
NEIGHBOUR_LABEL = QColor("#8A867D")
SEA_LABEL = QColor("#2F6690")


def faction_colour(faction: str, alpha: int = FILL_ALPHA) -> QColor:
    """The fill colour of ``faction`` with the given opacity."""
    colour = QColor(FACTION_COLOURS[faction])
    colour.setAlpha(alpha)
    return colour


def cosmetic_pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen whose width is in screen pixels whatever the zoom."""
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen
