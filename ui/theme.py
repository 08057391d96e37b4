"""Colours, pens and fonts of the map, in one place.

Faction fills keep the colours Syria maps of the period made familiar
(regime red, opposition green, ISIS black, SDF yellow), from the Okabe-Ito
palette; the Turkish-backed zone is brown (light blue read as water beside
the Euphrates) and the US-held zone light orange (its pink went grey-green
under deuteranopia). ``tests/ui/test_map_palette.py`` checks that every pair
of fills, as drawn over the land, stays apart in CIELAB under simulated
protanopia, deuteranopia and tritanopia (Machado et al. 2009), and apart
from the sea and the rivers.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

FACTION_COLOURS: dict[str, str] = {
    "regime": "#D55E00",      # vermillion
    "opposition": "#009E73",  # bluish green
    "isis": "#2B2B2B",        # black (softened)
    "sdf": "#F0E442",         # yellow
    "turkey": "#7F4F24",      # brown
    "us": "#FDAE61",          # light orange
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
# The dash pattern of each faction's curve in a chart: lines are told apart by more than colour
# (the regime's vermillion and the Turkish-backed brown, or the US orange, are close as thin lines).
FACTION_LINE_STYLES: dict[str, Qt.PenStyle] = {
    "regime": Qt.PenStyle.SolidLine,
    "opposition": Qt.PenStyle.DashLine,
    "isis": Qt.PenStyle.SolidLine,
    "sdf": Qt.PenStyle.DotLine,
    "turkey": Qt.PenStyle.DashDotLine,
    "us": Qt.PenStyle.DashDotDotLine,
}
FILL_ALPHA = 175
HATCH_COLOUR = QColor(0, 0, 0, 90)
# The holder's letter on a site's badge and in the legend: nothing told by colour alone.
FACTION_LETTERS: dict[str, str] = {
    "regime": "R", "opposition": "O", "isis": "I", "sdf": "S", "turkey": "T", "us": "U",
}

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
RING_CASING = QColor("#202020")
HIGHLIGHT = QColor("#D4145A")
HIGHLIGHT_CASING = QColor("#FFFFFF")
CELL_GRID = QColor(60, 60, 60, 70)


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


def hatch_brush(faction: str) -> QBrush:
    """The hatch pattern drawn over ``faction``'s fill when hatching is on."""
    return QBrush(HATCH_COLOUR, FACTION_HATCH[faction])


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG) of an opaque colour, 0 (black) to 1 (white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    return QColor("#111111") if luminance(colour) > 0.22 else QColor("#ffffff")


def casing_for(colour: QColor) -> QColor:
    """The casing that sets off a line or arrow of ``colour`` from any background."""
    return QColor("#1a1a1a") if luminance(colour) > 0.45 else QColor("#ffffff")


def flat_faction_colour(faction: str) -> QColor:
    """The opaque colour a faction's translucent fill makes over Syria's land."""
    fill = faction_colour(faction)
    alpha = fill.alphaF()
    return QColor.fromRgbF(*(alpha * getattr(fill, c)() + (1 - alpha) * getattr(SYRIA_LAND, c)()
                             for c in ("redF", "greenF", "blueF")))
