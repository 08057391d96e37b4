"""Loaders for the committed map data in ``maps/data`` (GeoJSON and TOML).

Geometries come back in lon/lat degrees unless a ``projected`` variant is used,
which returns kilometres (see :mod:`maps.projection`). Results are cached:
the files are read once per process.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from maps.projection import project_geometry
from wargame import files

DATA_DIR = Path(__file__).resolve().parent / "data"


class MapDataError(ValueError):
    """A map data file is missing or malformed; the message names the file."""


def read_json(path: Path) -> Any:
    """Parse a JSON map data file, turning failures into :class:`MapDataError`."""
    return files.read_json(path, "map data file", MapDataError)


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML map data file, turning failures into :class:`MapDataError`."""
    return files.read_toml(path, "map data file", MapDataError)


def _named_features(filename: str) -> tuple[tuple[str, BaseGeometry, dict], ...]:
    path = DATA_DIR / filename
    collection = read_json(path)
    try:
        return tuple(
            (f["properties"].get("name", ""), shape(f["geometry"]), f["properties"])
            for f in collection["features"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise MapDataError(f"{path}: malformed feature ({exc})") from None


@lru_cache(maxsize=None)
def governorates() -> dict[str, BaseGeometry]:
    """The 14 governorates, name -> polygon in lon/lat."""
    return {name: geom for name, geom, _ in _named_features("governorates.geojson")}


@lru_cache(maxsize=None)
def syria_outline() -> BaseGeometry:
    """Syria as the union of its governorates (lon/lat), so every cell has a governorate.

    The Natural Earth governorates leave hairline gaps between neighbours; the
    union would keep them as holes (drawn as stray border strokes, and cells
    centred in them would be lost). Syria has no real holes, so only exterior
    rings are kept.
    """
    union = unary_union(list(governorates().values()))
    parts = getattr(union, "geoms", [union])
    return unary_union([Polygon(p.exterior) for p in parts])


@lru_cache(maxsize=None)
def countries() -> dict[str, BaseGeometry]:
    """Syria and its neighbours clipped to the view box, name -> polygon in lon/lat."""
    return {name: geom for name, geom, _ in _named_features("countries.geojson")}


@lru_cache(maxsize=None)
def rivers() -> tuple[tuple[str, int, BaseGeometry], ...]:
    """Rivers as (name, rank, line geometry in lon/lat); rank 1 are the main named rivers."""
    return tuple(
        (name, int(props.get("rank", 2)), geom) for name, geom, props in _named_features("rivers.geojson")
    )


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """A site as authored in ``sites.toml``."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    population: int
    ring_share: float | None = None  # share of the population living in the ring of cells around


@lru_cache(maxsize=None)
def sites() -> tuple[SiteRecord, ...]:
    """The named sites of the game, in file order."""
    path = DATA_DIR / "sites.toml"
    out = []
    for position, raw in enumerate(read_toml(path).get("site", [])):
        try:
            ring = raw.get("ring_share")
            out.append(SiteRecord(str(raw["id"]), str(raw["name"]), str(raw["kind"]),
                                  float(raw["lat"]), float(raw["lon"]), int(raw.get("population", 0)),
                                  None if ring is None else float(ring)))
            if ring is not None and not 0.0 <= float(ring) < 1.0:
                raise ValueError(f"ring_share must be in [0, 1), got {ring}")
        except (KeyError, TypeError, ValueError) as exc:
            raise MapDataError(f"{path}: site #{position + 1}: {exc}") from None
    return tuple(out)


def rounded_mapping(geometry: BaseGeometry, digits: int) -> dict[str, Any]:
    """GeoJSON-style mapping of ``geometry`` with coordinates rounded to ``digits`` (compact, stable files)."""
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, digits) for v in value]
            return [walk(v) for v in value]
        return value

    gj = mapping(geometry)
    return {"type": gj["type"], "coordinates": walk(gj["coordinates"])}


def projected(geometry: BaseGeometry) -> BaseGeometry:
    """Shorthand for :func:`maps.projection.project_geometry`."""
    return project_geometry(geometry)


@lru_cache(maxsize=None)
def syria_outline_km() -> BaseGeometry:
    """Syria's outline in map kilometres."""
    return projected(syria_outline())


@lru_cache(maxsize=None)
def governorates_km() -> dict[str, BaseGeometry]:
    """Governorates in map kilometres."""
    return {name: projected(g) for name, g in governorates().items()}


@lru_cache(maxsize=None)
def internal_borders_km():
    """Governorate borders inside Syria (km), each shared edge once, without the national border."""
    lines = unary_union([g.boundary for g in governorates_km().values()])
    return lines.difference(syria_outline_km().boundary.buffer(0.3))
