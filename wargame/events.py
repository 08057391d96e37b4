"""Turn events: every change in the game, with the rule, the numbers and the dice behind it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


class Later:
    """A field's value worked out when it is first read: ``fn(*args)``.

    A game played in a batch builds thousands of events that nobody reads, so the engine gives
    an event's sentence (and its dice as plain data) this way; the arguments are values taken at
    the time of the event, never state that changes afterwards.
    """

    __slots__ = ("fn", "args")

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.fn = fn
        self.args = args


class _Deferred:
    """A dataclass field that accepts a :class:`Later` and stores its value on first read."""

    def __init__(self, default: Any = None, has_default: bool = False) -> None:
        self.default, self.has_default = default, has_default

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:  # the dataclass asks the class for the field's default
            if self.has_default:
                return self.default
            raise AttributeError(self.slot[1:])
        value = obj.__dict__[self.slot]
        if type(value) is Later:
            value = value.fn(*value.args)
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.slot] = value


@dataclass(frozen=True, init=False)
class Event:
    """One explained happening of a turn. ``text`` and ``dice`` may be given as :class:`Later`
    values; reading them (or comparing, printing or pickling the event) works them out."""

    phase: str                      # events, moscow, actors, operations, sieges, consequences, end
    rule: str                       # id of the rule, event, action, bot rule or operation
    claim: str                      # C1-C13 or ""
    text: str = _Deferred()         # a plain-English sentence  # type: ignore[assignment]
    inputs: dict[str, Any] = field(default_factory=dict)
    dice: tuple[dict, ...] = _Deferred((), True)  # type: ignore[assignment]
    cells: tuple[int, ...] = ()     # cells that changed hands because of it
    changes: dict[str, float] = field(default_factory=dict)  # indicator -> delta

    def __init__(self, phase: str, rule: str, claim: str, text: "str | Later",
                 inputs: dict[str, Any] | None = None, dice: "tuple[dict, ...] | Later" = (),
                 cells: tuple[int, ...] = (), changes: dict[str, float] | None = None) -> None:
        # One write of the instance's fields (a turn builds a few dozen events; the frozen
        # dataclass's own __init__ sets them one call at a time).
        self.__dict__.update(phase=phase, rule=rule, claim=claim, _text=text,
                             inputs={} if inputs is None else inputs, _dice=dice, cells=cells,
                             changes={} if changes is None else changes)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_text": self.text, "_dice": self.dice}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def to_json(self, full: bool = True) -> dict[str, Any]:
        """Plain data; ``full=False`` keeps only rule, claim and text."""
        out: dict[str, Any] = {"rule": self.rule, "claim": self.claim, "text": self.text}
        if full:
            out.update(phase=self.phase, inputs=self.inputs, dice=list(self.dice), cells=list(self.cells),
                       changes={k: round(v, 3) for k, v in self.changes.items()})
        return out
