"""Rule files: the shipped ones load and cover every claim; broken ones fail with file and rule named."""
import shutil
import tomllib

import pytest

from wargame.rules.loader import CLAIMS, load_ruleset
from wargame.rules.vocabulary import RuleError, render
from wargame.scenario import SCENARIO_DIR, load_scenario

SCENARIO = SCENARIO_DIR / "syria_2017"
PLACES = frozenset(load_scenario("syria-2017").board.places)


def test_shipped_rules_load_and_every_claim_is_carried_by_a_rule():
    ruleset = load_ruleset(SCENARIO, PLACES)
    claims = {r.claim for r in ruleset.rules}
    assert set(CLAIMS) <= claims, f"claims without a rule: {set(CLAIMS) - claims}"
    assert len(ruleset.bots) >= 7 and {b.id for b in ruleset.bots} >= {
        "damascus", "tehran", "ankara", "washington", "opposition", "isis", "sdf"}
    assert len(ruleset.actions) == 8


@pytest.fixture
def scenario_copy(tmp_path):
    target = tmp_path / "scenario"
    shutil.copytree(SCENARIO, target)
    return target


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "filename, old, new, message",
    [
        ("rules.toml", 'when = { stance = "strategy", is = "offensive" }',
         'when = { stance = "strategy", is = "total_war" }', r"rules.toml: rule tehran_indulged.when: strategy has no option 'total_war'"),
        ("rules.toml", '{ add = "iran_influence", value = 1.5 }', '{ add = "iran_power", value = 1.5 }',
         r"rule tehran_indulged.effects\[0\]: unknown indicator 'iran_power'"),
        ("rules.toml", 'claim = "C3"\nwhen = { stance = "strategy", is = "offensive" }',
         'claim = "C99"\nwhen = { stance = "strategy", is = "offensive" }', r"rule tehran_indulged: claim must be one of C1-C13"),
        ("rules.toml", 'id = "tehran_indulged"', 'id = "air_campaign_cost"', "duplicate id 'air_campaign_cost'"),
        ("rules.toml", "Iranian influence grows to {iran_influence}", "Iranian influence grows to {__class__}",
         r"rule tehran_indulged.text: unknown placeholder \{__class__\}"),
        ("rules.toml", '{ metric = "idlib_offensive", op = "==", value = 1 }',
         '{ metric = "idlib_offensive", op = "=~", value = 1 }', "unknown comparison '=~'"),
        ("rules.toml", '{ metric = "idlib_offensive", op = "==", value = 1 }',
         '{ metric = "__import__(\'os\')", op = "==", value = 1 }', "unknown metric"),
        ("rules.toml", 'effects = [{ end = "collapse" }]', 'effects = [{ end = "apocalypse" }]',
         r"rule regime_collapse.effects\[0\]: 'end' must be one of"),
        ("events.toml", "once = true\nwhen = { all = [{ turn = 1", "once = \"yes\"\nwhen = { all = [{ turn = 1",
         r"events.toml: event hts_merger: 'once' must be true or false"),
        ("events.toml", "{ chance = 0.6 }", "{ chance = 1.6 }", "'chance' must be between 0 and 1"),
        ("decisions.toml", 'cost = 3\navailable = { flag = "astana_process", set = false }',
         'cost = -3\navailable = { flag = "astana_process", set = false }',
         r"decisions.toml: action trilateral_talks: 'cost' must be a whole number"),
        ("decisions.toml", 'available = { flag = "astana_process", set = false }',
         'available = { chance = 0.5 }', "availability cannot depend on dice"),
        ("bots.toml", 'attack = { defender = "isis", objective = "al_bab" }',
         'attack = { defender = "isis", objective = "atlantis" }',
         r"bots.toml: actor ankara: rule al_bab: unknown objective place 'atlantis'"),
        ("bots.toml", 'id = "ankara"\nname = "Ankara"\nfaction = "turkey"', 'id = "ankara"\nname = "Ankara"\nfaction = "ottomans"',
         r"actor ankara: unknown faction 'ottomans'"),
        ("bots.toml", 'campaign = ["rastan", "talbiseh"]', 'campaign = ["rastan", "rastan"]',
         r"bots.toml: actor damascus: rule homs_pockets: attack.campaign lists a place twice"),
        ("bots.toml", 'campaign = ["rastan", "talbiseh"]', 'campaign = []',
         r"rule homs_pockets: attack.campaign must be a non-empty list"),
        ("bots.toml", 'campaign = ["rastan", "talbiseh"]', 'campaign = ["rastan", "atlantis"]',
         r"rule homs_pockets: unknown objective place 'atlantis'"),
        ("bots.toml", 'objective = "idlib", forces = 3 }', 'objective = "idlib", forces = 0 }',
         r"rule idlib_offensive: attack.forces must be a whole number 1-10"),
        ("bots.toml", 'objective = "idlib", forces = 3 }', 'objective = "idlib", campaign = ["idlib"] }',
         r"rule idlib_offensive: 'attack' needs a defender and either an objective or a campaign"),
        ("bots.toml", "max_operations = 3\nforces = 4", "max_operations = 3\nforces = -4",
         r"actor damascus: 'forces' must be a whole number 0-20"),
        ("battles.toml", "months = 7", "months = 1", r"battles.toml: battle\[0\] \(raqqa\): 'months' must be a whole number 2-18"),
        ("battles.toml", 'place = "douma"', 'place = "atlantis"', r"battles.toml: battle\[3\]: unknown place 'atlantis'"),
        ("battles.toml", 'place = "douma"', 'place = "raqqa"', r"battles.toml: battle\[3\]: duplicate battle for 'raqqa'"),
        ("rules.toml", "[[rule]]\nid = \"air_campaign_cost\"", "[[rule]\nid = \"air_campaign_cost\"",
         r"rules.toml: invalid TOML"),
    ],
)
def test_broken_rule_files_name_the_file_and_the_entry(scenario_copy, filename, old, new, message):
    replace_in(scenario_copy / filename, old, new)
    with pytest.raises(RuleError, match=message) as caught:
        load_ruleset(scenario_copy, PLACES)
    assert str(scenario_copy / filename) in str(caught.value) or filename in str(caught.value)


def test_missing_rule_file_is_reported(scenario_copy):
    (scenario_copy / "events.toml").unlink()
    with pytest.raises(RuleError, match="events.toml: rule file not found"):
        load_ruleset(scenario_copy, PLACES)


def test_templates_are_filled_not_evaluated():
    assert render("{a} and {b} and {missing}", {"a": 1234.5, "b": 2.25}) == "1,235 and 2.3 and {missing}"
    assert render("{a}%", {"a": 46.5}) == "47%"  # halves round up, as readers expect
    assert render("{x}", {"x": "{y}"}) == "{y}"


def test_every_rule_file_entry_has_a_sentence():
    for name in ("rules.toml", "events.toml"):
        data = tomllib.loads((SCENARIO / name).read_text())
        for entry in next(iter(data.values())):
            assert len(entry["text"]) > 20, entry["id"]
