"""What Moscow's dock and the rules reference say is in words: every flag, counter and scale the rule
files use has a label (one table, wargame.metrics), and no preview names a thing by its id."""
from __future__ import annotations

import re
from typing import Iterator

import pytest

from tests.engine.games import game, played
from wargame import indicators
from wargame.decisions import condition_words, describe_effect, effects_sentence
from wargame.metrics import COUNTERS, FLAG_WORDS, FLAGS, METRIC_WORDS
from wargame.rules.vocabulary import Condition, Effect

ID = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # a snake_case id: what a player should never read


def conditions_of(condition: Condition) -> Iterator[Condition]:
    yield condition
    for child in condition.children:
        yield from conditions_of(child)


def every_condition() -> Iterator[Condition]:
    rules = game().rules
    for action in rules.actions.values():
        yield from conditions_of(action.available)
    for rule in (*rules.rules, *rules.events):
        yield from conditions_of(rule.when)
    for bot in rules.bots:
        for rule in bot.rules:
            yield from conditions_of(rule.when)


def every_effect() -> Iterator[Effect]:
    rules = game().rules
    for action in rules.actions.values():
        yield from (*action.success, *action.failure)
    for rule in (*rules.rules, *rules.events):
        yield from rule.effects
    for bot in rules.bots:
        for choice in bot.choices:
            for option in choice.options:
                yield from option.effects


def test_every_flag_counter_and_scale_the_rules_use_has_words():
    flags = {c.args[0] for c in every_condition() if c.kind == "flag"}
    flags |= {e.target for e in every_effect() if e.kind in ("flag", "unflag")}
    assert flags and flags <= set(FLAG_WORDS), f"flags with no words in metrics.FLAG_WORDS: {flags - set(FLAG_WORDS)}"
    counters = {e.target for e in every_effect() if e.kind == "counter"}
    assert counters and counters <= set(COUNTERS), f"counters with no words: {counters - set(COUNTERS)}"
    scales = {e.per for e in every_effect() if e.per}
    scales |= {c.args[0] for c in conditions_of_actions() if c.kind == "metric"}  # what the dock says is missing
    missing = {s for s in scales if s not in METRIC_WORDS and s not in indicators.BY_NAME}
    assert not missing, f"'per' scales with no words in metrics.METRIC_WORDS: {missing}"


def conditions_of_actions() -> Iterator[Condition]:
    for action in game().rules.actions.values():
        yield from conditions_of(action.available)


def test_condition_readings_that_events_quote_keep_their_words():
    """FLAGS (what Condition.describe and so the events say) is read from the same table, unchanged."""
    for name, (is_set, not_set) in FLAGS.items():
        assert (is_set, not_set) == FLAG_WORDS[name][:2]
    assert "transition_agenda" not in FLAGS, "recorded games quote this flag by its id"


def test_every_effect_and_availability_reads_without_ids():
    for effect in every_effect():
        text = describe_effect(effect)
        assert not ID.search(text), f"{effect} reads {text!r}"
    for action in game().rules.actions.values():
        text = condition_words(action.available)
        assert not ID.search(text) and "(" not in text, f"{action.id} available when {text!r}"


@pytest.mark.parametrize("policy, seed", [("deal", 1), ("hardline", 2)])
def test_no_preview_names_anything_by_its_id(policy, seed):
    g = game()
    for turn in played(policy, seed).turns[::3]:
        for preview in g.previews(turn.state):
            for text in (preview.why_unavailable, *preview.on_success, *preview.on_failure):
                assert not ID.search(text), f"{preview.id}: {text!r}"
            assert not ID.search(effects_sentence(preview.on_success))


def test_effects_scaled_alike_are_gathered_under_their_scale():
    text = effects_sentence(["starts the Astana process", "Talks progress +12",
                             "Talks progress +5 for each month left of the window after Aleppo (now 3)",
                             "Ceasefire level +8 for each month left of the window after Aleppo (now 3)"])
    assert text == ("starts the Astana process; Talks progress +12; for each month left of the window after Aleppo "
                    "(now 3): Talks progress +5, Ceasefire level +8")
    assert effects_sentence([]) == "nothing"
