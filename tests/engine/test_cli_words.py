"""What the command line says in words: counts in the singular when there is one, verdicts by their names."""
from __future__ import annotations

from tests.engine.games import game, played
from wargame.batch_summary import format_summary, summarise
from wargame.cli import main
from wargame.outcome import VERDICT_NAMES
from wargame.record import EXTENSION, record_of_game, save_record


def test_the_batch_summary_names_verdicts_and_counts_one_game_as_one():
    rows = [{"policy": "deal", "seed": 1, "verdict": "managed_stalemate", "score": 60},
            {"policy": "chips", "seed": 1, "verdict": "guarantors_peace", "score": 70},
            {"policy": "chips", "seed": 2, "verdict": "managed_stalemate", "score": 50}]
    text = format_summary(summarise(rows, ["deal", "chips"]))
    assert "deal: 1 game\n" in text and "chips: 2 games\n" in text
    assert "verdicts: Managed stalemate 100.0%" in text
    assert "Peace of the guarantors 50.0%" in text and "_" not in text.split("Differences")[0]


def test_every_verdict_of_a_game_has_its_name_in_the_table():
    for policy, seed in (("deal", 1), ("hardline", 2), ("chips", 3), ("random", 4)):
        outcome = played(policy, seed).outcome
        assert VERDICT_NAMES[outcome.id] == outcome.name


def test_verify_of_a_one_turn_record_says_turn_not_turns(tmp_path, capsys):
    p = played("deal", 1)
    record = record_of_game(game(), p.seed, [p.turns[1].orders], [p.turns[1].state], {"moscow": "policy:deal"})
    path = tmp_path / f"one{EXTENSION}"
    save_record(path, record)
    assert main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "the 1 turn verifies" in out and "1 turns" not in out


def test_the_table_of_verdict_names_matches_what_the_verdicts_say():
    import inspect
    import re

    from wargame import outcome

    said = dict(re.findall(r'return \(\s*"(\w+)", "([^"]+)"', inspect.getsource(outcome._verdict)))
    assert said == VERDICT_NAMES
