"""The umpire's interventions: plain data that change a position, recorded and replayed exactly.

A facilitator running a training session may overrule the game. Each
intervention is a small table with a ``kind``, a ``reason`` (required) and
the fields of its kind:

``paint``       ``faction``, ``cells``: hand these cells to the faction (a brush stroke).
``front``       ``faction``, ``cells``: the same, from dragging a stretch of front line
                (see :func:`front_drag`); kept apart so the log and the report say what was done.
``indicator``   ``changes``: indicator -> amount added (clamped to the indicator's range).
``event``       ``event``: an event card of the scenario's deck, applied now whatever its condition.
``free_event``  ``text``, ``changes``: an event the umpire writes, with the changes chosen.
``die``         ``operation``, ``roll``: the die of one of the month's operations, set to ``roll``
                (between :data:`ROLL_LOW` and :data:`ROLL_HIGH`); the month is resolved again with it.

The interventions of a recorded turn apply to that turn: its dice first (the
month is resolved with them), then the others in order on the resolved
position. Those made before the first turn apply to the opening. The turn's
state hash is taken after them, so a replay proves it reproduced them too.
Every intervention becomes an :class:`~wargame.events.Event` of phase
``umpire``, which the log and the replays mark as the umpire's.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from wargame import indicators
from wargame.dice import Dice
from wargame.events import Event
from wargame.factions import BY_ID, FACTION_IDS, faction_name
from wargame.operations import ROLL_HIGH, ROLL_LOW, codes_of
from wargame.state import GameState

if TYPE_CHECKING:
    from wargame.engine import Game, TurnResult
    from wargame.orders import ActorOrders, MoscowOrders

KINDS: dict[str, str] = {
    "paint": "Cells handed over",
    "front": "Front line moved",
    "indicator": "Indicator adjusted",
    "event": "Event card played",
    "free_event": "Event written by the umpire",
    "die": "Die set",
}
MAX_CELLS = 5000  # more than the board has: a stroke never needs more


class UmpireError(ValueError):
    """An intervention that does not fit the game (unknown cell, faction, indicator, card or operation)."""


# -- checking ---------------------------------------------------------------------------------------

def problems(intervention: Mapping[str, Any], game: "Game") -> list[str]:
    """What is wrong with an intervention's names and values for ``game`` (empty when it can be applied)."""
    kind = intervention.get("kind")
    out: list[str] = []
    if kind not in KINDS:
        return [f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})"]
    if not str(intervention.get("reason", "")).strip():
        out.append("an intervention needs a reason")
    if kind in ("paint", "front"):
        if intervention.get("faction") not in BY_ID:
            out.append(f"unknown faction {intervention.get('faction')!r} (factions: {', '.join(FACTION_IDS)})")
        cells = intervention.get("cells", [])
        bad = [c for c in cells if not (isinstance(c, int) and 0 <= c < len(game.board.cells))]
        if bad:
            out.append(f"no cell {bad[0]!r} on the board (cells 0-{len(game.board.cells) - 1})")
        if not cells:
            out.append("no cells")
    if kind in ("indicator", "free_event"):
        for name in intervention.get("changes", {}):
            if name not in indicators.BY_NAME:
                out.append(f"unknown indicator {name!r}")
    if kind == "event" and intervention.get("event") not in {e.id for e in game.rules.events}:
        out.append(f"unknown event card {intervention.get('event')!r}")
    if kind == "die":
        roll = intervention.get("roll")
        if not isinstance(roll, (int, float)) or isinstance(roll, bool) or not ROLL_LOW <= roll <= ROLL_HIGH:
            out.append(f"a die between {ROLL_LOW} and {ROLL_HIGH}, not {roll!r}")
    return out


# -- applying ---------------------------------------------------------------------------------------

def rolls_of(interventions: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """The dice the umpire set for a month: operation id -> roll (the last one set wins)."""
    return {u["operation"]: float(u["roll"]) for u in interventions if u.get("kind") == "die"}


def resolve_turn(game: "Game", state: GameState, orders: "MoscowOrders", dice: Dice,
                 others: Mapping[str, "ActorOrders"] | None = None,
                 umpire: Sequence[Mapping[str, Any]] = ()) -> "TurnResult":
    """Resolve a month as recorded: with the umpire's dice, then the umpire's other interventions.

    With no interventions this is exactly :meth:`Game.resolve_turn`.
    """
    from wargame.engine import TurnResult

    result = game.resolve_turn(state, orders, dice, others, rolls_of(umpire))
    if not umpire:
        return result
    resolved = {op.operation_id for op in result.operations}
    after = [u for u in umpire if u.get("kind") != "die"]
    new_state, applied = apply_interventions(game, result.state, after, dice)
    applied_iter = iter(applied)
    # The umpire's events in the order the umpire made the interventions.
    events = [_die_event(u, game, resolved) if u.get("kind") == "die" else next(applied_iter) for u in umpire]
    return TurnResult(new_state, result.events + tuple(events), result.operations)


def apply_interventions(game: "Game", state: GameState, interventions: Sequence[Mapping[str, Any]],
                        dice: Dice) -> tuple[GameState, list[Event]]:
    """Apply position interventions (all kinds but ``die``) in order; returns the new state and their events.

    Raises :class:`UmpireError` naming the first intervention that does not fit the game.
    """
    if not interventions:
        return state, []
    ctx = game.context(state, dice=dice)
    ctx.turn = state.turn  # the umpire acts on the month just played, not the coming one
    events: list[Event] = []
    for index, item in enumerate(interventions):
        wrong = problems(item, game)
        if wrong:
            raise UmpireError(f"umpire intervention {index + 1} ({item.get('kind')}): {'; '.join(wrong)}")
        ctx.use_stream(f"umpire:{index}:{item['kind']}")
        events.append(_apply(game, ctx, item))
    control = tuple(FACTION_IDS[c] for c in ctx.codes[:-1].tolist())
    new_state = replace(state, control=control, values=dict(ctx.values), flags=frozenset(ctx.flags),
                        counters=dict(ctx.counters), capital=ctx.capital, ended=state.ended or ctx.ended)
    return new_state, events


def _apply(game: "Game", ctx, item: Mapping[str, Any]) -> Event:
    kind, reason = item["kind"], str(item["reason"]).strip()
    inputs: dict[str, Any] = {"umpire": True, "kind": kind, "reason": reason}
    if kind in ("paint", "front"):
        faction = item["faction"]
        cells = tuple(sorted({int(c) for c in item["cells"]}))
        changed = tuple(c for c in cells if ctx.codes[c] != FACTION_IDS.index(faction))
        ctx.codes[list(cells)] = FACTION_IDS.index(faction)
        inputs.update(faction=faction, cells=len(cells), changed=len(changed))
        where = f" {where_cells(game, changed)}" if changed else ""
        if kind == "front":
            text = f"Umpire moves the front line: {_count(len(changed))}{where} go to {faction_name(faction)}"
        else:
            text = (f"Umpire paints {_count(len(cells))}{where} for {faction_name(faction)} "
                    f"({len(changed)} changed hands)")
        return Event("umpire", f"umpire.{kind}", "", f"{text} ({reason}).", inputs, (), changed)
    if kind in ("indicator", "free_event"):
        changes = {name: ctx.add(name, float(amount)) for name, amount in item["changes"].items()}
        said = ", ".join(f"{indicators.BY_NAME[n].label} {d:+.3g}" for n, d in changes.items()) or "no change"
        if kind == "indicator":
            text = f"Umpire adjusts {said} ({reason})."
        else:
            text = f"Umpire's event: {str(item.get('text', '')).strip() or 'unnamed'} ({said}; {reason})."
        return Event("umpire", f"umpire.{kind}", "", text, inputs, (), (), {k: v for k, v in changes.items() if v})
    if kind == "event":
        card = next(e for e in game.rules.events if e.id == item["event"])
        if card.once and ctx.counters.get(f"fired.{card.id}"):
            raise UmpireError(f"the card \u201c{card_title(card)}\u201d has been played already "
                              f"(it happens once in a game)")
        if card.once:
            ctx.counters[f"fired.{card.id}"] = 1
        changes, cells = ctx.apply(card.effects)
        event = ctx.explain("umpire", f"umpire.event.{card.id}", card.claim, card.text, changes, cells,
                            {**inputs, "event": card.id})
        return replace(event, text=f"Umpire plays an event card: {event.text.rstrip('.')} ({reason}).")
    raise UmpireError(f"unknown kind {kind!r}")  # not reached: problems() refused it


def _die_event(item: Mapping[str, Any], game: "Game", resolved: set[str]) -> Event:
    op = item["operation"]
    inputs = {"umpire": True, "kind": "die", "operation": op, "roll": float(item["roll"]),
              "reason": str(item["reason"]).strip()}
    if op not in resolved:
        text = f"Umpire set the die of an operation that did not take place this month ({op}); no effect."
    else:
        attacker, place = _attack(op, game)
        text = (f"Umpire sets the die of {faction_name(attacker)}'s attack toward {place} to "
                f"{float(item['roll']):.2f} ({inputs['reason']}).")
    return Event("umpire", "umpire.die", "", text, inputs)


def _attack(operation: str, game: "Game") -> tuple[str, str]:
    """The attacker's faction id and the objective's name of an operation id ("regime:palmyra:isis")."""
    attacker, _, rest = operation.partition(":")
    objective = rest.split(":")[0]
    place = game.board.places.get(objective)
    return attacker, place.name if place else objective


def card_title(card) -> str:
    """An event card's sentence without its figures in brackets, to name the card."""
    return card.text.split("(")[0].strip()


def _count(n: int) -> str:
    return f"{n} cell" if n == 1 else f"{n} cells"


NEAR_KM = 20.0  # within this of a named place, cells are "near" it; farther, the distance and direction are given
COMPASS = ("east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east")


def where_cells(game: "Game", cells: Sequence[int]) -> str:
    """Where a group of cells lies, for a sentence: "near Palmyra" when a named place is in them or
    within NEAR_KM of their centre; otherwise their governorate and their distance and direction
    from the nearest named place ("in Rif Dimashq, 45 km north-east of al-Tanf"), so a stroke in
    open desert is not said to be at a town a day's drive away."""
    name, dx, dy = game.nearest_place(cells)
    distance = math.hypot(dx, dy)
    if distance <= NEAR_KM:
        return f"near {name}"
    heading = COMPASS[round(math.degrees(math.atan2(dy, dx)) / 45.0) % 8]
    governorates = Counter(game.arrays.governorate[c] for c in cells)
    governorate = min(governorates, key=lambda g: (-governorates[g], g))
    return f"in {governorate}, {distance:.0f} km {heading} of {name}"


def describe(item: Mapping[str, Any], game: "Game") -> str:
    """A short line for an intervention, before it is applied (for Undo's menu and the console's list)."""
    kind = item.get("kind")
    if kind in ("paint", "front"):
        verb = "Move the front" if kind == "front" else "Paint"
        return f"{verb}: {_count(len(item.get('cells', ())))} to {BY_ID[item['faction']].short}"
    if kind in ("indicator", "free_event"):
        said = ", ".join(f"{indicators.BY_NAME[n].label} {v:+g}" for n, v in item.get("changes", {}).items()
                         if n in indicators.BY_NAME)
        return (f"Adjust {said}" if kind == "indicator"
                else f"Event: {str(item.get('text', ''))[:40]} ({said or 'no change'})")
    if kind == "event":
        card = next((e for e in game.rules.events if e.id == item.get("event")), None)
        return f"Play the card \u201c{card_title(card)[:60] if card else item.get('event')}\u201d"
    if kind == "die":
        attacker, place = _attack(str(item.get("operation", "")), game)
        who = BY_ID[attacker].short if attacker in BY_ID else attacker
        return f"Set the die of {who}'s attack toward {place} to {float(item.get('roll', 0)):.2f}"
    return str(kind)


# -- the front-line drag ------------------------------------------------------------------------------

def front_drag(game: "Game", control: Sequence[str], start: int, end: int,
               width_km: float = 30.0) -> tuple[str, tuple[int, ...]]:
    """The cells that change hands when the front near cell ``start`` is dragged to cell ``end``.

    The side holding ``start`` is the one whose line moves. Its front cells (those
    touching the other side) within ``width_km`` of ``start`` form the stretch
    that moves; each is pushed along the drag, and the cells it sweeps over
    (within half a cell of its path) change hands. Dragged into the enemy's
    ground the side advances: the swept enemy cells become its own. Dragged
    back into its own ground it withdraws: its swept cells go to the enemy that
    faced that stretch. Returns ``(new holder, cells)``; no cells if nothing moves.
    """
    arrays = game.arrays
    codes = codes_of(control)
    mover = int(codes[start])
    advance = int(codes[end]) != mover
    xy = np.column_stack([arrays.x, arrays.y])
    neighbors = arrays.neighbors
    n = len(control)
    near = ((xy[:, 0] - xy[start, 0]) ** 2 + (xy[:, 1] - xy[start, 1]) ** 2) <= width_km ** 2
    neighbour_codes = codes[neighbors]  # (n, 6); the sentinel reads -1
    if advance:
        enemy = int(codes[end])
    else:  # the enemy the stretch faces: the commonest other side next to the mover's cells near the start
        around = neighbour_codes[(codes[:n] == mover) & near].ravel()
        around = around[(around >= 0) & (around != mover)]
        if around.size == 0:
            return FACTION_IDS[mover], ()
        enemy = int(np.bincount(around).argmax())
    stretch = np.flatnonzero((codes[:n] == mover) & near & (neighbour_codes == enemy).any(axis=1))
    if stretch.size == 0:
        return FACTION_IDS[mover], ()
    d = xy[end] - xy[start]
    length2 = float(d @ d)
    if length2 == 0.0:
        return FACTION_IDS[mover], ()
    losing = enemy if advance else mover
    candidates = np.flatnonzero(codes[:n] == losing)
    half = 0.5 * _cell_spacing(game)
    rel = xy[candidates][:, None, :] - xy[stretch][None, :, :]          # (cands, stretch, 2)
    t = (rel @ d) / length2                                             # along the drag, 0..1
    perpendicular = np.linalg.norm(rel - t[..., None] * d, axis=2)
    low = -0.01 if not advance else 0.0  # withdrawing gives up the front cells themselves
    swept = ((t >= low) & (t <= 1.0) & (perpendicular <= half)).any(axis=1)
    gainer = mover if advance else enemy
    return FACTION_IDS[gainer], tuple(int(c) for c in candidates[swept])


def _cell_spacing(game: "Game") -> float:
    """The distance between neighbouring cell centres (km), read off the board."""
    arrays = game.arrays
    first = arrays.neighbors[0]
    other = int(first[first < len(arrays.x)][0])
    return math.hypot(arrays.x[0] - arrays.x[other], arrays.y[0] - arrays.y[other])


def brush_cells(game: "Game", centre: int, size: int) -> set[int]:
    """The cells a brush of ``size`` (1: one cell, 2: and its neighbours, 3: two rings...) covers at ``centre``."""
    cells, ring = {centre}, {centre}
    for _ in range(max(0, size - 1)):
        ring = {m for c in ring for m in game.board.neighbors[c]} - cells
        cells |= ring
    return cells
