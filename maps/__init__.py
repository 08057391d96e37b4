"""Geography: map data, the H3 board, projection and front lines (shapely + h3, no Qt)."""
