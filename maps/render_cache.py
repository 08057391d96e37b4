"""A committed cache of what the map draws at start-up, so the first frame needs no geometry libraries.

``maps/data/render_cache.json`` holds, in map kilometres and as GeoJSON-style
mappings: the static layers (neighbouring countries, Syria, governorate
borders, rivers, the country's bounds) and the opening position's faction
areas and front lines, keyed by a hash of the control they were computed
for. Reading it needs only the standard library; building it
(``python -m maps.render_cache``) needs shapely and h3. A test checks that a
rebuild reproduces the committed file.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

CACHE_FILE = Path(__file__).resolve().parent / "data" / "render_cache.json"
DIGITS = 3  # metres are plenty at any zoom the map allows


def control_key(control: Sequence[str]) -> str:
    """A short, stable hash of a control assignment."""
    return hashlib.sha256("".join(f"{f}," for f in control).encode("utf-8")).hexdigest()[:16]


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


def build(board, control: Sequence[str]) -> dict[str, Any]:
    """Compute the cache for a board and its opening control."""
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
    }
    return {"format": "syria-wargame/render-cache", "version": 1, "static": static, "opening": opening}


def write(cache: dict[str, Any], path: Path = CACHE_FILE) -> None:
    """Write the cache compactly and deterministically."""
    path.write_text(json.dumps(cache, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    """Rebuild the committed render cache for the Syria 2017 scenario."""
    from wargame.scenario import load_scenario

    scenario = load_scenario("syria-2017")
    write(build(scenario.board, scenario.opening_control))
    print(f"wrote {CACHE_FILE} ({CACHE_FILE.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
