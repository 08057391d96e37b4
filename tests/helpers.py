"""Small builders shared by tests: tiny hand-made boards on real H3 cells."""
from __future__ import annotations

import h3

from wargame.board import Board, Cell


def tiny_board(centre: tuple[float, float] = (35.0, 38.0), radius: int = 3) -> Board:
    """A board of the H3 disk of ``radius`` rings around ``centre`` (lat, lon), resolution 6."""
    ids = sorted(h3.grid_disk(h3.latlng_to_cell(centre[0], centre[1], 6), radius))
    index = {c: i for i, c in enumerate(ids)}
    cells = []
    for i, c in enumerate(ids):
        lat, lon = h3.cell_to_latlng(c)
        cells.append(Cell(i, c, lat, lon, "Test", 1000, "agricultural", 36.0))
    neighbors = tuple(tuple(sorted(index[n] for n in h3.grid_disk(c, 1) if n != c and n in index)) for c in ids)
    return Board(tuple(cells), neighbors, {}, {"Test": 1000 * len(ids)})


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run the ``wargame`` CLI in-process; (exit status, stdout, stderr), whether it returned or called sys.exit."""
    from wargame.cli import main

    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err
