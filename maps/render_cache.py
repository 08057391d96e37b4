"""A committed cache of what the map draws at start-up, so the first frame needs no geometry libraries.

``maps/data/render_cache.json`` holds, in map kilometres and as GeoJSON-style
mappings: the static layers (neighbouring countries, Syria, governorate
borders, rivers, the country's bounds) and the opening position's faction
areas, front lines and small enclaves, keyed by a hash of the control they
were computed for; and the board's places and size, keyed by the board
file's fingerprint. Reading it needs only the standard library; building it
(``python -m maps.render_cache``) needs shapely and h3. A test checks that a
rebuild reproduces the committed file.
"""
from __future__ import annotations

import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

CACHE_FILE = Path(__file__).resolve().parent / "data" / "render_cache.json"
DIGITS = 3  # metres are plenty at any zoom the map allows


def control_key(control: Sequence[str]) -> str:
    """A short, stable key of a control assignment (CRC-32 and length: it only tells the opening
    position from others, and zlib loads in a fraction of the time hashlib's OpenSSL does)."""
    return fingerprint("".join(f"{f}," for f in control).encode("utf-8"))


@lru_cache(maxsize=1)
def load() -> dict[str, Any] | None:
    """The cache, or None if it is missing or unreadable (the map then computes everything)."""
    try:
        return json.loads(CACHE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _mapping(geometry) -> dict[str, Any]:
    from maps.geodata import rounded_mapping  # geometry libraries only when building

    return rounded_mapping(geometry, DIGITS)


def fingerprint(data: bytes) -> str:
    """A cheap identity of a board file's bytes (CRC-32 and length): not a defence against
    tampering, only a check that the file is the one the cache was built from."""
    return f"{zlib.crc32(data):08x}-{len(data)}"


def known_board(path: Path):
    """A :class:`~wargame.board.LazyBoard` for the board file at ``path`` if it is the file the
    cache was built from (its places and size come from the cache, its cells are read on first
    use), else None: the caller then reads and checks the file itself."""
    cache = load()
    section = cache.get("board") if cache else None
    if not section:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None  # the caller's own read reports it
    if fingerprint(data) != section["fingerprint"]:
        return None
    from wargame.board import LazyBoard, Place

    places = {row[0]: Place(*row) for row in section["places"]}
    return LazyBoard(path, places, section["cells"], section["first_h3"])


def build(board, control: Sequence[str], board_file: Path | None = None) -> dict[str, Any]:
    """Compute the cache for a board and its opening control (and, given the board's file, what
    the first frame needs of the board: its places and size, keyed by the file's fingerprint)."""
    from maps.pockets import small_pockets

    from maps import geodata
    from maps.board_geometry import BoardGeometry

    geometry = BoardGeometry(board)
    outline = geometry.outline_km
    static = {
        "bounds": [round(v, DIGITS) for v in outline.bounds],
        "syria": _mapping(outline),
        "neighbours": {name: _mapping(geodata.projected(geom))
                       for name, geom in sorted(geodata.countries().items()) if name != "Syria"},
        "internal_borders": _mapping(geodata.internal_borders_km()),
        "rivers": [{"name": name, "rank": rank, "geometry": _mapping(geodata.projected(line))}
                   for name, rank, line in geodata.rivers()],
    }
    fronts = geometry.fronts(control)
    opening = {
        "control": control_key(control),
        "areas": {f: _mapping(area) for f, area in sorted(geometry.areas(control).items())},
        "fronts": [{"factions": list(front.factions), "geometry": _mapping(front.geometry)} for front in fronts],
        "pockets": [[round(v, DIGITS) for v in box] for box in small_pockets(board, control)],
    }
    cache = {"format": "syria-wargame/render-cache", "version": 1, "static": static, "opening": opening}
    if board_file is not None:
        cache["board"] = {
            "fingerprint": fingerprint(Path(board_file).read_bytes()),
            "cells": len(board.cells),
            "first_h3": board.first_h3,
            "places": [[p.id, p.name, p.kind, p.lat, p.lon, p.cell, p.population]
                       for p in sorted(board.places.values(), key=lambda p: p.id)],
        }
    return cache


def write(cache: dict[str, Any], path: Path = CACHE_FILE) -> None:
    """Write the cache compactly and deterministically."""
    path.write_text(json.dumps(cache, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    """Rebuild the committed render cache for the Syria 2017 scenario."""
    from wargame.scenario import load_scenario, read_manifest

    scenario = load_scenario("syria-2017")
    write(build(scenario.board, scenario.opening_control, read_manifest("syria-2017").board_file))
    print(f"wrote {CACHE_FILE} ({CACHE_FILE.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
