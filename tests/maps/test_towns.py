"""The committed towns and rivers files, and the forgiving town-name lookup."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from maps.towns import Town, find_town, load_towns, normalise

DATA_DIR = Path(__file__).resolve().parents[2] / "maps" / "data"
SYRIA_BOX = (35.4, 32.2, 42.6, 37.5)  # west, south, east, north


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Palmyra", "Palmyra"),
        ("Tadmur", "Palmyra"),
        ("Deir ez-Zor", "Deir ez-Zor"),
        ("Dayr az Zawr", "Deir ez-Zor"),
        ("deir_ez_zor", "Deir ez-Zor"),
        ("Raqqa", "Raqqa"),
        ("Ar Raqqah", "Raqqa"),
        ("Hama", "Hama"),
        ("Hamah", "Hama"),
        ("\u1e28am\u0101h", "Hama"),
        ("Idlib", "Idlib"),
        ("Idleb", "Idlib"),
        ("Qamishli", "Qamishli"),
        ("Al Qamishli", "Qamishli"),
        ("Kobani", "Kobani"),
        ("\u2018Ayn al \u2018Arab", "Kobani"),
        ("Ath Thawrah", "Tabqa"),
        ("Jisr ash Shughur", "Jisr al-Shughur"),
        ("A'zaz", "Azaz"),
        ("Al-Bab", "al-Bab"),
        ("Albu Kamal", "Abu Kamal"),
    ],
)
def test_find_town_matches_alternate_spellings(query: str, expected: str) -> None:
    town = find_town(query)
    assert town is not None, query
    assert town.name == expected


def test_palmyra_is_the_geonames_tadmur_record() -> None:
    assert find_town("Palmyra") == find_town("Tadmur")
    assert find_town("Palmyra").geonameid == 163808


def test_unknown_names_are_none() -> None:
    assert find_town("Atlantis") is None
    assert find_town("") is None
    assert find_town(" - ") is None


def test_normalise_drops_marks_articles_and_separators() -> None:
    assert normalise("Ma\u2018arrat al-Nu\u2018m\u0101n") == normalise("Maarrat an Numan") == "maarratnuman"
    assert normalise("As-Suwayda'") == "suwayda"


def test_towns_are_sorted_typed_and_unique() -> None:
    towns = load_towns()
    assert 80 <= len(towns) <= 100
    assert all(isinstance(t, Town) for t in towns)
    assert len({t.id for t in towns}) == len(towns)
    assert len({t.geonameid for t in towns}) == len(towns)
    assert all(t.id.isascii() and t.id == t.id.lower() and " " not in t.id for t in towns)
    keys = [(-t.population, t.id) for t in towns]
    assert keys == sorted(keys)
    assert towns[0].name == "Aleppo"


def test_every_town_lies_in_the_syria_box() -> None:
    west, south, east, north = SYRIA_BOX
    for town in load_towns():
        assert west <= town.lon <= east and south <= town.lat <= north, town


def _length_km(coords: list[list[float]]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(coords, coords[1:]):
        dx = (x2 - x1) * math.cos(math.radians((y1 + y2) / 2))
        total += 111.2 * math.hypot(dx, y2 - y1)
    return total


def _river_lengths() -> dict[str, float]:
    collection = json.loads((DATA_DIR / "rivers.geojson").read_text(encoding="utf-8"))
    lengths: dict[str, float] = {}
    for feature in collection["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        assert props["rank"] in (1, 2)
        assert (props["rank"] == 1) == bool(props["name"])
        parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        lengths[props["name"]] = lengths.get(props["name"], 0.0) + sum(_length_km(p) for p in parts)
    return lengths


def test_main_rivers_are_named_and_long_enough() -> None:
    lengths = _river_lengths()
    assert lengths["Euphrates"] > 600
    assert lengths["Khabur"] > 200
    assert lengths["Orontes"] > 250
    named = {name: km for name, km in lengths.items() if name}
    assert max(named, key=named.get) == "Euphrates"


def test_euphrates_is_one_line_through_syria() -> None:
    collection = json.loads((DATA_DIR / "rivers.geojson").read_text(encoding="utf-8"))
    (euphrates,) = [f for f in collection["features"] if f["properties"]["name"] == "Euphrates"]
    assert euphrates["geometry"]["type"] == "LineString"
    lats = [lat for _lon, lat in euphrates["geometry"]["coordinates"]]
    assert max(lats) > 36.8 and min(lats) < 34.5  # from Jarabulus past Abu Kamal
