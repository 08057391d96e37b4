"""Regenerate ``maps/data/rivers.geojson`` from the GSHHG river network.

Source: the WDBII river lines shipped in GSHHG (Debian package
``gmt-gshhg-high``), dumped as text by ``gmt coast`` (Debian package ``gmt``).
Both are build-time tools only; the game reads the committed GeoJSON.

Steps: dump the permanent rivers (levels 1-4) at high resolution, clip them to
a box around Syria, join pieces whose ends sit within a short distance of
another line (GMT cuts lines at its internal bins and at dams), then name the
main rivers by walking the network from one hand-placed anchor point to the
next along each river's course. Everything left over is kept as unnamed
rank-2 lines if it is long enough.

Run from the repository root: ``python -m maps.build.build_rivers``
(or ``python maps/build/build_rivers.py``).
"""
from __future__ import annotations

import argparse
import heapq
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, box
from shapely.ops import linemerge

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
REGION = (35.4, 42.6, 32.2, 37.5)  # west, east, south, north (degrees)
# GSHHG river levels 1-4 are the permanent rivers. In this box level 1 holds the
# Euphrates and Tigris, levels 2-3 the Orontes (split between them) and the
# Khabur, level 4 the Afrin, the Awaj and the small tributaries.
GMT_COMMAND = ["gmt", "coast", "-R{}/{}/{}/{}".format(*REGION), "-Dh", "-I1", "-I2", "-I3", "-I4", "-M"]
KM_PER_DEG = 111.2
JOIN_KM = 1.5  # a dangling line end this close to another line is joined to it
ANCHOR_KM = 5.0  # every anchor must lie this close to the network
MIN_UNNAMED_KM = 10.0
SIMPLIFY_DEG = 0.005

Coord = tuple[float, float]

# River -> anchor points (label, lat, lon), at least two, listed from source
# (or the upstream edge of the box) to mouth. The course between two anchors is the shortest
# path through the network; anchors with no path between them (a lake the
# data leaves blank) just start a new part.
RIVERS: dict[str, list[tuple[str, float, float]]] = {
    "Euphrates": [
        ("Ataturk dam", 37.48, 38.32), ("Birecik", 37.03, 37.98), ("Jarabulus", 36.82, 38.01),
        ("Tabqa dam", 35.87, 38.57), ("Raqqa", 35.94, 39.01), ("Deir ez-Zor", 35.34, 40.15),
        ("Mayadin", 35.02, 40.45), ("Abu Kamal", 34.45, 40.92), ("Anah", 34.38, 42.02),
        ("Haditha", 34.13, 42.38),
    ],
    "Tigris": [
        ("upstream edge of box", 37.50, 41.86), ("Cizre", 37.33, 42.19), ("Ain Diwar", 37.27, 42.23),
        ("Faysh Khabur", 37.07, 42.38), ("downstream edge of box", 36.79, 42.60),
    ],
    "Khabur": [
        ("Ras al-Ayn", 36.73, 40.12), ("Tell Tamr", 36.65, 40.37), ("Hasakah", 36.50, 40.75),
        ("Shaddadi", 36.06, 40.73), ("Busayrah", 35.15, 40.43),
    ],
    "Orontes": [
        ("Hermel", 34.39, 36.38), ("Qusayr", 34.55, 36.53), ("Qattinah lake outlet", 34.70, 36.62),
        ("Rastan", 34.92, 36.73), ("Hama", 35.13, 36.76), ("Ghab plain", 35.55, 36.31),
        ("Jisr al-Shughur", 35.81, 36.32), ("Darkush", 35.99, 36.39), ("Antakya", 36.20, 36.16),
        ("Samandag", 36.04, 35.97),
    ],
    "Afrin": [("Turkish upper course", 37.05, 36.92), ("Afrin", 36.51, 36.87), ("Amik plain", 36.22, 36.38)],
    "Barada": [("Zabadani", 33.68, 36.05), ("Damascus", 33.51, 36.29), ("Utaybah lake", 33.45, 36.59)],
    "Awaj": [("Beit Jinn", 33.39, 35.91), ("Kiswah", 33.36, 36.24), ("Hijjaneh lake", 33.33, 36.58)],
    "Yarmouk": [
        ("Wadi Raqqad mouth", 32.70, 35.94), ("Maqarin", 32.72, 35.85), ("al-Hamma", 32.68, 35.67),
        ("Jordan confluence", 32.65, 35.57),
    ],
}


def km(a: Coord, b: Coord) -> float:
    """Equirectangular distance in km between two (lon, lat) points."""
    dx = (a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return KM_PER_DEG * math.hypot(dx, a[1] - b[1])


def line_km(coords: list[Coord]) -> float:
    """Length in km of a polyline of (lon, lat) points."""
    return sum(km(a, b) for a, b in zip(coords, coords[1:]))


def run_gmt() -> str:
    """Dump the river lines as GMT multi-segment text, or exit if GMT is missing."""
    if shutil.which("gmt") is None:
        sys.exit("build_rivers: the 'gmt' program was not found. It is needed at build time only: "
                 "install the Debian packages 'gmt' and 'gmt-gshhg-high' and run again.")
    with tempfile.TemporaryDirectory() as scratch:  # GMT leaves a gmt.history file in its working directory
        result = subprocess.run(GMT_COMMAND, capture_output=True, text=True, cwd=scratch)
    if result.returncode != 0 or not result.stdout.strip():
        sys.exit(f"build_rivers: {' '.join(GMT_COMMAND)} failed: {result.stderr.strip()}")
    return result.stdout


def parse_segments(text: str) -> list[list[Coord]]:
    """Split GMT multi-segment ASCII (segments start at lines beginning with '>') into point lists."""
    segments: list[list[Coord]] = []
    current: list[Coord] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(">"):
            segments.append(current)
            current = []
        elif line and not line.startswith("#"):
            lon, lat = line.split()[:2]
            current.append((float(lon), float(lat)))
    segments.append(current)
    return [s for s in segments if len(s) >= 2]


def clip(segments: list[list[Coord]]) -> list[list[Coord]]:
    """Keep the parts of the segments inside the region box."""
    west, east, south, north = REGION
    frame = box(west, south, east, north)
    out = []
    for coords in segments:
        part = LineString(coords).intersection(frame)
        for piece in getattr(part, "geoms", [part]):
            if piece.geom_type == "LineString" and not piece.is_empty:
                out.append([(x, y) for x, y in piece.coords])
    return out


class Network:
    """An undirected graph whose nodes are line vertices and whose edges join neighbouring vertices."""

    def __init__(self, segments: list[list[Coord]]) -> None:
        self.nodes: list[Coord] = []
        self.index: dict[Coord, int] = {}
        self.adjacent: dict[int, dict[int, float]] = {}
        owner: dict[int, int] = {}
        for number, coords in enumerate(segments):
            ids = [self.node(c) for c in coords]
            for i in ids:
                owner.setdefault(i, number)
            for a, b in zip(ids, ids[1:]):
                self.link(a, b)
        # Join dangling ends to the nearest vertex of another segment.
        for i in range(len(self.nodes)):
            if len(self.adjacent[i]) != 1:
                continue
            others = [j for j in range(len(self.nodes)) if owner[j] != owner[i] and j != i]
            if others:
                j = min(others, key=lambda j: (km(self.nodes[i], self.nodes[j]), j))
                if km(self.nodes[i], self.nodes[j]) <= JOIN_KM:
                    self.link(i, j)

    def node(self, coord: Coord) -> int:
        """Index of the node at ``coord``, created on first use."""
        if coord not in self.index:
            self.index[coord] = len(self.nodes)
            self.nodes.append(coord)
            self.adjacent[self.index[coord]] = {}
        return self.index[coord]

    def link(self, a: int, b: int) -> None:
        """Add an edge weighted by its length in km."""
        if a != b:
            self.adjacent[a][b] = self.adjacent[b][a] = km(self.nodes[a], self.nodes[b])

    def nearest(self, lat: float, lon: float) -> tuple[int, float]:
        """The node closest to a point and its distance in km."""
        best = min(range(len(self.nodes)), key=lambda i: (km(self.nodes[i], (lon, lat)), i))
        return best, km(self.nodes[best], (lon, lat))

    def path(self, start: int, goal: int) -> list[int] | None:
        """Shortest node path from ``start`` to ``goal`` (Dijkstra), or None if they are not connected."""
        best = {start: 0.0}
        previous: dict[int, int] = {}
        queue = [(0.0, start)]
        while queue:
            cost, here = heapq.heappop(queue)
            if here == goal:
                out = [goal]
                while out[-1] != start:
                    out.append(previous[out[-1]])
                return out[::-1]
            if cost > best[here]:
                continue
            for there, weight in sorted(self.adjacent[here].items()):
                if cost + weight < best.get(there, math.inf):
                    best[there] = cost + weight
                    previous[there] = here
                    heapq.heappush(queue, (cost + weight, there))
        return None

    def edges(self) -> list[tuple[int, int]]:
        """Every edge once, as (low, high) node indices, sorted."""
        return sorted((a, b) for a in self.adjacent for b in self.adjacent[a] if a < b)


def name_rivers(net: Network) -> dict[tuple[int, int], str]:
    """Edge -> river name for the edges on each river's anchor-to-anchor course."""
    named: dict[tuple[int, int], str] = {}
    for river, anchors in RIVERS.items():
        stops = []
        for label, lat, lon in anchors:
            node, distance = net.nearest(lat, lon)
            if distance > ANCHOR_KM:
                sys.exit(f"build_rivers: {river} anchor {label} is {distance:.1f} km from any river line")
            stops.append((label, node))
        for (label_a, a), (label_b, b) in zip(stops, stops[1:]):
            route = net.path(a, b)
            if route is None:
                print(f"  {river}: no line from {label_a} to {label_b} (a lake or gap); starting a new part")
                continue
            for p, q in zip(route, route[1:]):
                named.setdefault((min(p, q), max(p, q)), river)
    return named


def rounded_parts(geometry, coords_first: Coord | None) -> list[list[list[float]]]:
    """Simplified, rounded parts of a (multi)line, oriented away from ``coords_first`` and sorted."""
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        coords: list[list[float]] = []
        for x, y in part.simplify(SIMPLIFY_DEG).coords:
            point = [round(x, 4), round(y, 4)]
            if not coords or coords[-1] != point:
                coords.append(point)
        if len(coords) < 2:
            continue
        if coords_first and km(tuple(coords[-1]), coords_first) < km(tuple(coords[0]), coords_first):
            coords.reverse()
        parts.append(coords)
    return sorted(parts)


def feature(name: str, parts: list[list[list[float]]]) -> dict:
    """A GeoJSON feature for one river."""
    if len(parts) == 1:
        geometry = {"type": "LineString", "coordinates": parts[0]}
    else:
        geometry = {"type": "MultiLineString", "coordinates": parts}
    return {"type": "Feature", "properties": {"name": name, "rank": 1 if name else 2}, "geometry": geometry}


def build(text: str) -> dict:
    """The rivers FeatureCollection from GMT's text dump."""
    net = Network(clip(parse_segments(text)))
    named = name_rivers(net)
    groups: dict[str, list[LineString]] = {}
    for a, b in net.edges():
        groups.setdefault(named.get((a, b), ""), []).append(LineString([net.nodes[a], net.nodes[b]]))
    features = []
    for river, anchors in sorted(RIVERS.items()):
        if river not in groups:
            sys.exit(f"build_rivers: {river} was not found in the data")
        source = (anchors[0][2], anchors[0][1]) if anchors else None
        features.append(feature(river, rounded_parts(linemerge(MultiLineString(groups[river])), source)))
    leftover = linemerge(MultiLineString(groups.get("", [])))
    minor = [p for p in rounded_parts(leftover, None) if line_km([tuple(c) for c in p]) >= MIN_UNNAMED_KM]
    features += [feature("", [p]) for p in minor]
    return {"type": "FeatureCollection", "features": features}


def report(collection: dict) -> None:
    """Print the length of each named river and the unnamed remainder."""
    totals: dict[str, float] = {}
    for f in collection["features"]:
        geometry = f["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        name = f["properties"]["name"] or "(unnamed)"
        totals[name] = totals.get(name, 0.0) + sum(line_km([tuple(c) for c in p]) for p in parts)
    for name, length in sorted(totals.items(), key=lambda t: -t[1]):
        print(f"  {name:12s} {length:7.0f} km")


def main(argv: list[str] | None = None) -> None:
    """Run GMT and write the rivers file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR / "rivers.geojson")
    args = parser.parse_args(argv)
    collection = build(run_gmt())
    with args.out.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(collection, handle, indent=None, separators=(",", ":"), sort_keys=True)
        handle.write("\n")
    report(collection)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
