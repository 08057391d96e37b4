"""Icons and style sheets shipped with the application."""
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent
ICONS_DIR = ASSETS_DIR / "icons"


def icon_path(name: str) -> Path:
    """Return the path of the SVG icon called ``name`` (without extension)."""
    return ICONS_DIR / f"{name}.svg"
