"""Loading board files: the shipped board is valid; broken files get clear errors."""
import json

import pytest

from wargame.board import BoardError, board_from_json, load_board, write_board
from wargame.scenario import SCENARIO_DIR
from tests.helpers import tiny_board

BOARD_FILE = SCENARIO_DIR / "syria_2017" / "board.json"


def test_round_trip_through_the_file_format(tmp_path):
    board = tiny_board()
    path = tmp_path / "board.json"
    write_board(board, path)
    again = load_board(path)
    assert again.cells == board.cells and again.neighbors == board.neighbors


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="something else"), "not a board file"),
        (lambda d: d.update(version=99), "unsupported version"),
        (lambda d: d["cells"][3].pop("lat"), r"cells\[3\]: bad or missing field"),
        (lambda d: d["cells"][2].update(terrain="swamp"), r"cells\[2\]: unknown terrain 'swamp'"),
        (lambda d: d["cells"][1].update(neighbors=[999]), r"cells\[1\]: neighbour index out of range"),
        (lambda d: d["cells"][0].update(neighbors=d["cells"][0]["neighbors"][1:]), "not symmetric"),
        (lambda d: d["cells"][5].update(population=-4), "population must be >= 0"),
        (lambda d: d["cells"][5].update(governorate="Narnia"), "unknown governorate 'Narnia'"),
        (lambda d: d.update(cells=[]), "cells: missing or empty"),
    ],
)
def test_broken_board_data_names_the_entry(tmp_path, mutate, message):
    data = tiny_board().to_json()
    mutate(data)
    with pytest.raises(BoardError, match=message) as caught:
        board_from_json(data, "my-board.json")
    assert str(caught.value).startswith("my-board.json: ")


def test_unreadable_board_files_name_the_path(tmp_path):
    missing = tmp_path / "absent.json"
    with pytest.raises(BoardError, match="absent.json: board file not found"):
        load_board(missing)
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"format": "syria-wargame/board", "cells": [', encoding="utf-8")
    with pytest.raises(BoardError, match=r"garbage.json: line 1, column \d+: invalid JSON"):
        load_board(garbage)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(BoardError, match="binary.json"):
        load_board(binary)


def test_shipped_board_is_valid_and_compact():
    board = load_board(BOARD_FILE)
    assert 4000 <= len(board.cells) <= 5500
    assert BOARD_FILE.stat().st_size < 1_500_000
    assert json.loads(BOARD_FILE.read_text())["h3_resolution"] == 6
