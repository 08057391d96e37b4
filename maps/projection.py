"""Map projection: longitude/latitude <-> kilometres on a flat map of Syria.

An equirectangular projection with its standard parallel at 35 N, through the
middle of the country: east-west distances err by under 4% at the northern and
southern borders, which is well inside what a scale bar at strategic zoom shows,
and it is trivially invertible (cursor -> cell lookups need that).
Map units are kilometres, x to the east and y to the north.
"""
from __future__ import annotations

import math

LON0 = 38.5
LAT0 = 35.0
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(LAT0))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Kilometres east and north of the map origin for one point."""
    return ((lon - LON0) * KM_PER_DEG_LON, (lat - LAT0) * KM_PER_DEG_LAT)


def unproject(x: float, y: float) -> tuple[float, float]:
    """Longitude and latitude of a map point given in kilometres."""
    return (x / KM_PER_DEG_LON + LON0, y / KM_PER_DEG_LAT + LAT0)


def project_array(coords):
    """Project an (n, 2) array of lon/lat pairs; returns an (n, 2) array in km."""
    import numpy as np  # imported here so the window can draw its first frame without numpy

    coords = np.asarray(coords, dtype=float)
    out = np.empty_like(coords)
    out[:, 0] = (coords[:, 0] - LON0) * KM_PER_DEG_LON
    out[:, 1] = (coords[:, 1] - LAT0) * KM_PER_DEG_LAT
    return out


def project_geometry(geometry):
    """Return a shapely geometry transformed from lon/lat degrees to km."""
    import shapely

    return shapely.transform(geometry, project_array)
