"""Load and validate a scenario's rule files: decisions, consequence rules, events, bots.

Each file is parsed into frozen objects; any unknown name or malformed entry
raises :class:`RuleError` naming the file and the entry's id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from wargame.factions import FACTION_IDS
from wargame.files import read_toml
from wargame.orders import STANCE_FIELDS
from wargame.rules.vocabulary import (Condition, Effect, Names, RuleError, check_template, parse_condition,
                                      parse_effects)

CLAIMS = tuple(f"C{i}" for i in range(1, 14))


@dataclass(frozen=True)
class StanceOption:
    """One option of a standing stance, with its parameters."""

    stance: str
    id: str
    label: str
    summary: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Odds:
    """Success probability: base + weight x indicator, clamped to [0, 1]."""

    base: float
    indicator: str
    weight: float

    def probability(self, value: float) -> float:
        """Chance of success given the indicator's current value."""
        return min(1.0, max(0.0, self.base + self.weight * value))


@dataclass(frozen=True)
class Action:
    """A one-shot action Moscow can pay for with political capital."""

    id: str
    label: str
    summary: str
    claim: str
    cost: int
    available: Condition
    odds: Odds
    success: tuple[Effect, ...]
    failure: tuple[Effect, ...]
    text_success: str
    text_failure: str
    tradeoff: str = ""      # what the action costs besides capital, and when it is worth most


@dataclass(frozen=True)
class Rule:
    """A consequence rule or an event: condition, effects and explanation."""

    id: str
    claim: str
    when: Condition
    effects: tuple[Effect, ...]
    text: str
    once: bool = False


@dataclass(frozen=True)
class Attack:
    """What a bot rule launches: an attack on ``defender`` toward ``objective``, or a campaign.

    A campaign is a chain of objectives: each month the actor drives on the
    first one still to take (held by the defender, or its own place cut off
    and waiting to be relieved), so the war moves on when a place falls.
    ``forces`` is how many of the actor's formations the attack ties down.
    """

    defender: str
    objectives: tuple[str, ...]
    forces: int = 1
    mop_up: bool = False  # after the chain: drive on the defender's place nearest the front

    @property
    def objective(self) -> str:
        """The first objective of the chain."""
        return self.objectives[0]


@dataclass(frozen=True)
class Battle:
    """A city that falls only to an urban battle of several months (a progress track)."""

    place: str
    months: int          # months a battle takes at an even pace (fewer if the city is encircled)
    label: str


@dataclass(frozen=True)
class BotRule:
    """One line of a bot's priority list."""

    id: str
    when: Condition
    attack: Attack | None
    label: str
    text: str
    stop: bool


@dataclass(frozen=True)
class ChoiceOption:
    """One option of an actor's standing choice: what it does each month it is chosen."""

    id: str
    label: str
    text: str
    effects: tuple[Effect, ...] = ()
    forces: int = 0      # formations it adds to (or takes from) the actor's pool this month


@dataclass(frozen=True)
class Choice:
    """A standing choice a person playing the actor makes each month (e.g. how Damascus treats
    civilians). The first option is the bot's and changes nothing by itself."""

    id: str
    label: str
    options: tuple[ChoiceOption, ...]

    @property
    def default(self) -> ChoiceOption:
        """The option the bot keeps."""
        return self.options[0]

    def option(self, option_id: str) -> ChoiceOption | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Bot:
    """A non-player actor: its faction and its priority list."""

    id: str
    name: str
    faction: str
    max_operations: int
    rules: tuple[BotRule, ...]
    forces: int = 0      # formations it can commit a month (0: one per operation, max_operations of them)
    choices: tuple[Choice, ...] = ()  # standing choices a person playing the actor makes

    @property
    def force_pool(self) -> int:
        """Formations available each month."""
        return self.forces or self.max_operations


@dataclass(frozen=True)
class Ruleset:
    """Everything a scenario's rule files define."""

    stances: Mapping[str, Mapping[str, StanceOption]]
    actions: Mapping[str, Action]
    capital: Mapping[str, int]
    rules: tuple[Rule, ...]
    events: tuple[Rule, ...]
    bots: tuple[Bot, ...]
    battles: Mapping[str, Battle] = field(default_factory=dict)

    def stance(self, stance: str, option: str) -> StanceOption:
        """The named option of a stance."""
        return self.stances[stance][option]


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, "rule file", RuleError)


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: '{key}' must be a non-empty string")
    return value


def _ids(entries: list, where: str) -> None:
    seen = set()
    for position, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise RuleError(f"{where}[{position}]: expected a table")
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not entry_id:
            raise RuleError(f"{where}[{position}]: missing 'id'")
        if entry_id in seen:
            raise RuleError(f"{where}: duplicate id {entry_id!r}")
        seen.add(entry_id)


def load_decisions(path: Path, places: frozenset[str]) -> tuple[dict, dict, dict, Names]:
    """Stances, actions, capital settings and the names rule files may use."""
    data = _read(path)
    stances: dict[str, dict[str, StanceOption]] = {}
    raw_stances = data.get("stance", {})
    for stance in STANCE_FIELDS:
        options = raw_stances.get(stance)
        if not isinstance(options, Mapping) or not options:
            raise RuleError(f"{path}: stance.{stance}: missing options")
        stances[stance] = {}
        for option, entry in options.items():
            where = f"{path}: stance.{stance}.{option}"
            params = {k: v for k, v in entry.items() if k not in ("label", "summary", "expect")}
            for key, value in params.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise RuleError(f"{where}: parameter '{key}' must be a number")
            summary = entry.get("summary", "") + (" Expect: " + entry["expect"] if "expect" in entry else "")
            stances[stance][option] = StanceOption(stance, option, _text(entry, "label", where), summary, params)
    unknown = set(raw_stances) - set(STANCE_FIELDS)
    if unknown:
        raise RuleError(f"{path}: unknown stance(s) {', '.join(sorted(unknown))}")
    raw_actions = data.get("action", [])
    _ids(raw_actions, f"{path}: action")
    names = Names(places, frozenset(FACTION_IDS), frozenset(a["id"] for a in raw_actions),
                  {s: frozenset(o) for s, o in stances.items()})
    actions = {}
    for entry in raw_actions:
        where = f"{path}: action {entry['id']}"
        claim = entry.get("claim", "")
        if claim not in CLAIMS:
            raise RuleError(f"{where}: claim must be one of C1-C13, got {claim!r}")
        cost = entry.get("cost")
        if not isinstance(cost, int) or isinstance(cost, bool) or cost < 0:
            raise RuleError(f"{where}: 'cost' must be a whole number >= 0")
        odds_raw = entry.get("odds", {"base": 1.0, "indicator": "talks_progress", "weight": 0.0})
        try:
            odds = Odds(float(odds_raw["base"]), str(odds_raw["indicator"]), float(odds_raw.get("weight", 0.0)))
        except (KeyError, TypeError, ValueError):
            raise RuleError(f"{where}: 'odds' needs base, indicator and weight") from None
        parse_condition({"indicator": odds.indicator, "value": 0}, f"{where}.odds", names)
        available = parse_condition(entry.get("available"), f"{where}.available", names)
        if available.uses_dice():
            raise RuleError(f"{where}.available: availability cannot depend on dice")
        actions[entry["id"]] = Action(
            entry["id"], _text(entry, "label", where), entry.get("summary", ""), claim, cost,
            available, odds,
            parse_effects(entry.get("success", []), f"{where}.success", names),
            parse_effects(entry.get("failure", []), f"{where}.failure", names),
            check_template(entry.get("text_success"), f"{where}.text_success"),
            check_template(entry.get("text_failure"), f"{where}.text_failure"),
            _text(entry, "tradeoff", where) if "tradeoff" in entry else "",
        )
    capital = _capital(data.get("capital", {}), path)
    return stances, actions, capital, names


CAPITAL_KEYS = ("start", "per_turn", "max", "bonus_if_support_at_least", "penalty_if_support_below")


def _capital(raw: Any, path: Path) -> dict[str, int]:
    """The political-capital settings, each a whole number in range; errors name the file and field."""
    if not isinstance(raw, Mapping):
        raise RuleError(f"{path}: [capital] must be a table")
    unknown = set(raw) - set(CAPITAL_KEYS)
    if unknown:
        raise RuleError(f"{path}: capital: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("start", "per_turn", "max"):
        if key not in raw:
            raise RuleError(f"{path}: capital.{key} is missing")
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise RuleError(f"{path}: capital.{key} must be a whole number 0-100, got {value!r}")
    if raw["max"] < 1 or raw["start"] > raw["max"] or raw["per_turn"] > raw["max"]:
        raise RuleError(f"{path}: capital: need 1 <= max and start, per_turn <= max")
    return {k: int(v) for k, v in raw.items()}


def load_rules(path: Path, names: Names, table: str = "rule") -> tuple[Rule, ...]:
    """Consequence rules (``[[rule]]``) or events (``[[event]]``)."""
    data = _read(path)
    entries = data.get(table, [])
    extra = set(data) - {table}
    if extra:
        raise RuleError(f"{path}: unknown section(s) {', '.join(sorted(extra))}")
    _ids(entries, f"{path}: {table}")
    out = []
    for entry in entries:
        where = f"{path}: {table} {entry['id']}"
        allowed = {"id", "claim", "when", "effects", "text", "once"}
        unknown = set(entry) - allowed
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        claim = entry.get("claim", "")
        if claim not in CLAIMS and claim != "":
            raise RuleError(f"{where}: claim must be one of C1-C13 or empty, got {claim!r}")
        once = entry.get("once", False)
        if not isinstance(once, bool):
            raise RuleError(f"{where}: 'once' must be true or false")
        out.append(Rule(entry["id"], claim, parse_condition(entry.get("when"), f"{where}.when", names),
                        parse_effects(entry.get("effects"), f"{where}.effects", names),
                        check_template(entry.get("text"), f"{where}.text"), once))
    return tuple(out)


def load_bots(path: Path, names: Names) -> tuple[Bot, ...]:
    """The non-player actors and their priority lists."""
    data = _read(path)
    actors = data.get("actor", [])
    _ids(actors, f"{path}: actor")
    bots = []
    for actor in actors:
        where = f"{path}: actor {actor['id']}"
        faction = actor.get("faction")
        if faction not in FACTION_IDS:
            raise RuleError(f"{where}: unknown faction {faction!r}")
        limit = actor.get("max_operations", 1)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise RuleError(f"{where}: 'max_operations' must be a whole number >= 0")
        raw_rules = actor.get("rule", [])
        _ids(raw_rules, f"{where}: rule")
        rules = []
        for entry in raw_rules:
            rwhere = f"{where}: rule {entry['id']}"
            attack = None
            if "attack" in entry:
                attack = _attack(entry["attack"], faction, rwhere, names)
            stop = entry.get("stop", False)
            if not isinstance(stop, bool):
                raise RuleError(f"{rwhere}: 'stop' must be true or false")
            rules.append(BotRule(entry["id"], parse_condition(entry.get("when"), f"{rwhere}.when", names), attack,
                                 _text(entry, "label", rwhere), check_template(entry.get("text"), f"{rwhere}.text"),
                                 stop))
        forces = actor.get("forces", 0)
        if not isinstance(forces, int) or isinstance(forces, bool) or not 0 <= forces <= 20:
            raise RuleError(f"{where}: 'forces' must be a whole number 0-20")
        unknown = set(actor) - {"id", "name", "faction", "max_operations", "forces", "rule", "choice"}
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        _ids(_listed(actor.get("choice", []), where), f"{where}: choice")
        choices = tuple(_choice(c, f"{where}: choice", names) for c in actor.get("choice", []))
        bots.append(Bot(actor["id"], _text(actor, "name", where), faction, limit, tuple(rules), forces, choices))
    return tuple(bots)


def _listed(raw: Any, where: str) -> list:
    if not isinstance(raw, list):
        raise RuleError(f"{where}: 'choice' must be a list of tables ([[actor.choice]])")
    return raw


def _choice(raw: Any, where: str, names: Names) -> Choice:
    """A standing choice: id, label and two or more options; the first is the bot's and does nothing."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise RuleError(f"{where}: each choice needs an 'id'")
    where = f"{where} {raw['id']}"
    unknown = set(raw) - {"id", "label", "option"}
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    raw_options = raw.get("option", [])
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise RuleError(f"{where}: a choice needs two or more options ([[actor.choice.option]])")
    _ids(raw_options, f"{where}: option")
    options = []
    for entry in raw_options:
        owhere = f"{where}: option {entry['id']}"
        unknown = set(entry) - {"id", "label", "text", "effects", "forces"}
        if unknown:
            raise RuleError(f"{owhere}: unknown key(s) {', '.join(sorted(unknown))}")
        forces = entry.get("forces", 0)
        if not isinstance(forces, int) or isinstance(forces, bool) or not -5 <= forces <= 5:
            raise RuleError(f"{owhere}: 'forces' must be a whole number -5 to 5")
        options.append(ChoiceOption(entry["id"], _text(entry, "label", owhere),
                                    check_template(entry.get("text"), f"{owhere}.text"),
                                    parse_effects(entry.get("effects"), f"{owhere}.effects", names), forces))
    if options[0].effects or options[0].forces:
        raise RuleError(f"{where}: the first option is the bot's and must change nothing (no effects or forces)")
    return Choice(raw["id"], _text(raw, "label", where), tuple(options))


def _attack(raw: Any, faction: str, where: str, names: Names) -> Attack:
    """An attack table: defender, objective (one place) or campaign (a chain of places), forces."""
    if not isinstance(raw, Mapping) or "defender" not in raw or ("objective" in raw) == ("campaign" in raw):
        raise RuleError(f"{where}: 'attack' needs a defender and either an objective or a campaign")
    unknown = set(raw) - {"defender", "objective", "campaign", "forces", "mop_up"}
    if unknown:
        raise RuleError(f"{where}: attack: unknown key(s) {', '.join(sorted(unknown))}")
    if raw["defender"] not in FACTION_IDS or raw["defender"] == faction:
        raise RuleError(f"{where}: bad defender {raw['defender']!r}")
    objectives = [raw["objective"]] if "objective" in raw else raw["campaign"]
    if not isinstance(objectives, list) or not objectives:
        raise RuleError(f"{where}: attack.campaign must be a non-empty list of places")
    for place in objectives:
        if place not in names.places:
            raise RuleError(f"{where}: unknown objective place {place!r}")
    if len(set(objectives)) != len(objectives):
        raise RuleError(f"{where}: attack.campaign lists a place twice")
    forces = raw.get("forces", 1)
    if not isinstance(forces, int) or isinstance(forces, bool) or not 1 <= forces <= 10:
        raise RuleError(f"{where}: attack.forces must be a whole number 1-10")
    mop_up = raw.get("mop_up", False)
    if not isinstance(mop_up, bool):
        raise RuleError(f"{where}: attack.mop_up must be true or false")
    return Attack(raw["defender"], tuple(objectives), forces, mop_up)


def load_battles(path: Path, names: Names) -> dict[str, Battle]:
    """The cities that fall only to urban battles (``[[battle]]`` tables), if the file exists."""
    if not path.exists():
        return {}
    data = _read(path)
    extra = set(data) - {"battle"}
    if extra:
        raise RuleError(f"{path}: unknown section(s) {', '.join(sorted(extra))}")
    out = {}
    for position, entry in enumerate(data.get("battle", [])):
        where = f"{path}: battle[{position}]"
        if not isinstance(entry, Mapping):
            raise RuleError(f"{where}: expected a table")
        unknown = set(entry) - {"place", "months", "label"}
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        place = entry.get("place")
        if place not in names.places:
            raise RuleError(f"{where}: unknown place {place!r}")
        if place in out:
            raise RuleError(f"{where}: duplicate battle for {place!r}")
        months = entry.get("months")
        if not isinstance(months, int) or isinstance(months, bool) or not 2 <= months <= 18:
            raise RuleError(f"{where} ({place}): 'months' must be a whole number 2-18")
        out[place] = Battle(place, months, _text(entry, "label", f"{where} ({place})"))
    return out


def load_ruleset(directory: Path, places: frozenset[str]) -> Ruleset:
    """Load decisions.toml, rules.toml, events.toml and bots.toml from a scenario folder."""
    stances, actions, capital, names = load_decisions(directory / "decisions.toml", places)
    return Ruleset(
        stances=stances,
        actions=actions,
        capital=capital,
        rules=load_rules(directory / "rules.toml", names, "rule"),
        events=load_rules(directory / "events.toml", names, "event"),
        bots=load_bots(directory / "bots.toml", names),
        battles=load_battles(directory / "battles.toml", names),
    )
