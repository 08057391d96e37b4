"""The turn engine: ``resolve_turn(state, orders, dice) -> TurnResult``.

Phases, in order: events -> Moscow's orders -> the other actors' decisions
(bots) -> operations on the fronts and sieges -> consequence rules ->
political capital, scoring and end checks. Every change is recorded as an
:class:`~wargame.events.Event`; iteration orders are fixed so that the same
state, orders and dice give the same result.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Mapping, Sequence

import numpy as np

from wargame.board import Board
from wargame.context import TurnContext
from wargame.decisions import check_orders
from wargame.dice import Dice
from wargame.events import Event
from wargame.factions import FACTION_IDS
from wargame.operations import (BoardArrays, OperationResult, besieged_pockets, codes_of, components,
                                contact_cells, pocket_mask, resolve_operation, squeeze_pocket)
from wargame.orders import STANCE_FIELDS, MoscowOrders, OrdersError
from wargame.rules.loader import Ruleset, load_ruleset
from wargame.scenario import Scenario, load_scenario
from wargame.state import GameState, Operation, opening_state
from wargame.summary import KEY_PLACES

IDX = {f: i for i, f in enumerate(FACTION_IDS)}
ELECTION_TURN = 15
RESTRAINED_SIEGE = 0.35  # siege pressure the regime keeps up while Moscow restrains it


@dataclass(frozen=True)
class TurnResult:
    """The state after a turn, and everything that happened in it."""

    state: GameState
    events: tuple[Event, ...]
    operations: tuple[OperationResult, ...]


class Game:
    """A scenario with its rules, ready to resolve turns."""

    def __init__(self, scenario: Scenario, ruleset: Ruleset) -> None:
        self.scenario = scenario
        self.board: Board = scenario.board
        self.rules = ruleset
        self.arrays = BoardArrays.from_board(self.board)
        self._pocket_count: tuple[bytes, float] = (b"", 0.0)

    @classmethod
    def load(cls, scenario_id: str = "syria-2017") -> "Game":
        """Load a scenario and its rule files."""
        scenario = load_scenario(scenario_id)
        return cls(scenario, load_ruleset(scenario.directory, frozenset(scenario.board.places)))

    @property
    def last_turn(self) -> int:
        """The final turn (18: June 2018)."""
        return self.scenario.turns

    def opening(self) -> GameState:
        """Turn 0: the position of late December 2016."""
        return opening_state(self.scenario.opening_control, MoscowOrders(), self.rules.capital["start"])

    # -- precomputed areas -----------------------------------------------------------------
    @cached_property
    def _near_damascus(self) -> tuple[np.ndarray, np.ndarray]:
        """Cells within 60 km of Damascus; and the desert approaches (within 140 km, in
        Rif Dimashq, Homs or Damascus governorates, so not the Yarmouk basin in the south-west)."""
        cell = self.board.places["damascus"].cell
        d2 = (self.arrays.x - self.arrays.x[cell]) ** 2 + (self.arrays.y - self.arrays.y[cell]) ** 2
        approaches = np.array([g in ("Rif Dimashq", "Homs", "Damascus") for g in self.arrays.governorate])
        return d2 <= 60.0 ** 2, (d2 <= 140.0 ** 2) & approaches

    @cached_property
    def _idlib(self) -> np.ndarray:
        return np.array([g == "Idlib" for g in self.arrays.governorate])

    @cached_property
    def _homs(self) -> np.ndarray:
        return np.array([g == "Homs" for g in self.arrays.governorate])

    @cached_property
    def _opening_codes(self) -> np.ndarray:
        return codes_of(self.scenario.opening_control)

    # -- metrics -----------------------------------------------------------------------------
    def metric(self, ctx: TurnContext, name: str) -> float:
        """Compute a metric (see :mod:`wargame.metrics`) for the context's current position."""
        codes = ctx.codes[:-1]
        stances = self.rules.stances
        if name in ctx.op_metrics:
            return ctx.op_metrics[name]
        if name == "regime_offensives":
            return float(ctx.planned_regime_ops)
        if name == "idlib_offensive_turns":
            return float(ctx.counters.get("idlib_offensive_turns", 0))
        if name == "idlib_opposition_share":
            return 100.0 * float((codes[self._idlib] == IDX["opposition"]).mean())
        if name == "russian_ground_level":
            return float(stances["ground"][ctx.stances.ground].params["level"])
        if name == "air_intensity_level":
            return float(stances["air_intensity"][ctx.stances.air_intensity].params["level"])
        if name == "air_on_rebels":
            return float(stances["air_focus"][ctx.stances.air_focus].params["share_rebels"])
        if name == "air_on_isis":
            return float(stances["air_focus"][ctx.stances.air_focus].params["share_isis"])
        if name == "russian_casualties_turn":
            return ctx.values["russian_casualties"] - ctx.start_values["russian_casualties"]
        if name == "opposition_cities_lost":
            was = (self._opening_codes[:-1] == IDX["opposition"]) & self.arrays.urban
            return float((was & (codes != IDX["opposition"])).sum())
        if name == "damascus_buffer":
            return float((codes[self._near_damascus[0]] == IDX["opposition"]).sum())
        if name == "isis_near_damascus":
            return float((codes[self._near_damascus[1]] == IDX["isis"]).sum())
        if name == "regime_population_share":
            total = self.arrays.population.sum()
            return round(100.0 * float(self.arrays.population[codes == IDX["regime"]].sum()) / total, 1)
        if name == "besieged_rebel_pockets":
            key = ctx.codes.tobytes()  # labelling the map is the costly part: once per position
            if self._pocket_count[0] != key:
                pockets = besieged_pockets(ctx.codes, self.board, self.arrays, "opposition")
                self._pocket_count = (key, float(sum(p.besieger == "regime" for p in pockets)))
            return self._pocket_count[1]
        if name == "turn":
            return float(ctx.turn)
        return 0.0  # per-turn operation tallies not yet set this turn

    def context(self, state: GameState, stances: MoscowOrders | None = None, dice: Dice | None = None) -> TurnContext:
        """A working context for the coming turn (for previews, policies and the turn itself)."""
        return TurnContext(turn=state.turn + 1, values=dict(state.values), stances=stances or state.stances,
                           flags=set(state.flags), counters=dict(state.counters), capital=state.capital,
                           codes=codes_of(state.control), board=self.board, arrays=self.arrays,
                           dice=dice or Dice(0), metric_fn=self.metric)

    def previews(self, state: GameState, stances: MoscowOrders | None = None) -> list:
        """Every action with its cost, availability, odds and effects, as the coming turn would see them."""
        from wargame.decisions import preview_action

        ctx = self.context(state, stances)
        return [preview_action(a, ctx, state.capital) for a in self.rules.actions.values()]

    # -- the turn ----------------------------------------------------------------------------
    def resolve_turn(self, state: GameState, orders: MoscowOrders, dice: Dice) -> TurnResult:
        """Resolve one month. Raises :class:`OrdersError` if the orders are illegal."""
        if state.ended:
            raise ValueError(f"the game has ended ({state.ended})")
        ctx = self.context(state, dice=dice)
        events: list[Event] = []
        events += self._events_phase(ctx)
        events += self._moscow_phase(ctx, orders)
        operations, bot_events = self._actors_phase(ctx, state.operations)
        events += bot_events
        results, op_events = self._operations_phase(ctx, operations)
        events += op_events
        events += self._consequences_phase(ctx)
        events += self._end_phase(ctx)
        control = tuple([FACTION_IDS[c] for c in ctx.codes[:-1].tolist()])
        new_state = GameState(turn=ctx.turn, control=control, values=ctx.values, stances=ctx.stances.stances(),
                              capital=ctx.capital, operations=tuple(operations), flags=frozenset(ctx.flags),
                              counters=ctx.counters, ended=ctx.ended)
        return TurnResult(new_state, tuple(events), tuple(results))

    def _events_phase(self, ctx: TurnContext) -> list[Event]:
        out = []
        for event in self.rules.events:
            key = f"fired.{event.id}"
            if event.once and ctx.counters.get(key):
                continue
            fired = ctx.fire("events", event.id, event.claim, event.when, event.effects, event.text,
                             f"event:{event.id}")
            if fired is not None:
                out.append(fired)
                if event.once:
                    ctx.counters[key] = 1
        return out

    def _moscow_phase(self, ctx: TurnContext, orders: MoscowOrders) -> list[Event]:
        problems = check_orders(orders, self.rules, ctx, ctx.capital)
        if problems:
            raise OrdersError(f"turn {ctx.turn}: " + "; ".join(problems))
        out = []
        previous = ctx.stances
        ctx.stances = orders.stances()
        changed = [f"{name} -> {getattr(orders, name)}" for name in STANCE_FIELDS
                   if getattr(orders, name) != getattr(previous, name)]
        labels = [self.rules.stance(name, getattr(orders, name)).label for name in STANCE_FIELDS]
        text = "Moscow's stances: " + "; ".join(labels) + "."
        out.append(Event("moscow", "moscow.stances", "C3", text, {"changed": changed, **orders.to_json()}))
        for action_id in orders.actions:
            action = self.rules.actions[action_id]
            ctx.use_stream(f"action:{action_id}")
            if not action.available.test(ctx):
                out.append(Event("moscow", f"action.{action_id}", action.claim,
                                 f"{action.label}: not possible now ({action.available.describe()}); no capital spent."))
                continue
            ctx.capital -= action.cost
            ctx.actions.append(action_id)
            probability = action.odds.probability(ctx.value(action.odds.indicator))
            success = ctx.roll(probability)
            effects, text = (action.success, action.text_success) if success else (action.failure, action.text_failure)
            changes, cells = ctx.apply(effects)
            inputs = {"cost": action.cost, "probability": round(probability, 3), "success": success,
                      action.odds.indicator: round(ctx.value(action.odds.indicator), 2)}
            event = ctx.explain("moscow", f"action.{action_id}", action.claim, text, changes, cells, inputs)
            if cells:  # say where the map changed
                where = f" (near {self.place_near(cells)}, {_cells(len(cells))})."
                event = replace(event, text=event.text.rstrip(".") + where)
            out.append(event)
        return out

    def _actors_phase(self, ctx: TurnContext, ongoing: Sequence[Operation]) -> tuple[list[Operation], list[Event]]:
        operations: list[Operation] = []
        events: list[Event] = []
        started = {op.id: op.started for op in ongoing}
        for bot in self.rules.bots:
            launched = 0
            for rule in bot.rules:
                if launched >= bot.max_operations:
                    break
                ctx.use_stream(f"bot:{bot.id}:{rule.id}")
                if not rule.when.test(ctx):
                    continue
                inputs = {"actor": bot.id, "condition": rule.when.describe()}
                if rule.attack is not None:
                    op = self._plan_attack(ctx, bot.faction, rule, bot.id, started, operations)
                    if op is None:
                        if rule.stop:
                            break  # the actor stays committed to this aim even when it cannot attack now
                        continue
                    operations.append(op)
                    launched += 1
                    if bot.faction == "regime":
                        ctx.planned_regime_ops += 1
                    inputs.update(objective=op.objective, defender=op.defender)
                events.append(Event("actors", f"bot.{bot.id}.{rule.id}", "", f"{bot.name}: {rule.text}", inputs,
                                    ctx.rolls()))
                if rule.stop:
                    break
        return operations, events

    def _plan_attack(self, ctx: TurnContext, faction: str, rule, sponsor: str, started: Mapping,
                     planned: Sequence[Operation]) -> Operation | None:
        attack = rule.attack
        if ctx.holder(attack.objective) != attack.defender:
            return None  # objective already taken, or in someone else's hands
        op_id = f"{faction}:{attack.objective}:{attack.defender}"
        if any(op.id == op_id for op in planned):
            return None
        if contact_cells(ctx.codes, self.arrays, IDX[faction], IDX[attack.defender]).size == 0:
            return None  # the two sides do not touch
        return Operation(op_id, faction, attack.defender, attack.objective, started.get(op_id, ctx.turn), rule.label,
                         sponsor)

    def _support(self, ctx: TurnContext) -> dict[str, float]:
        stances = self.rules.stances
        intensity = stances["air_intensity"][ctx.stances.air_intensity].params
        focus = stances["air_focus"][ctx.stances.air_focus].params
        ground = stances["ground"][ctx.stances.ground].params
        desert_bonus = 1.5 if ctx.stances.ground == "contractors" else 1.0
        return {
            "air_opposition": 2.0 * intensity["attack_bonus"] * focus["share_rebels"],
            "air_isis": 2.0 * intensity["attack_bonus"] * focus["share_isis"],
            "ground_opposition": ground["attack_bonus"],
            "ground_isis": ground["attack_bonus"] * desert_bonus,
            "air_intensity_level": float(intensity["level"]),
            "joint_ops": 1.0 if "joint_ops" in ctx.flags else 0.0,
        }

    def _operations_phase(self, ctx: TurnContext, operations: Sequence[Operation]) -> tuple[list, list[Event]]:
        support = self._support(ctx)
        regime_ops = sum(op.attacker == "regime" for op in operations)
        before = ctx.codes.copy()
        results, events = [], []
        civilians = displaced = 0
        russian_level = self.metric(ctx, "russian_ground_level")
        cut_off = pocket_mask(ctx.codes, self.board, self.arrays)
        for op in operations:
            stream = ctx.use_stream(f"op:{op.id}")
            result = resolve_operation(ctx.codes, self.arrays, self.board, op.id, op.attacker, op.defender,
                                       op.objective, ctx.values, support, regime_ops, stream, cut_off)
            results.append(result)
            changes = self._operation_losses(ctx, op, result, russian_level)
            civilians += result.civilians
            displaced += result.displaced
            # An operation that involves an SAA fighting on several fronts illustrates C6.
            claim = "C6" if regime_ops >= 2 and "regime" in (op.attacker, op.defender) else ""
            events.append(ctx.explain("operations", f"op.{op.id}", claim, self._operation_text(op, result), changes,
                                      tuple(result.taken + result.lost), result.to_json()))
        areas = components(ctx.codes, self.board)
        for faction in ("opposition", "regime", "isis", "sdf", "turkey"):
            for pocket in besieged_pockets(ctx.codes, self.board, self.arrays, faction, areas):
                stream = ctx.use_stream(f"siege:{faction}:{pocket.cells[0]}")
                # C3: while Moscow negotiates it holds the regime back from storming the pockets.
                restraint = RESTRAINED_SIEGE if pocket.besieger == "regime" and ctx.stances.strategy == "deal" else 1.0
                taken = squeeze_pocket(ctx.codes, self.board, self.arrays, pocket, ctx.values, stream, restraint)
                if taken:
                    events.append(ctx.explain("sieges", f"siege.{faction}", "C12" if faction == "opposition" else "",
                                              self._siege_text(pocket), {}, tuple(taken),
                                              {"pocket_cells": len(pocket.cells), "besieger": pocket.besieger}))
        ctx.add("civilian_deaths", civilians)
        ctx.add("displaced", displaced)
        self._tally(ctx, before, civilians, operations)
        return results, events

    def _operation_losses(self, ctx: TurnContext, op: Operation, result: OperationResult,
                          russian_level: float) -> dict[str, float]:
        """Attrition of both sides and Russian losses from one operation."""
        changes: dict[str, float] = {}
        strength = {"regime": "regime_manpower", "opposition": "opposition_strength", "isis": "isis_strength"}

        def hit(faction: str, amount: float) -> None:
            if faction in strength:
                name = strength[faction]
                changes[name] = changes.get(name, 0.0) + ctx.add(name, -amount)

        hit(op.attacker, 1.0 + 0.1 * len(result.taken))
        hit(op.defender, 0.3 * len(result.taken))
        hit(op.attacker, 0.3 * len(result.lost))
        if op.attacker == "regime" and russian_level > 0:
            killed = ctx.uniform(0.0, 2.0) * russian_level
            changes["russian_casualties"] = ctx.add("russian_casualties", killed)
        return changes

    def _operation_text(self, op: Operation, result: OperationResult) -> str:
        objective = self.board.places[op.objective].name
        odds = f"(odds {result.ratio:.2f}, roll {result.roll:.2f})"
        if result.taken:
            area = sum(self.board.cells[c].area_km2 for c in result.taken)
            return (f"{op.label}: {op.attacker} takes {_cells(len(result.taken))} (about {area:,.0f} km2) from "
                    f"{op.defender} toward {objective} {odds}; about {result.civilians:,} civilians killed.")
        if result.lost:
            return f"{op.label}: the attack toward {objective} fails and {op.defender} counter-attacks, retaking {_cells(len(result.lost))} {odds}."
        return f"{op.label}: no headway toward {objective} {odds}."

    def _siege_text(self, pocket) -> str:
        return (f"Siege: {pocket.besieger} takes ground in the besieged {pocket.faction} pocket near "
                f"{self.place_near(pocket.cells)} ({_cells(len(pocket.cells))}).")

    def place_near(self, cells: Sequence[int]) -> str:
        """The name of the named place in (or nearest to) a group of cells."""
        for cell in cells:
            site = self.board.cells[cell].site
            if site:
                return self.board.places[site].name
        cells = list(cells)
        x, y = float(self.arrays.x[cells].mean()), float(self.arrays.y[cells].mean())
        nearest = min(self.board.places.values(),
                      key=lambda p: ((self.arrays.x[p.cell] - x) ** 2 + (self.arrays.y[p.cell] - y) ** 2, p.id))
        return nearest.name

    def _tally(self, ctx: TurnContext, before: np.ndarray, civilians: int, operations: Sequence[Operation]) -> None:
        """Per-turn operation metrics (cells gained and lost, civilians, places taken)."""
        after = ctx.codes
        regime = IDX["regime"]
        gained = (after[:-1] == regime) & (before[:-1] != regime)
        lost = (before[:-1] == regime) & (after[:-1] != regime)
        isis = IDX["isis"]
        ctx.op_metrics.update(
            regime_cells_gained=float(gained.sum()),
            regime_cells_lost=float(lost.sum()),
            isis_gains_homs=float((lost & (after[:-1] == isis) & self._homs).sum()),
            isis_cells_lost=float(((before[:-1] == isis) & (after[:-1] != isis)).sum()),
            opposition_cells_lost=float(((before[:-1] == IDX["opposition"]) & (after[:-1] != IDX["opposition"])).sum()),
            civilians_killed=float(civilians),
            key_places_gained=float(sum(
                1 for p in KEY_PLACES if gained[self.board.places[p].cell])),
            idlib_offensive=float(any(
                op.attacker == "regime" and self._idlib[self.board.places[op.objective].cell] for op in operations)),
        )
        if ctx.op_metrics["idlib_offensive"]:
            ctx.counters["idlib_offensive_turns"] = ctx.counters.get("idlib_offensive_turns", 0) + 1

    def _consequences_phase(self, ctx: TurnContext) -> list[Event]:
        out = []
        for rule in self.rules.rules:
            fired = ctx.fire("consequences", rule.id, rule.claim, rule.when, rule.effects, rule.text,
                             f"rule:{rule.id}")
            if fired is not None:
                out.append(fired)
        return out

    def _end_phase(self, ctx: TurnContext) -> list[Event]:
        out = []
        settings = self.rules.capital
        gain = settings["per_turn"]
        support = ctx.values["russian_domestic_support"]
        if support >= settings.get("bonus_if_support_at_least", 101):
            gain += 1
        if support < settings.get("penalty_if_support_below", -1):
            gain -= 1
        ctx.capital = min(settings["max"], ctx.capital + gain)
        if ctx.turn == ELECTION_TURN:
            ctx.counters["support_at_election"] = int(round(support))
        if not ctx.ended and ctx.turn >= self.last_turn:
            ctx.ended = "end_of_game"
        if ctx.ended:
            out.append(Event("end", f"end.{ctx.ended}", "", _ENDINGS.get(ctx.ended, ctx.ended)))
        return out


def _cells(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"


_ENDINGS = {
    "settlement": "The game ends: a settlement is signed.",
    "collapse": "The game ends: the regime has collapsed.",
    "end_of_game": "The game ends: June 2018 has been reached.",
}


def resolve_turn(state: GameState, orders: MoscowOrders, dice: Dice, game: Game | None = None) -> TurnResult:
    """Resolve one turn of the Syria 2017 scenario (or of ``game``); see :meth:`Game.resolve_turn`."""
    return (game or _default_game()).resolve_turn(state, orders, dice)


_GAMES: dict[str, Game] = {}


def _default_game() -> Game:
    if "syria-2017" not in _GAMES:
        _GAMES["syria-2017"] = Game.load("syria-2017")
    return _GAMES["syria-2017"]
