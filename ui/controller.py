"""The game controller: owns one game, resolves turns off the GUI thread, tells the window.

The controller is the only object that changes the game. Docks and the map
listen to its signals (``game_started``, ``orders_changed``, ``busy_changed``,
``turn_resolved``, ``game_over``) and render; they write back only through
:meth:`GameController.set_orders` and :meth:`GameController.end_turn`. The
engine never learns about Qt: a turn is resolved by a plain function run in a
``QThreadPool`` worker and its result comes back by a queued signal.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from wargame.actors.policies import POLICIES
from wargame.decisions import ActionPreview, check_orders
from wargame.dice import Dice
from wargame.engine import Game, TurnResult
from wargame.events import Event
from wargame.operations import OperationResult
from wargame.orders import ActorOrders, MoscowOrders
from wargame.outcome import Outcome
from wargame.play import judge
from wargame.record import GameRecord, branch, load_record, save_record
from wargame.replay import open_record
from wargame.state import GameState
from wargame.summary import area_shares
from wargame.umpire import apply_interventions
from wargame.umpire import resolve_turn as resolve_with_umpire

PLAYER = "player"
# The roles people can take in a training session, in the order they decide each month.
SEAT_ORDER = ("moscow", "damascus", "tehran", "ankara", "washington")


@dataclass(frozen=True)
class CellChange:
    """One change of hands of a cell: when, from whom to whom, and why."""

    turn: int
    before: str
    after: str
    event: Event


@dataclass
class GameSession:
    """A game in progress: its seed, who plays Moscow, and every turn so far."""

    game: Game
    seed: int
    moscow: str                                      # "player" or a built-in policy id
    states: list[GameState] = field(default_factory=list)
    orders: list[MoscowOrders | None] = field(default_factory=list)
    events: list[tuple[Event, ...]] = field(default_factory=list)
    operations: list[tuple[OperationResult, ...]] = field(default_factory=list)
    cell_history: dict[int, list[CellChange]] = field(default_factory=dict)
    outcome: Outcome | None = None
    record: GameRecord | None = None                 # what Save writes: the seed and every turn's orders
    seats: dict[str, str] = field(default_factory=dict)  # role -> participant's name, for roles people play
    umpire_on: bool = False                          # a facilitator may intervene (the console is shown)
    _shares: dict[int, dict[str, float]] = field(default_factory=dict, repr=False)

    @property
    def state(self) -> GameState:
        """The current (latest) state."""
        return self.states[-1]

    def area_shares(self, turn: int) -> dict[str, float]:
        """Percent of Syria's area each faction holds after ``turn``, computed once per turn
        (the charts, the report, the outcome and the compare view all ask for every turn)."""
        if turn not in self._shares:
            self._shares[turn] = area_shares(self.game.board, self.states[turn].control)
        return self._shares[turn]

    @property
    def dice(self) -> Dice:
        """The game's dice (streams are derived from seed, turn and purpose, so a new object is the same dice)."""
        return Dice(self.seed)

    def truncated(self, turn: int) -> "GameSession":
        """A new session holding turns 0..``turn`` of this one (the record is left to the caller)."""
        out = GameSession(self.game, self.seed, self.moscow, seats=dict(self.seats), umpire_on=self.umpire_on)
        out.states.append(self.states[0])
        out.orders.append(None)
        out.events.append(self.events[0])
        out.operations.append(())
        for t in range(1, turn + 1):
            out.add_turn(self.orders[t], self.states[t], self.events[t], self.operations[t])
        return out

    def record_turn(self, orders: MoscowOrders, result: TurnResult, others: dict[str, ActorOrders] | None = None,
                    decisions: dict[str, dict] | None = None) -> None:
        """Append a resolved turn (to the record too, with the orders people gave and their decisions)."""
        self.add_turn(orders, result.state, result.events, result.operations)
        if self.record is not None:
            self.record.append_turn({"moscow": orders, **(others or {})}, result.state, (), decisions)

    def replace_last(self, state: GameState, events: tuple[Event, ...], operations=None) -> None:
        """The latest position as the umpire left it: the same turn, re-resolved or adjusted."""
        turn = len(self.states) - 1
        for cell in list(self.cell_history):
            self.cell_history[cell] = [c for c in self.cell_history[cell] if c.turn != turn]
        self._shares.pop(turn, None)
        self.outcome = None
        orders = self.orders[turn]
        operations = self.operations[turn] if operations is None else operations
        del self.states[turn:], self.orders[turn:], self.events[turn:], self.operations[turn:]
        if turn == 0:
            self.states.append(state)
            self.orders.append(None)
            self.events.append(events)
            self.operations.append(())
        else:
            self.add_turn(orders, state, events, operations)

    def add_turn(self, orders: MoscowOrders | None, state: GameState, events: tuple[Event, ...],
                 operations: tuple[OperationResult, ...] = ()) -> None:
        """Append a turn and note which cells changed hands in which event."""
        before = self.state.control
        self.states.append(state)
        self.orders.append(orders)
        self.events.append(events)
        self.operations.append(operations)
        after = state.control
        for event in events:
            for cell in event.cells:
                if before[cell] != after[cell] or event.phase in ("operations", "sieges", "moscow"):
                    self.cell_history.setdefault(cell, []).append(CellChange(state.turn, before[cell], after[cell],
                                                                             event))
        if state.ended:
            self.outcome = judge(self.game, state)  # exactly as `wargame play` judges


def resolve(game: Game, state: GameState, orders: MoscowOrders, seed: int,
            others: dict[str, ActorOrders] | None = None) -> TurnResult:
    """Resolve one turn (a plain function: it runs in a worker thread)."""
    return game.resolve_turn(state, orders, Dice(seed), others)


class _WorkerSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _TurnWorker(QRunnable):
    """Runs :func:`resolve` on the thread pool and reports back by signal."""

    def __init__(self, job: Callable[[], TurnResult]) -> None:
        super().__init__()
        self.job = job
        self.signals = _WorkerSignals()

    def run(self) -> None:  # noqa: D401 - Qt API
        try:
            result = self.job()
        except Exception as exc:  # the engine refused the orders or failed: tell the window, never crash
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(result)


class GameController(QObject):
    """One game at a time: the record of turns, Moscow's pending orders and the turn worker."""

    game_started = Signal()
    modified_changed = Signal(bool)  # unsaved turns since the last save or load
    orders_changed = Signal()
    busy_changed = Signal(bool)
    turn_resolved = Signal(object)   # the TurnResult just applied
    game_over = Signal(object)       # the Outcome
    failed = Signal(str)
    orders_needed = Signal(str)      # a training session: this role has still to seal its orders
    position_changed = Signal()      # the umpire changed the current position (same turn)

    def __init__(self, game: Game, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.game = game
        self.session = GameSession(game, 0, PLAYER)
        self.pending = MoscowOrders()
        self.busy = False
        self.modified = False
        self.sealed: dict[str, ActorOrders | None] = {}  # roles that sealed their orders this month
        self.decisions: dict[str, dict] = {}             # their rationales and predictions
        self._previews: tuple[tuple, list[ActionPreview]] = ((), [])
        self._worker: _TurnWorker | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # turns are resolved strictly one after another

    # -- starting -----------------------------------------------------------------------
    def new_game(self, seed: int | None = None, moscow: str = PLAYER, game: Game | None = None,
                 seats: dict[str, str] | None = None, umpire: bool = False) -> None:
        """Start a game from the opening (a random seed unless one is given).

        ``seats`` names the participant of each role people play in a training session
        (``moscow`` among them unless a policy plays it); the bots play the others. ``umpire``
        lets a facilitator intervene.
        """
        if self.busy:
            return
        if game is not None:
            self.game = game
        if moscow != PLAYER and moscow not in POLICIES:
            raise ValueError(f"unknown Moscow player {moscow!r} (choose player or {', '.join(POLICIES)})")
        seed = random.SystemRandom().randrange(1, 1_000_000) if seed is None else int(seed)
        seats = {role: name.strip() or role.title() for role, name in (seats or {}).items()}
        unknown = set(seats) - set(SEAT_ORDER)
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(sorted(unknown))} (roles: {', '.join(SEAT_ORDER)})")
        if moscow != PLAYER:
            seats.pop("moscow", None)
        self.session = GameSession(self.game, seed, moscow, seats=seats, umpire_on=umpire)
        opening = self.game.opening()
        self.session.states.append(opening)
        self.session.orders.append(None)
        self.session.events.append(())
        self.session.operations.append(())
        roles = {"moscow": _role(moscow), **{role: f"player:{name}" for role, name in seats.items()}}
        self.session.record = GameRecord.new(self.game, seed, roles)
        if seats or umpire:
            from datetime import datetime

            self.session.record.session = {"started": datetime.now().strftime("%Y-%m-%d %H:%M"), "umpire": umpire}
        self._started(modified=False)

    def open_file(self, path) -> str:
        """Load a saved game (replaying it to check every turn); returns a warning, '' if all verified.

        Raises :class:`wargame.record.RecordError` with one line naming the file and the problem.
        """
        session, warning = session_from_file(self.game, path)
        self.open_session(session, warning)
        return warning

    def open_session(self, session: GameSession, warning: str = "") -> None:
        """Play on in a session read from a file (:func:`session_from_file`, which gave ``warning``)."""
        if self.busy:
            raise RuntimeError("a turn is being resolved")
        self.session = session
        self._started(modified=bool(warning))  # a truncated record differs from its file

    def branch_at(self, turn: int) -> GameSession:
        """Play on from ``turn`` in a new record that remembers its parent; returns the parent session,
        which is left as it was."""
        if self.busy:
            raise RuntimeError("a turn is being resolved")
        parent = self.session
        child = parent.truncated(turn)
        child.record = branch(parent.record, turn, parent.states[turn])
        self.session = child
        self._started(modified=True)
        return parent

    def save_file(self, path) -> None:
        """Write the game record to ``path`` atomically; :class:`wargame.record.RecordError` if it cannot."""
        save_record(path, self.session.record)
        self._set_modified(False)

    def _started(self, modified: bool) -> None:
        self.pending = self.state.stances
        self.sealed, self.decisions = {}, {}
        self._announce(self.game_started, modified)

    def _announce(self, changed, modified: bool) -> None:
        """After the game or its position changed: the policy's next orders, the unsaved mark, then tell
        the window (``changed``, the orders, and the outcome if the game is over)."""
        self._fill_policy_orders()
        self._set_modified(modified)
        changed.emit()
        self.orders_changed.emit()
        if self.session.outcome is not None:
            self.game_over.emit(self.session.outcome)

    def mark_modified(self) -> None:
        """The record changed outside a turn (a note, a bookmark, a recovered autosave): it needs saving."""
        self._set_modified(True)

    def _set_modified(self, modified: bool) -> None:
        if modified != self.modified:
            self.modified = modified
            self.modified_changed.emit(modified)

    # -- orders -------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The current state."""
        return self.session.state

    def previews(self, orders: MoscowOrders | None = None) -> list[ActionPreview]:
        """Every action as the coming turn would see it under ``orders``' stances."""
        stances = (orders or self.pending).stances()
        key = (id(self.state), self.state.turn, stances)  # the docks ask several times per refresh
        if self._previews[0] != key:
            self._previews = (key, self.game.previews(self.state, stances))
        return self._previews[1]

    def capital_left(self, orders: MoscowOrders | None = None) -> int:
        """Political capital left after paying for the actions in ``orders``."""
        orders = orders or self.pending
        costs = {a: self.game.rules.actions[a].cost for a in orders.actions if a in self.game.rules.actions}
        return self.state.capital - sum(costs.values())

    def problems(self, orders: MoscowOrders | None = None) -> list[str]:
        """Why the engine would refuse ``orders`` now (empty when it would accept them)."""
        orders = orders or self.pending
        problems = check_orders(orders, self.game.rules, self.game.context(self.state, orders.stances()),
                                self.state.capital)
        available = {p.id: p for p in self.previews(orders)}
        for action_id in orders.actions:
            preview = available.get(action_id)
            if preview is not None and not preview.available and "political capital" not in preview.why_unavailable:
                problems.append(f"{preview.label}: {preview.why_unavailable}")
        return problems

    def set_orders(self, orders: MoscowOrders) -> None:
        """Replace Moscow's pending orders (the decisions dock calls this)."""
        if orders != self.pending:
            self.pending = orders
            self.orders_changed.emit()

    def can_end_turn(self) -> bool:
        """True when a turn can be resolved now with the pending orders."""
        return not self.busy and not self.state.ended and not self.problems()

    # -- a training session's roles ----------------------------------------------------------
    def human_roles(self) -> list[str]:
        """The roles people play this game, in the order they decide."""
        return [role for role in SEAT_ORDER if role in self.session.seats]

    def hotseat(self) -> bool:
        """Several people share the screen: each seals orders in turn, hidden from the others."""
        return len(self.human_roles()) >= 2

    def next_to_decide(self) -> str | None:
        """The first role people play that has not sealed its orders this month (None: all have)."""
        return next((role for role in self.human_roles() if role not in self.sealed), None)

    def menu(self, role: str) -> list[dict]:
        """The options a role (other than Moscow) chooses from: its attacks, as the scenario lists them."""
        return self.game.menu(role)

    def suggested_orders(self, role: str) -> ActorOrders:
        """What the role's bot would order this month (a default to start from)."""
        return self.game.bot_orders(self.state, role, self.session.dice, self.pending)

    def last_choices(self, role: str) -> dict[str, str]:
        """The standing choices ``role`` took last month (empty if a bot played it or none was taken)."""
        record = self.session.record
        if record is None or not record.turns:
            return {}
        return dict(record.turns[-1].orders.get(role, {}).get("choices", {}))

    def seal(self, role: str, orders: ActorOrders | None = None, rationale: str = "",
             prediction: dict | None = None) -> None:
        """Seal a role's orders for the month (Moscow's are the pending ones), with the participant's
        rationale and prediction; nobody else sees them until the month is resolved."""
        if role not in self.session.seats:
            raise ValueError(f"{role} is not played by a person in this game")
        if role != "moscow" and (orders is None or orders.actor != role):
            raise ValueError(f"{role}'s orders are missing")
        self.sealed[role] = orders
        self._set_modified(True)  # closing now would lose the month's sealed orders: ask first
        self.decisions[role] = {"participant": self.session.seats[role], "rationale": rationale.strip(),
                                "prediction": dict(prediction) if prediction else None}

    # -- the umpire ------------------------------------------------------------------------------
    def umpire_items(self) -> list[dict]:
        """The interventions on the current position (those of the last turn, or of the opening)."""
        record = self.session.record
        return list(record.turns[-1].umpire if record.turns else record.opening_umpire)

    def set_umpire(self, items: list[dict]) -> None:
        """Replace the interventions on the current position and recompute it from the turn's start:
        the month is resolved again with the umpire's dice, then the other interventions apply.

        Raises :class:`wargame.umpire.UmpireError` (and changes nothing) if one does not fit.
        """
        if self.busy:
            raise RuntimeError("a turn is being resolved")
        session, record = self.session, self.session.record
        items = [dict(i) for i in items]
        state, events, operations = self.position_with(items)
        session.replace_last(state, events, operations)
        if not record.turns:
            record.opening_umpire = items
        else:
            record.turns[-1].umpire, record.turns[-1].state_hash = items, state.state_hash()
        record.snapshot = state
        self._announce(self.position_changed, True)

    def position_with(self, items: list[dict]) -> tuple[GameState, tuple[Event, ...], tuple]:
        """The current position as it would be with these interventions (nothing is changed):
        the state, the month's events and its operations. Raises :class:`wargame.umpire.UmpireError`."""
        session, record = self.session, self.session.record
        if not record.turns:
            state, events = apply_interventions(self.game, self.game.opening(), items, session.dice)
            return state, tuple(events), ()
        entry = record.turns[-1]
        result = resolve_with_umpire(self.game, session.states[-2], entry.moscow_orders(), session.dice,
                                     entry.others(), items)
        return result.state, result.events, result.operations

    # -- resolving ----------------------------------------------------------------------
    def end_turn(self) -> bool:
        """Resolve the coming month in the worker; False (and nothing happens) if it cannot be resolved now.

        In a training session a role that has not sealed its orders yet is asked for them first
        (:attr:`orders_needed`), and the month resolves once every role people play has sealed.
        """
        if not self.can_end_turn():
            return False
        waiting = self.next_to_decide()
        if waiting is not None:
            self.orders_needed.emit(waiting)
            return False
        orders, state, game, seed = self.pending, self.state, self.game, self.session.seed
        others = {role: o for role, o in self.sealed.items() if role != "moscow" and o is not None}
        decisions = dict(self.decisions)
        worker = _TurnWorker(lambda: resolve(game, state, orders, seed, others))
        worker.signals.done.connect(lambda result: self._on_resolved(orders, result, others, decisions))
        worker.signals.failed.connect(self._on_failed)
        self._worker = worker  # keep the signals object alive until the result is back
        self._set_busy(True)
        self.pool.start(worker)
        return True

    def _on_resolved(self, orders: MoscowOrders, result: TurnResult, others=None, decisions=None) -> None:
        self._worker = None
        self.session.record_turn(orders, result, others, decisions)
        self.sealed, self.decisions = {}, {}
        self.pending = result.state.stances
        self._fill_policy_orders()
        self._set_busy(False)
        self._set_modified(True)
        self.turn_resolved.emit(result)
        self.orders_changed.emit()
        if self.session.outcome is not None:
            self.game_over.emit(self.session.outcome)

    def _on_failed(self, message: str) -> None:
        self._worker = None
        self._set_busy(False)
        self.failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _fill_policy_orders(self) -> None:
        """When a built-in policy plays Moscow, its orders for the coming month become the pending ones."""
        if self.session.moscow != PLAYER and not self.state.ended:
            self.pending = POLICIES[self.session.moscow](self.game, self.state, self.session.dice)

    def wait(self) -> None:
        """Block until the worker is idle (for scripts and shutdown)."""
        self.pool.waitForDone()


def session_from_file(game: Game, path) -> tuple[GameSession, str]:
    """A session replayed from a saved game, and a warning if it opened only up to an earlier turn.

    Raises :class:`wargame.record.RecordError` with one line naming the file and the problem.
    """
    opened = open_record(game, load_record(path, game, lenient=True))
    role = opened.record.roles.get("moscow", PLAYER)
    moscow = role.split(":", 1)[1] if role.startswith("policy:") and role[7:] in POLICIES else PLAYER
    roles = opened.record.roles
    seats = {role: who[7:] for role, who in roles.items() if role in SEAT_ORDER and who.startswith("player:")}
    umpire_on = bool(opened.record.session and opened.record.session.get("umpire"))
    session = GameSession(game, opened.record.seed, moscow, record=opened.record, seats=seats, umpire_on=umpire_on)
    session.states.append(opened.turns[0].state)
    session.orders.append(None)
    session.events.append(opened.turns[0].events)
    session.operations.append(())
    for turn in opened.turns[1:]:
        session.add_turn(turn.orders, turn.state, turn.events, turn.operations)
    return session, opened.warning


def _role(moscow: str) -> str:
    """The record's name for who plays Moscow."""
    return "player" if moscow == PLAYER else f"policy:{moscow}"
