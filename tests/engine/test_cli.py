"""The headless CLI: ``wargame show`` and its errors."""
import json
import subprocess
import sys

import pytest

from wargame.cli import main
from wargame.summary import KEY_PLACES


def test_show_json_prints_factions_governorates_and_places(capsys):
    assert main(["show", "--scenario", "syria-2017", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "syria-2017" and data["date"] == "2016-12"
    assert set(data["control"]) == {"regime", "opposition", "isis", "sdf", "turkey", "us"}
    for entry in data["control"].values():
        assert set(entry) >= {"cells", "area_km2", "population"}
    assert len(data["by_governorate"]) == 14
    assert data["by_governorate"]["Idlib"]["opposition"]["cells"] > 100
    assert list(data["places"]) == list(KEY_PLACES)
    assert data["places"]["palmyra"] == "isis" and data["places"]["al_tanf"] == "us"
    cells = sum(e["cells"] for e in data["control"].values())
    assert cells == sum(f["cells"] for g in data["by_governorate"].values() for f in g.values())


def test_show_table_is_readable(capsys):
    assert main(["show", "--scenario", "syria-2017"]) == 0
    out = capsys.readouterr().out
    assert "Regime" in out and "Key places:" in out and "palmyra" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show", "--scenario", "syria-2099"], "unknown scenario 'syria-2099' (available: syria-2017)"),
        (["show"], "the following arguments are required: --scenario"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
        (["show", "--scenario", "syria-2017", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(capsys, argv, message):
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_installed_command_exits_2_without_traceback():
    result = subprocess.run([sys.executable, "-m", "wargame.cli", "show", "--scenario", "nope"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown scenario 'nope'" in result.stderr and "Traceback" not in result.stderr
