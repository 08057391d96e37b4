"""Replaying a game record: re-resolve each turn with the stored orders and seed, and check every hash.

Turns are resolved exactly as :func:`wargame.play.play_game` does: one
:class:`~wargame.dice.Dice` of the record's seed for the whole game, turns in
order from :meth:`Game.opening`. A hash that differs, or orders the rules no
longer accept, stop the replay at that turn with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from wargame.dice import Dice
from wargame.engine import Game
from wargame.orders import OrdersError
from wargame.outcome import Outcome, evaluate
from wargame.play import PlayedGame, PlayedTurn
from wargame.record import GameRecord, RecordError, scenario_hash
from wargame.state import GameState
from wargame.umpire import UmpireError, apply_interventions, resolve_turn


class Diverged(RecordError):
    """A replay that does not reproduce the record: the turn where it parts, why, and the turns that did verify."""

    def __init__(self, turn: int, reason: str, verified: list[PlayedTurn]) -> None:
        super().__init__(f"diverges at turn {turn}: {reason}")
        self.turn, self.reason, self.verified = turn, reason, verified


@dataclass(frozen=True)
class VerifyResult:
    """Whether a record replays to the same hashes; if not, the first turn that differs and why."""

    ok: bool
    diverged_turn: int | None = None
    reason: str = ""
    turns_checked: int = 0


@dataclass(frozen=True)
class OpenedRecord:
    """A record opened for play or review: its verified turns, and a warning if it had to stop early."""

    record: GameRecord
    turns: tuple[PlayedTurn, ...]
    warning: str = ""


def _scenario_note(game: Game, record: GameRecord) -> str:
    if record.scenario_hash != scenario_hash(game.scenario.directory):
        return " (the scenario's files have changed since the game was saved)"
    return ""


def replay(game: Game, record: GameRecord, upto: int | None = None) -> list[PlayedTurn]:
    """States (and events) of turns 0..``upto`` (default: all), each checked against its recorded hash.

    Raises :class:`Diverged` at the first turn that does not reproduce.
    """
    if game.scenario.id != record.scenario_id:
        raise RecordError(f"the record is a game of {record.scenario_id!r}, not {game.scenario.id!r}")
    last = record.last_turn if upto is None else max(0, min(upto, record.last_turn))
    dice = Dice(record.seed)
    state = game.opening()
    played = [PlayedTurn(None, state, ())]
    if record.opening_hash is not None and state.state_hash() != record.opening_hash:
        raise Diverged(0, "the opening position differs" + _scenario_note(game, record), [])
    if record.opening_umpire:
        try:
            state, events = apply_interventions(game, state, record.opening_umpire, dice)
        except UmpireError as exc:
            raise Diverged(0, f"{exc}" + _scenario_note(game, record), []) from None
        played = [PlayedTurn(None, state, tuple(events))]
    for entry in record.turns[:last]:
        orders = entry.moscow_orders()
        if state.ended:
            raise Diverged(entry.turn, f"the game had already ended after turn {state.turn} ({state.ended})"
                           + _scenario_note(game, record), played)
        try:
            result = resolve_turn(game, state, orders, dice, entry.others(), entry.umpire)
        except (OrdersError, UmpireError, ValueError, KeyError) as exc:  # KeyError: a name the rules lost
            raise Diverged(entry.turn, f"the rules no longer accept the orders ({exc})"
                           + _scenario_note(game, record), played) from None
        state = result.state
        if state.state_hash() != entry.state_hash:
            raise Diverged(entry.turn, _difference(record, entry.turn, state) + _scenario_note(game, record),
                           played)
        played.append(PlayedTurn(orders, state, result.events, result.operations))
    return played


def _difference(record: GameRecord, turn: int, state) -> str:
    """Why a replayed state is not the recorded one: field by field when the snapshot is of that turn."""
    saved = record.snapshot
    if saved is None or saved.turn != turn:
        return (f"the state hash differs (recorded {record.state_hash(turn)[:12]}..., "
                f"replayed {state.state_hash()[:12]}...)")
    differ = []
    cells = sum(a != b for a, b in zip(saved.control, state.control))
    if cells:
        differ.append(f"control of {cells} cells")
    differ += [f"indicator {k}" for k in sorted(set(saved.values) | set(state.values))
               if round(saved.values.get(k, 0.0), 4) != round(state.values.get(k, 0.0), 4)]
    for name in ("capital", "operations", "flags", "counters", "ended"):
        if getattr(saved, name) != getattr(state, name):
            differ.append(name)
    return "the state hash differs (in " + (", ".join(differ[:6]) or "the stances") + ")"


def verify(game: Game, record: GameRecord) -> VerifyResult:
    """Replay the whole record and compare every turn's hash."""
    try:
        played = replay(game, record)
    except Diverged as exc:
        return VerifyResult(False, exc.turn, exc.reason, len(exc.verified) - 1 if exc.verified else 0)
    except RecordError as exc:
        return VerifyResult(False, 0, str(exc), 0)
    return VerifyResult(True, None, "", len(played) - 1)


def open_record(game: Game, record: GameRecord) -> OpenedRecord:
    """Replay a record for play or review; if it diverges, open it up to the last turn that verifies and say so.

    The returned record then holds the verified turns only, with the same id
    and source: saving it over its file drops the turns that no longer
    verify, so the window should offer Save As. ``record`` is untouched.
    """
    try:
        return OpenedRecord(record, tuple(replay(game, record)))
    except Diverged as exc:
        good = exc.verified
        last = len(good) - 1 if good else 0
        opened = record.truncated(last, good[-1].state if good else None)
        where = record.source or "the record"
        warning = (f"{where}: opened up to turn {last}, the last turn that still verifies "
                   f"(turn {exc.turn}: {exc.reason})")
        return OpenedRecord(opened, tuple(good) or (PlayedTurn(None, game.opening(), ()),), warning)


def played_game(game: Game, record: GameRecord, turns: list[PlayedTurn] | tuple[PlayedTurn, ...]) -> PlayedGame:
    """A :class:`PlayedGame` of replayed turns, with the verdict on the last state (as ``wargame play`` gives)."""
    return PlayedGame(record.seed, tuple(turns), _judge(game, turns[-1].state))


def _judge(game: Game, state: GameState) -> Outcome:
    """The verdict exactly as :func:`wargame.play.play_game` gives it."""
    from wargame import play

    judge = getattr(play, "judge", None)  # the engine rework moves the verdict into play.judge
    if judge is not None:
        return judge(game, state)
    ctx = game.context(state)
    return evaluate(state, ctx.holder, game.metric(ctx, "idlib_opposition_share"))
