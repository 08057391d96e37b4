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
from typing import Callable, Mapping, Sequence

import numpy as np

from wargame.areas import outlying_size, pin, position
from wargame.board import Board
from wargame.context import TurnContext
from wargame.decisions import check_orders
from wargame.dice import Dice
from wargame.events import Event, Later
from wargame.battles import BattleMonth, battle_month, months_key, progress_key
from wargame.factions import ADJECTIVE, FACTION_IDS, faction_name
from wargame.operations import (BoardArrays, OperationResult, besieged_pockets, codes_of, control_of,
                                contact_cells, crumble_remnants, POCKET_MAX_CELLS, pocket_candidates, pocket_mask,
                                resolve_operation, squeeze_pocket, touching)
from wargame.orders import STANCE_FIELDS, ActorOrders, MoscowOrders, OrdersError
from wargame.rules.loader import Ruleset, load_ruleset
from wargame.scenario import Scenario, load_scenario
from wargame.state import GameState, Operation, opening_state
from wargame.summary import KEY_PLACES

IDX = {f: i for i, f in enumerate(FACTION_IDS)}
ELECTION_TURN = 15
ALEPPO_WINDOW = 3          # months the momentum of Aleppo's fall lasts
US_REVIEW_LAST_TURN = 4    # the new US administration's Syria review (January-April 2017)
REMNANT_FACTIONS = ("isis",)  # cut off from its core, an ISIS remnant in the desert melts away
RESTRAINED_SIEGE = 0.35
WORN_DOWN = 50  # battle progress from which a besieged city will accept an evacuation deal  # siege pressure the regime keeps up while Moscow restrains it


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
        # The codes of the control tuples this game built last (by identity), so that the next turn
        # does not convert its state's cell names back to codes; a different tuple is converted.
        self._codes_of_control: list[tuple[tuple[str, ...], np.ndarray]] = []

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
    def _key_place_cells(self) -> np.ndarray:
        """The cells of the key places, one for each (in KEY_PLACES order)."""
        return np.array([self.board.places[p].cell for p in KEY_PLACES], dtype=np.intp)

    @cached_property
    def _regime_force_pool(self) -> int:
        return sum(bot.force_pool for bot in self.rules.bots if bot.faction == "regime")

    @cached_property
    def _cell_area(self) -> np.ndarray:
        return np.array([c.area_km2 for c in self.board.cells])

    @cached_property
    def _opening_codes(self) -> np.ndarray:
        codes = codes_of(self.scenario.opening_control)
        pin(codes, self.board)  # every game starts here: its areas and pockets are worked out once
        return codes

    # -- metrics -----------------------------------------------------------------------------
    def metric(self, ctx: TurnContext, name: str) -> float:
        """Compute a metric (see :mod:`wargame.metrics`) for the context's current position."""
        if name in ctx.op_metrics:
            return ctx.op_metrics[name]
        compute = self._metric_table.get(name)
        return 0.0 if compute is None else compute(ctx)  # 0: per-turn operation tallies not yet set

    @cached_property
    def _metric_table(self) -> dict[str, Callable[[TurnContext], float]]:
        """How each metric is worked out, by name (rules ask for a few hundred a game: one look-up
        instead of a chain of comparisons)."""
        stances = self.rules.stances
        opposition, isis, regime = IDX["opposition"], IDX["isis"], IDX["regime"]
        population = self.arrays.population
        total_population = population.sum()
        # The cells a metric counts, as index arrays (the same cells in the same order as the masks
        # they come from, so the same sums): a gather of a few hundred cells instead of a mask.
        idlib = np.flatnonzero(self._idlib)
        buffer, approaches = (np.flatnonzero(mask) for mask in self._near_damascus)
        opposition_cities = np.flatnonzero((self._opening_codes[:-1] == opposition) & self.arrays.urban)

        def area_share(faction: int) -> Callable[[TurnContext], float]:
            return lambda ctx: round(100.0 * float(self._cell_area[ctx.codes[:-1] == faction].sum())
                                     / float(self._cell_area.sum()), 2)

        def pockets(ctx: TurnContext) -> float:
            found = besieged_pockets(ctx.codes, self.board, self.arrays, "opposition")  # cached per position
            return float(sum(p.besieger == "regime" for p in found))

        return {
            "regime_offensives": lambda ctx: float(ctx.planned_regime_ops),
            "regime_rebel_offensives": lambda ctx: float(ctx.planned_regime_rebel_ops),
            "idlib_offensive_turns": lambda ctx: float(ctx.counters.get("idlib_offensive_turns", 0)),
            "idlib_opposition_share": lambda ctx: 100.0 * float((ctx.codes[idlib] == opposition).mean()),
            "russian_ground_level": lambda ctx: float(stances["ground"][ctx.stances.ground].params["level"]),
            "air_intensity_level":
                lambda ctx: float(stances["air_intensity"][ctx.stances.air_intensity].params["level"]),
            "air_on_rebels": lambda ctx: float(stances["air_focus"][ctx.stances.air_focus].params["share_rebels"]),
            "air_on_isis": lambda ctx: float(stances["air_focus"][ctx.stances.air_focus].params["share_isis"]),
            "russian_casualties_turn":
                lambda ctx: ctx.values["russian_casualties"] - ctx.start_values["russian_casualties"],
            "opposition_cities_lost":
                lambda ctx: float(np.count_nonzero(ctx.codes[opposition_cities] != opposition)),
            "damascus_buffer": lambda ctx: float(np.count_nonzero(ctx.codes[buffer] == opposition)),
            "isis_near_damascus": lambda ctx: float(np.count_nonzero(ctx.codes[approaches] == isis)),
            "regime_population_share": lambda ctx: _round_tenth(
                100.0 * float(population[ctx.codes[:-1] == regime].sum()) / int(total_population)),
            "besieged_rebel_pockets": pockets,
            "turn": lambda ctx: float(ctx.turn),
            "aleppo_momentum": lambda ctx: float(max(0, ALEPPO_WINDOW + 1 - ctx.turn)),
            "us_review": lambda ctx: 1.0 if ctx.turn <= US_REVIEW_LAST_TURN else 0.0,
            "election_runup": lambda ctx: 1.0 if ELECTION_TURN - 4 <= ctx.turn <= ELECTION_TURN else 0.0,
            "saa_reserve": lambda ctx: float(self._regime_force_pool + ctx.extra_regime_forces
                                             - ctx.regime_forces_committed),
            "isis_area_share": area_share(isis),
            "regime_area_share": area_share(regime),
        }

    def context(self, state: GameState, stances: MoscowOrders | None = None, dice: Dice | None = None) -> TurnContext:
        """A working context for the coming turn (for previews, policies and the turn itself)."""
        ctx = TurnContext(turn=state.turn + 1, values=dict(state.values), stances=stances or state.stances,
                          flags=set(state.flags), counters=dict(state.counters), capital=state.capital,
                          codes=self._codes(state.control), board=self.board, arrays=self.arrays,
                          dice=dice or Dice(0), metric_fn=self.metric)
        ctx.protected = frozenset(self.board.places[place].cell for place in self.rules.battles
                                  if ctx.counters.get(progress_key(place), 0) < WORN_DOWN)
        return ctx

    def _codes(self, control: tuple[str, ...]) -> np.ndarray:
        """A fresh codes array of ``control``."""
        for known, codes in self._codes_of_control:
            if known is control:
                return codes.copy()
        if control is self.scenario.opening_control:  # every game starts from it
            return self._opening_codes.copy()
        return codes_of(control)

    def _remember_codes(self, control: tuple[str, ...], codes: np.ndarray) -> None:
        self._codes_of_control = [(control, codes.copy()), *self._codes_of_control[:3]]

    def previews(self, state: GameState, stances: MoscowOrders | None = None) -> list:
        """Every action with its cost, availability, odds and effects, as the coming turn would see them."""
        from wargame.decisions import preview_action

        ctx = self.context(state, stances)
        return [preview_action(a, ctx, state.capital) for a in self.rules.actions.values()]

    def availability(self, state: GameState, stances: MoscowOrders | None = None) -> dict[str, bool]:
        """Whether each action can be taken in the coming turn (as its preview says, without the
        descriptions: what a policy needs)."""
        available = self.available(state, stances)
        return {action_id: available(action_id) for action_id in self.rules.actions}

    def available(self, state: GameState, stances: MoscowOrders | None = None) -> Callable[[str], bool]:
        """Whether an action (by id) can be taken in the coming turn, worked out when asked (a policy
        that wants two actions need not test the others: the tests roll no dice)."""
        from wargame.decisions import action_available

        ctx = self.context(state, stances)
        actions = self.rules.actions
        return lambda action_id: action_available(actions[action_id], ctx, state.capital)

    # -- the turn ----------------------------------------------------------------------------
    def resolve_turn(self, state: GameState, orders: MoscowOrders, dice: Dice,
                     others: Mapping[str, ActorOrders] | None = None,
                     rolls: Mapping[str, float] | None = None) -> TurnResult:
        """Resolve one month. Raises :class:`OrdersError` if the orders are illegal.

        ``others`` supplies the orders of other actors by id (people in a training session); the
        bots decide for every actor missing from it. ``rolls`` sets the die of operations by id
        (an umpire's override, see :mod:`wargame.umpire`).
        """
        if state.ended:
            raise ValueError(f"the game has ended ({state.ended})")
        ctx = self.context(state, dice=dice)
        ctx.forced_rolls = dict(rolls or {})
        start = ctx.codes.copy()
        events: list[Event] = []
        events += self._events_phase(ctx)
        events += self._moscow_phase(ctx, orders)
        operations, bot_events = self._actors_phase(ctx, state.operations, others)
        events += bot_events
        results, op_events = self._operations_phase(ctx, operations)
        events += op_events
        events += self._consequences_phase(ctx)
        events += self._end_phase(ctx)
        control = control_of(ctx.codes, state.control, start)
        self._remember_codes(control, ctx.codes)
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
        problems = check_orders(orders, self.rules, ctx, ctx.capital, affordability=False)
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
            ctx.select_stream(f"action:{action_id}")
            if not action.available.test(ctx):
                out.append(Event("moscow", f"action.{action_id}", action.claim,
                                 f"{action.label}: not possible now ({action.available.describe()}); no capital spent.",
                                 {"skipped": "unavailable"}))
                continue
            if action.cost > ctx.capital:
                out.append(Event("moscow", f"action.{action_id}", action.claim,
                                 f"{action.label}: not affordable now (costs {action.cost}, "
                                 f"{ctx.capital} political capital left); skipped.",
                                 {"skipped": "unaffordable", "cost": action.cost, "capital": ctx.capital}))
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

    def _actors_phase(self, ctx: TurnContext, ongoing: Sequence[Operation],
                      others: Mapping[str, ActorOrders] | None = None) -> tuple[list[Operation], list[Event]]:
        operations: list[Operation] = []
        events: list[Event] = []
        started = {op.id: op.started for op in ongoing}
        unknown = set(others or {}) - {bot.id for bot in self.rules.bots}
        if unknown:
            raise OrdersError(f"turn {ctx.turn}: orders for unknown actor(s) {', '.join(sorted(unknown))}")
        for bot in self.rules.bots:
            given = (others or {}).get(bot.id)
            if given is None:
                self._bot_decides(ctx, bot, started, operations, events)
            else:
                extra = self._actor_choices(ctx, bot, given, events)
                self._actor_orders(ctx, bot, given, started, operations, events, extra)
        return operations, events

    def _actor_choices(self, ctx: TurnContext, bot, orders: ActorOrders, events: list[Event]) -> int:
        """Apply the options a person took in the actor's standing choices (the bot's options change
        nothing); returns the formations they add to or take from its pool this month."""
        known = {choice.id: choice for choice in bot.choices}
        extra = 0
        for choice_id, option_id in orders.choices:
            choice = known.get(choice_id)
            if choice is None:
                raise OrdersError(f"turn {ctx.turn}: {bot.id}: unknown choice {choice_id!r} "
                                  f"(choices: {', '.join(known) or 'none'})")
            option = choice.option(option_id)
            if option is None:
                raise OrdersError(f"turn {ctx.turn}: {bot.id}: {choice_id}: unknown option {option_id!r} "
                                  f"(choose from {', '.join(o.id for o in choice.options)})")
            if option is choice.default:
                continue
            ctx.use_stream(f"choice:{bot.id}:{choice_id}")
            changes, cells = ctx.apply(option.effects)
            extra += option.forces
            if bot.faction == "regime":
                ctx.extra_regime_forces += option.forces
            inputs = {"actor": bot.id, "orders": "supplied", "choice": choice_id, "option": option_id,
                      "forces": option.forces}
            events.append(ctx.explain("actors", f"choice.{bot.id}.{choice_id}", "",
                                      f"{bot.name}: {option.text}", changes, cells, inputs))
        return extra

    def _bot_decides(self, ctx: TurnContext, bot, started: Mapping, operations: list[Operation],
                     events: list[Event]) -> list[str]:
        """Run a bot's priority list; launches its operations and returns the ids of the rules that fired."""
        launched = 0
        pool = bot.force_pool  # formations this actor can still commit this month
        fired: list[str] = []
        for rule in bot.rules:
            if launched >= bot.max_operations:
                break
            ctx.select_stream(f"bot:{bot.id}:{rule.id}")
            if not rule.when.test(ctx):
                continue
            inputs = {"actor": bot.id, "condition": rule.when.describe()}
            if rule.attack is not None:
                op = None
                if rule.attack.forces <= pool:
                    op = self._plan_attack(ctx, bot.faction, rule, bot.id, started, operations)
                if op is None:
                    if rule.stop:
                        break  # the actor stays committed to this aim even when it cannot attack now
                    continue
                self._launch(ctx, bot, op, operations)
                launched += 1
                pool -= op.forces
                inputs.update(objective=op.objective, defender=op.defender, forces=op.forces, forces_left=pool)
            fired.append(rule.id)
            events.append(Event("actors", f"bot.{bot.id}.{rule.id}", "", f"{bot.name}: {rule.text}", inputs,
                                ctx.later_rolls()))
            if rule.stop:
                break
        return fired

    def _actor_orders(self, ctx: TurnContext, bot, orders: ActorOrders, started: Mapping,
                      operations: list[Operation], events: list[Event], extra_forces: int = 0) -> None:
        """Resolve an actor's supplied orders exactly as its bot's choices: the same forces, limits and
        checks (the defender must hold the objective and the two sides touch), without the bot's conditions."""
        menu = {rule.id: rule for rule in bot.rules if rule.attack is not None}
        for option in orders.attacks:
            if option not in menu:
                raise OrdersError(f"turn {ctx.turn}: {bot.id}: unknown option {option!r} "
                                  f"(choose from {', '.join(menu) or 'nothing'})")
        if len(set(orders.attacks)) != len(orders.attacks):
            raise OrdersError(f"turn {ctx.turn}: {bot.id}: an option is listed twice")
        pool, launched = max(0, bot.force_pool + extra_forces), 0
        for option in orders.attacks:
            rule = menu[option]
            op = None
            if launched < bot.max_operations and rule.attack.forces <= pool:
                op = self._plan_attack(ctx, bot.faction, rule, bot.id, started, operations)
            inputs = {"actor": bot.id, "orders": "supplied"}
            if op is None:
                events.append(Event("actors", f"orders.{bot.id}.{option}", "",
                                    f"{bot.name} (orders): {rule.label} cannot go ahead now (no objective in reach, "
                                    f"or no formations or operations left); skipped.", {**inputs, "skipped": True}))
                continue
            self._launch(ctx, bot, op, operations)
            launched += 1
            pool -= op.forces
            inputs.update(objective=op.objective, defender=op.defender, forces=op.forces, forces_left=pool)
            events.append(Event("actors", f"orders.{bot.id}.{option}", "", f"{bot.name} (orders): {rule.text}", inputs))

    def _launch(self, ctx: TurnContext, bot, op: Operation, operations: list[Operation]) -> None:
        operations.append(op)
        if bot.faction == "regime":
            ctx.planned_regime_ops += 1
            ctx.planned_regime_rebel_ops += op.defender == "opposition"
            ctx.regime_forces_committed += op.forces

    def menu(self, actor: str) -> list[dict]:
        """An actor's menu: every attack option of its list, with what it aims at and the formations it needs."""
        bot = next((b for b in self.rules.bots if b.id == actor), None)
        if bot is None:
            raise KeyError(actor)
        return [{"id": r.id, "label": r.label, "defender": r.attack.defender, "objectives": list(r.attack.objectives),
                 "forces": r.attack.forces, "text": r.text} for r in bot.rules if r.attack is not None]

    def choices(self, actor: str) -> list:
        """An actor's standing choices (:class:`wargame.rules.loader.Choice`), the bot's option first."""
        bot = next((b for b in self.rules.bots if b.id == actor), None)
        if bot is None:
            raise KeyError(actor)
        return list(bot.choices)

    def bot_orders(self, state: GameState, actor: str, dice: Dice, moscow: MoscowOrders | None = None) -> ActorOrders:
        """The orders ``actor``'s bot would give this turn (with these dice, after Moscow's orders if given),
        e.g. as a trainee's default: the options whose attacks its priority list launches."""
        bot = next((b for b in self.rules.bots if b.id == actor), None)
        if bot is None:
            raise KeyError(actor)
        ctx = self.context(state, dice=dice)
        self._events_phase(ctx)  # the month's events and Moscow's orders come first, as in the turn
        if moscow is not None:
            self._moscow_phase(ctx, moscow)
        _, events = self._actors_phase(ctx, state.operations)
        prefix = f"bot.{actor}."
        return ActorOrders(actor, tuple(e.rule[len(prefix):] for e in events
                                        if e.rule.startswith(prefix) and "objective" in e.inputs))

    def _plan_attack(self, ctx: TurnContext, faction: str, rule, sponsor: str, started: Mapping,
                     planned: Sequence[Operation]) -> Operation | None:
        """The operation a bot rule launches: toward the first objective of its campaign still to take
        (held by the defender, or the actor's own town cut off and awaiting relief), if the sides touch."""
        attack = rule.attack
        if not touching(ctx.codes, self.board)[IDX[faction], IDX[attack.defender]]:
            return None  # the two sides do not touch
        for objective in attack.objectives:
            holder = ctx.holder(objective)
            if holder != attack.defender and not (holder == faction and self._cut_off(ctx, objective, faction)):
                continue  # taken already, or in someone else's hands: the campaign moves on
            op_id = f"{faction}:{objective}:{attack.defender}"
            if any(op.id == op_id for op in planned):
                continue  # another actor of the same side already drives on it
            return Operation(op_id, faction, attack.defender, objective, started.get(op_id, ctx.turn), rule.label,
                             sponsor, attack.forces)
        if attack.mop_up:
            objective = self._nearest_stronghold(ctx, faction, attack.defender, planned)
            if objective is not None:
                op_id = f"{faction}:{objective}:{attack.defender}"
                return Operation(op_id, faction, attack.defender, objective, started.get(op_id, ctx.turn),
                                 rule.label, sponsor, attack.forces)
        return None

    def _nearest_stronghold(self, ctx: TurnContext, faction: str, defender: str,
                            planned: Sequence[Operation]) -> str | None:
        """The defender's named place nearest the front with ``faction`` (ties by place id), not yet targeted."""
        front = contact_cells(ctx.codes, self.arrays, IDX[faction], IDX[defender])
        targeted = {op.objective for op in planned if op.attacker == faction}
        ids, cells = self._place_cells_by_id
        held = (ctx.codes[cells] == IDX[defender]).tolist()
        wanted = [k for k, place_id in enumerate(ids) if held[k] and place_id not in targeted]
        if not wanted:
            return None
        # Every candidate's squared distance to its nearest front cell at once (the same sums as
        # one candidate at a time); the first of the nearest in id order wins.
        x, y = self.arrays.x, self.arrays.y
        at = cells[wanted][:, None]
        distance = ((x[front][None, :] - x[at]) ** 2 + (y[front][None, :] - y[at]) ** 2).min(axis=1)
        return ids[wanted[int(np.argmin(distance))]]

    @cached_property
    def _place_cells_by_id(self) -> tuple[list[str], np.ndarray]:
        """The places' ids in order, with their cells."""
        ids = sorted(self.board.places)
        return ids, np.array([self.board.places[p].cell for p in ids], dtype=np.intp)

    def _cut_off(self, ctx: TurnContext, place: str, faction: str) -> bool:
        """Whether ``faction``'s place lies outside its main territory (an enclave to relieve)."""
        cell = self.board.places[place].cell
        if ctx.codes[cell] != IDX[faction]:
            return False
        # In an area other than the faction's largest: an enclave, unless a second homeland such as Afrin.
        return 0 < outlying_size(ctx.codes, self.board, cell) <= POCKET_MAX_CELLS

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
        regime_forces = sum(op.forces for op in operations if op.attacker == "regime")
        before = ctx.codes.copy()
        results, events = [], []
        civilians = displaced = regime_civilians = 0
        russian_level = self.metric(ctx, "russian_ground_level")
        cut_off = pocket_mask(ctx.codes, self.board, self.arrays)
        for op in operations:
            stream = ctx.use_stream(f"op:{op.id}")
            if op.id in ctx.forced_rolls:
                stream.forced.append(float(ctx.forced_rolls[op.id]))
            in_battle = self._in_battle(ctx, op, cut_off)
            result = resolve_operation(ctx.codes, self.arrays, self.board, op.id, op.attacker, op.defender,
                                       op.objective, ctx.values, support, regime_forces, stream, cut_off,
                                       self._battle_cells, in_battle, op.forces)
            battle = self._battle_month(ctx, op, result, cut_off, support) if in_battle else None
            results.append(result)
            changes = self._operation_losses(ctx, op, result, russian_level)
            civilians += result.civilians
            displaced += result.displaced
            if op.attacker == "regime":
                regime_civilians += result.civilians
            # An operation that involves an SAA fighting on several fronts illustrates C6.
            claim = "C6" if regime_ops >= 2 and "regime" in (op.attacker, op.defender) else ""
            # The sentence is written when read, from the figures as they are now.
            if battle:
                text = Later(self._battle_text, op, result.ratio, result.roll, battle)
            else:
                text = Later(self._operation_text, op, tuple(result.taken), tuple(result.lost), result.civilians,
                             result.ratio, result.roll)
            inputs = result.to_json()
            if battle:
                inputs["battle"] = {"place": battle.place, "month": battle.month, "progress": battle.after,
                                    "encircled": battle.encircled, "won": battle.won}
            events.append(ctx.explain("operations", f"op.{op.id}", claim, text, changes,
                                      tuple(result.taken + result.lost), inputs))
        labelled = position(ctx.codes, self.board).labelled()
        # Every faction's pockets on the map as labelled (cached on the labelled position).
        labelled_pockets = besieged_pockets(labelled.codes, self.board, self.arrays)
        besieged: list[int] = []  # cells the sieges took so far
        for faction in ("opposition", "regime", "isis", "sdf", "turkey"):
            # A faction's pockets are those of the map as labelled, known at once, until a siege
            # takes a cell next to one of the areas they are found among (pockets are read from
            # the cells around those areas only); then they are read again on the map as it is.
            candidates = (pocket_candidates(labelled, self.board, self.arrays).get(IDX[faction], frozenset())
                          if besieged else frozenset())
            if any(n in candidates for cell in besieged for n in self.board.neighbors[cell]):
                pockets = besieged_pockets(ctx.codes, self.board, self.arrays, faction, outlying=labelled.outlying)
            else:
                pockets = [p for p in labelled_pockets if p.faction == faction]
            for pocket in pockets:
                stream = ctx.use_stream(f"siege:{faction}:{pocket.cells[0]}")
                # C3: while Moscow negotiates it holds the regime back from storming the pockets.
                restraint = RESTRAINED_SIEGE if pocket.besieger == "regime" and ctx.stances.strategy == "deal" else 1.0
                taken = squeeze_pocket(ctx.codes, self.board, self.arrays, pocket, ctx.values, stream, restraint,
                                       self._battle_cells)
                besieged += taken
                if taken:
                    events.append(ctx.explain("sieges", f"siege.{faction}", "C12" if faction == "opposition" else "",
                                              Later(self._siege_text, pocket), {}, tuple(taken),
                                              {"pocket_cells": len(pocket.cells), "besieger": pocket.besieger}))
        # The sieges' labelling is reused: cells a siege took since are skipped by crumble_remnants.
        for faction in REMNANT_FACTIONS:
            for winner, cells in crumble_remnants(ctx.codes, self.board, self.arrays, faction,
                                                          labelled=labelled).items():
                events.append(ctx.explain("sieges", f"remnants.{faction}", "", Later(self._remnant_text, faction, winner, tuple(cells)),
                                          {}, tuple(cells), {"cells": len(cells), "winner": winner}))
        ctx.add("civilian_deaths", civilians)
        ctx.add("displaced", displaced)
        self._tally(ctx, before, regime_civilians, operations)
        return results, events

    @cached_property
    def _battle_cells(self) -> np.ndarray:
        """Cells of the cities that fall only to an urban battle."""
        mask = np.zeros(len(self.board.cells), dtype=bool)
        for place in self.rules.battles:
            mask[self.board.places[place].cell] = True
        return mask

    def _in_battle(self, ctx: TurnContext, op: Operation, cut_off: np.ndarray) -> bool:
        """Whether this month the operation fights in the streets of its objective (a battle city it touches)."""
        if op.objective not in self.rules.battles or ctx.holder(op.objective) != op.defender:
            return False
        cell = self.board.places[op.objective].cell
        attacker = IDX[op.attacker]
        return any(ctx.codes[n] == attacker and not cut_off[n] for n in self.board.neighbors[cell])

    def _battle_month(self, ctx: TurnContext, op: Operation, result: OperationResult, cut_off: np.ndarray,
                      support: Mapping[str, float]) -> BattleMonth:
        """Advance the battle's progress track; the city falls at 100."""
        battle = self.rules.battles[op.objective]
        cell = self.board.places[op.objective].cell
        progress_name, months_name = progress_key(op.objective), months_key(op.objective)
        air = 1.0 + (support.get("air_" + op.defender, 0.0) if op.attacker == "regime" else 0.0)
        month = battle_month(battle, ctx.counters.get(progress_name, 0), ctx.counters.get(months_name, 0),
                             result.points, bool(cut_off[cell]), int(self.arrays.population[cell]), air)
        result.civilians += month.civilians
        result.displaced += month.displaced
        if month.won:
            ctx.codes[cell] = IDX[op.attacker]
            result.taken.append(cell)
            ctx.counters.pop(progress_name, None)
            ctx.counters.pop(months_name, None)
            ctx.counters[f"battle_won.{op.objective}"] = ctx.turn
        else:
            ctx.counters[progress_name] = month.after
            ctx.counters[months_name] = month.month
        return month

    def _battle_text(self, op: Operation, ratio: float, roll: float, month: BattleMonth) -> str:
        city = self.board.places[op.objective].name
        attacker, defender = faction_name(op.attacker), faction_name(op.defender)
        odds = f"(odds {ratio:.2f}, roll {roll:.2f})"
        toll = f"about {month.civilians:,} civilians killed and {month.displaced:,} displaced this month"
        ring = ", the city encircled" if month.encircled else ""
        if month.won:
            return (f"{op.label}: after {month.month} month{'s' if month.month > 1 else ''} of street fighting "
                    f"{attacker} take{_s(attacker)} {city} from {defender} {odds}{ring}; {toll}.")
        return (f"{op.label}: battle for {city}, month {month.month}: {attacker} hold{_s(attacker)} about "
                f"{month.after}% of the city (was {month.before}%) {odds}{ring}; {toll}.")

    def _operation_losses(self, ctx: TurnContext, op: Operation, result: OperationResult,
                          russian_level: float) -> dict[str, float]:
        """Attrition of both sides and Russian losses from one operation."""
        changes: dict[str, float] = {}
        strength = {"regime": "regime_manpower", "opposition": "opposition_strength", "isis": "isis_strength"}

        def hit(faction: str, amount: float) -> None:
            if faction in strength:
                name = strength[faction]
                changes[name] = changes.get(name, 0.0) + ctx.add(name, -amount)

        # Losses follow the fighting, not the acreage: empty desert costs little blood.
        taken = float(self.arrays.cost.take(result.taken).sum()) if result.taken else 0.0
        lost = float(self.arrays.cost.take(result.lost).sum()) if result.lost else 0.0
        hit(op.attacker, 1.0 + 0.1 * taken)
        hit(op.defender, 0.3 * taken)
        hit(op.attacker, 0.3 * lost)
        if op.attacker == "regime" and russian_level > 0:
            killed = ctx.uniform(0.0, 2.0) * russian_level
            changes["russian_casualties"] = ctx.add("russian_casualties", killed)
        return changes

    def _operation_text(self, op: Operation, taken: Sequence[int], lost: Sequence[int], civilians: int,
                        ratio: float, roll: float) -> str:
        objective = self.board.places[op.objective].name
        odds = f"(odds {ratio:.2f}, roll {roll:.2f})"
        attacker, defender = faction_name(op.attacker), faction_name(op.defender)
        if taken:
            area = sum(self.board.cells[c].area_km2 for c in taken)
            return (f"{op.label}: {attacker} take{_s(attacker)} {_cells(len(taken))} (about {area:,.0f} km2) "
                    f"from {defender} toward {objective} {odds}; about {civilians:,} civilians killed.")
        if lost:
            return (f"{op.label}: the attack toward {objective} fails and {defender} counter-attack{_s(defender)}, "
                    f"retaking {_cells(len(lost))} {odds}.")
        return f"{op.label}: no headway toward {objective} {odds}."

    def _remnant_text(self, faction: str, winner: str, cells: Sequence[int]) -> str:
        name = faction_name(winner)
        return (f"Mopping up: {name} clear{_s(name)} {_cells(len(cells))} of desert from cut-off {faction_name(faction)} "
                f"remnants near {self.place_near(cells)}.")

    def _siege_text(self, pocket) -> str:
        besieger = faction_name(pocket.besieger)
        return (f"Siege: {besieger} take{_s(besieger)} ground in the besieged {ADJECTIVE[pocket.faction]} pocket near "
                f"{self.place_near(pocket.cells)} ({_cells(len(pocket.cells))}).")

    def place_near(self, cells: Sequence[int]) -> str:
        """The name of the named place in (or nearest to) a group of cells."""
        return self.nearest_place(cells)[0]

    def nearest_place(self, cells: Sequence[int]) -> tuple[str, float, float]:
        """The named place in (or nearest to) a group of cells, and where the cells' centre lies from
        it (x and y in km; 0, 0 for a place among the cells)."""
        for cell in cells:
            site = self.board.cells[cell].site
            if site:
                return self.board.places[site].name, 0.0, 0.0
        cells = list(cells)
        x, y = float(self.arrays.x[cells].mean()), float(self.arrays.y[cells].mean())
        names, px, py = self._places_by_id
        # The first of the nearest in id order: ties go to the lowest id.
        nearest = int(np.argmin((px - x) ** 2 + (py - y) ** 2))
        return names[nearest], x - float(px[nearest]), y - float(py[nearest])

    @cached_property
    def _places_by_id(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Names of the places in id order, with the coordinates of their cells."""
        places = sorted(self.board.places.values(), key=lambda p: p.id)
        cells = [p.cell for p in places]
        return [p.name for p in places], self.arrays.x[cells], self.arrays.y[cells]

    def _tally(self, ctx: TurnContext, before: np.ndarray, civilians: int, operations: Sequence[Operation]) -> None:
        """Per-turn operation metrics (cells gained and lost, civilians killed in the regime's offensives,
        places taken)."""
        # Counted over the cells that changed hands only (a few dozen of the map's thousands), in
        # a few array passes.
        changed = (before[:-1] != ctx.codes[:-1]).nonzero()[0]
        was, now = before.take(changed), ctx.codes.take(changed)
        regime, isis, opposition = IDX["regime"], IDX["isis"], IDX["opposition"]
        lost = was == regime  # a changed cell that was the regime's is the regime's no more
        key = self._key_place_cells
        ctx.op_metrics.update(
            regime_cells_gained=float(np.count_nonzero(now == regime)),
            regime_cells_lost=float(np.count_nonzero(lost)),
            isis_gains_homs=float(np.count_nonzero(lost & (now == isis) & self._homs.take(changed))),
            isis_cells_lost=float(np.count_nonzero(was == isis)),
            opposition_cells_lost=float(np.count_nonzero(was == opposition)),
            civilians_killed=float(civilians),
            # A key place gained: its cell is the regime's now and was not before.
            key_places_gained=float(np.count_nonzero((ctx.codes.take(key) == regime) & (before.take(key) != regime))),
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


def _round_tenth(value: float) -> np.float64:
    """``round(np.float64(value), 1)`` as numpy works it out (times ten, rounded half to even,
    divided by ten) and of the same type, without numpy's scalar rounding (a few microseconds)."""
    return np.float64(round(value * 10.0) / 10.0)


def _s(subject: str) -> str:
    """The verb ending for a subject: 'ISIS takes', 'Turkish-backed forces take'."""
    return "" if subject.endswith(("forces", "rebels")) else "s"


def _cells(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"


_ENDINGS = {
    "settlement": "The game ends: a settlement is signed.",
    "collapse": "The game ends: the regime has collapsed.",
    "end_of_game": "The game ends: June 2018 has been reached.",
}


def resolve_turn(state: GameState, orders: MoscowOrders, dice: Dice, game: Game | None = None,
                 others: Mapping[str, ActorOrders] | None = None) -> TurnResult:
    """Resolve one turn of the Syria 2017 scenario (or of ``game``); see :meth:`Game.resolve_turn`."""
    return (game or _default_game()).resolve_turn(state, orders, dice, others)


_GAMES: dict[str, Game] = {}


def _default_game() -> Game:
    if "syria-2017" not in _GAMES:
        _GAMES["syria-2017"] = Game.load("syria-2017")
    return _GAMES["syria-2017"]
