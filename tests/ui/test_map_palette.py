"""The faction palette survives colour-vision deficiencies and never reads as water.

Each fill is taken as the map draws it (translucent, over Syria's land), passed
through the Machado, Oliveira and Fernandes (2009) simulation of protanopia,
deuteranopia and tritanopia (severity 1, applied in linear RGB), and compared in
CIELAB (CIE76 delta E, D65): every pair of fills, and every fill against the sea
and the rivers, must stay at least MIN_DELTA_E apart.
"""
import itertools
import math

import pytest
from PySide6.QtGui import QColor

from ui import theme
from wargame.factions import FACTION_IDS

MIN_DELTA_E = 15.0  # clearly different at a glance (2.3 is a just-noticeable difference)
MACHADO_2009 = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal", *MACHADO_2009)


def to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def to_srgb(channel: float) -> float:
    channel = min(1.0, max(0.0, channel))
    return 12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def simulate(colour: QColor, vision: str) -> tuple[float, float, float]:
    rgb = (colour.redF(), colour.greenF(), colour.blueF())
    if vision == "normal":
        return rgb
    linear = [to_linear(c) for c in rgb]
    return tuple(to_srgb(sum(m * c for m, c in zip(row, linear))) for row in MACHADO_2009[vision])


def cielab(rgb) -> tuple[float, float, float]:
    r, g, b = (to_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: QColor, b: QColor, vision: str) -> float:
    return math.dist(cielab(simulate(a, vision)), cielab(simulate(b, vision)))


def test_the_simulation_matches_known_values():
    # Pure red under protanopia loses most of its lightness; pure blue under tritanopia turns teal.
    red = simulate(QColor("#ff0000"), "protanopia")
    assert red[0] < 0.5 and red[1] < 0.5
    blue = simulate(QColor("#0000ff"), "tritanopia")
    assert blue[1] > blue[0]
    # Red and green, famously, nearly merge under deuteranopia; not for normal vision.
    assert delta_e(QColor("#d62728"), QColor("#2ca02c"), "normal") > 60
    assert delta_e(QColor("#d62728"), QColor("#2ca02c"), "deuteranopia") < 25


@pytest.mark.parametrize("vision", VISIONS)
def test_faction_fills_stay_apart(vision):
    fills = {faction: theme.flat_faction_colour(faction) for faction in FACTION_IDS}
    for (a, colour_a), (b, colour_b) in itertools.combinations(fills.items(), 2):
        assert delta_e(colour_a, colour_b, vision) >= MIN_DELTA_E, f"{a} and {b} under {vision}"


@pytest.mark.parametrize("vision", VISIONS)
def test_no_faction_reads_as_water(vision):
    for faction in FACTION_IDS:
        fill = theme.flat_faction_colour(faction)
        for name, water in (("sea", theme.SEA), ("river", theme.RIVER)):
            assert delta_e(fill, water, vision) >= MIN_DELTA_E, f"{faction} and the {name} under {vision}"


def test_the_familiar_colours_are_kept():
    hue = lambda faction: QColor(theme.FACTION_COLOURS[faction]).hsvHue()  # noqa: E731
    assert hue("regime") < 30 or hue("regime") > 340  # red
    assert 90 < hue("opposition") < 180  # green
    assert QColor(theme.FACTION_COLOURS["isis"]).lightnessF() < 0.25  # black
    assert 45 < hue("sdf") < 65  # yellow
    assert not 180 < hue("turkey") < 250  # not the blue of water
