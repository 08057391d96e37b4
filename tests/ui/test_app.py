"""The ``syria-wargame`` entry point: screenshot mode and argument errors."""
from PySide6.QtGui import QImage

from ui.app import main


def test_screenshot_writes_a_1600_by_1000_png(tmp_path, qapp):
    out = tmp_path / "map.png"
    assert main(["--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    # Not blank: the map paints many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 23)}
    assert len(colours) > 20


def test_bad_arguments_are_reported(tmp_path, capsys, qapp):
    assert main(["--screenshot", str(tmp_path / "map.jpg")]) == 2
    assert "wants a .png path" in capsys.readouterr().err
    assert main(["--screenshot", str(tmp_path / "missing" / "map.png")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["--scenario", "nowhere", "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "unknown scenario 'nowhere'" in capsys.readouterr().err
