"""The closed vocabulary of rule files: conditions, effects and text templates.

Every construct is a TOML table with known keys. Parsing validates names
(indicators, metrics, stances, places, factions, flags are free-form strings)
and builds small objects; nothing is ever evaluated as code. Errors raise
:class:`RuleError` with the file, the rule id and what is wrong.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Mapping, Protocol, Sequence

from wargame import indicators
from wargame.metrics import FLAGS, METRICS

# The comparisons as the operator module's functions (built in: a condition tested a few hundred
# times a game calls one of them each time).
OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}
STANCES = {"strategy", "air_focus", "air_intensity", "ground"}
ENDINGS = {"settlement", "collapse"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class RuleError(ValueError):
    """A rule file is invalid; the message names the file and the entry."""


class EvalContext(Protocol):
    """What conditions and effects can see (implemented by the engine)."""

    def value(self, name: str) -> float: ...
    def metric(self, name: str) -> float: ...
    def stance(self, name: str) -> str: ...
    def has_flag(self, name: str) -> bool: ...
    def holder(self, place: str) -> str: ...
    def action_taken(self, action: str) -> bool: ...
    def roll(self, probability: float) -> bool: ...
    def uniform(self, low: float, high: float) -> float: ...
    @property
    def turn(self) -> int: ...


# -- conditions ---------------------------------------------------------------------

@dataclass(frozen=True)
class Condition:
    """A parsed condition: ``test(ctx)`` says whether it holds; ``describe()`` says what it asks."""

    kind: str
    args: tuple
    children: tuple["Condition", ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", _compile(self))  # one closure per condition, built once

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "test"}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__post_init__()

    def test(self, ctx: EvalContext) -> bool:  # replaced on each condition by its compiled test
        """Evaluate against a context (rolls dice for ``chance``)."""
        return _compile(self)(ctx)

    def uses_dice(self) -> bool:
        """Whether testing this condition rolls dice."""
        return self.kind == "chance" or any(c.uses_dice() for c in self.children)

    def describe(self) -> str:
        """A short plain-English reading of the condition (worked out once: events quote it)."""
        text = self.__dict__.get("description")
        if text is None:
            text = self._describe()
            object.__setattr__(self, "description", text)
        return text

    def _describe(self) -> str:
        k, a = self.kind, self.args
        if k == "always":
            return "always"
        if k in ("all", "any"):
            joiner = " and " if k == "all" else " or "
            return "(" + joiner.join(c.describe() for c in self.children) + ")"
        if k == "not":
            return "not " + self.children[0].describe()
        if k in ("indicator", "metric"):
            return f"{a[0]} {a[1]} {a[2]:g}"
        if k == "turn":
            return f"turn {a[0]} {a[1]}"
        if k == "stance":
            return f"{a[0]} is {' or '.join(sorted(a[1]))}"
        if k == "flag":
            if a[0] in FLAGS:
                return FLAGS[a[0]][0 if a[1] else 1]
            return f"{a[0]}" if a[1] else f"not {a[0]}"
        if k == "place":
            return f"{a[0]} held by {' or '.join(sorted(a[1]))}"
        if k == "action":
            return f"Moscow chose {a[0]}"
        if k == "chance":
            return f"a {a[0]:.0%} chance"
        return k


def _compile(condition: Condition) -> Callable[[EvalContext], bool]:
    """The test of a condition as a closure (no dispatch on its kind at each test). Children are
    tested in order and ``all``/``any`` stop at the first that settles them, so dice are rolled
    exactly as a plain reading would."""
    k, a = condition.kind, condition.args
    if k == "always":
        return lambda ctx: True
    if k in ("all", "any"):
        tests = tuple(child.test for child in condition.children)
        if k == "all":
            def test_all(ctx: EvalContext) -> bool:
                for test in tests:
                    if not test(ctx):
                        return False
                return True
            return test_all

        def test_any(ctx: EvalContext) -> bool:
            for test in tests:
                if test(ctx):
                    return True
            return False
        return test_any
    if k == "not":
        inner = condition.children[0].test
        return lambda ctx: not inner(ctx)
    if k == "indicator":
        name, op, value = a[0], OPS[a[1]], a[2]
        return lambda ctx: op(ctx.value(name), value)
    if k == "metric":
        name, op, value = a[0], OPS[a[1]], a[2]
        return lambda ctx: op(ctx.metric(name), value)
    if k == "turn":
        op, value = OPS[a[0]], a[1]
        return lambda ctx: op(ctx.turn, value)
    if k == "stance":
        name, options = a
        return lambda ctx: ctx.stance(name) in options
    if k == "flag":
        name, wanted = a
        return lambda ctx: ctx.has_flag(name) == wanted
    if k == "place":
        place, holders = a
        return lambda ctx: ctx.holder(place) in holders
    if k == "action":
        action = a[0]
        return lambda ctx: ctx.action_taken(action)
    if k == "chance":
        probability = a[0]
        return lambda ctx: ctx.roll(probability)
    raise AssertionError(k)


ALWAYS = Condition("always", ())


def parse_condition(raw: Any, where: str, known: "Names") -> Condition:
    """Parse a condition table; raises :class:`RuleError` naming ``where``."""
    if raw is None:
        return ALWAYS
    if not isinstance(raw, Mapping) or not raw:
        raise RuleError(f"{where}: a condition must be a non-empty table")
    keys = set(raw)

    def number(key: str) -> float:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RuleError(f"{where}: '{key}' must be a number")
        return float(value)

    def op() -> str:
        value = raw.get("op", ">=")
        if value not in OPS:
            raise RuleError(f"{where}: unknown comparison {value!r} (use one of {' '.join(OPS)})")
        return value

    def one_or_many(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise RuleError(f"{where}: '{key}' must be a string or a list of strings")
        return tuple(values)

    def only(*allowed: str) -> None:
        extra = keys - set(allowed)
        if extra:
            raise RuleError(f"{where}: unexpected key(s) {', '.join(sorted(extra))} in condition")

    if keys & {"all", "any"}:
        (key,) = keys & {"all", "any"}
        only(key)
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise RuleError(f"{where}: '{key}' needs a non-empty list of conditions")
        return Condition(key, (), tuple(parse_condition(c, f"{where}.{key}[{i}]", known) for i, c in enumerate(items)))
    if "not" in keys:
        only("not")
        return Condition("not", (), (parse_condition(raw["not"], f"{where}.not", known),))
    if "indicator" in keys:
        only("indicator", "op", "value")
        name = raw["indicator"]
        if name not in indicators.BY_NAME:
            raise RuleError(f"{where}: unknown indicator {name!r}")
        return Condition("indicator", (name, op(), number("value")))
    if "metric" in keys:
        only("metric", "op", "value")
        name = raw["metric"]
        if name not in METRICS:
            raise RuleError(f"{where}: unknown metric {name!r}")
        return Condition("metric", (name, op(), number("value")))
    if "turn" in keys:
        only("turn", "op")
        if not isinstance(raw["turn"], int) or isinstance(raw["turn"], bool):
            raise RuleError(f"{where}: 'turn' must be a whole number")
        return Condition("turn", (op(), raw["turn"]))
    if "stance" in keys:
        only("stance", "is")
        stance = raw["stance"]
        if stance not in STANCES:
            raise RuleError(f"{where}: unknown stance {stance!r} (known: {', '.join(sorted(STANCES))})")
        options = one_or_many("is")
        for option in options:
            if option not in known.stance_options[stance]:
                raise RuleError(f"{where}: {stance} has no option {option!r}")
        return Condition("stance", (stance, frozenset(options)))
    if "flag" in keys:
        only("flag", "set")
        flag = raw["flag"]
        if not isinstance(flag, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", flag):
            raise RuleError(f"{where}: flag names are lower_case words")
        is_set = raw.get("set", True)
        if not isinstance(is_set, bool):
            raise RuleError(f"{where}: 'set' must be true or false")
        return Condition("flag", (flag, is_set))
    if "place" in keys:
        only("place", "held_by")
        place = raw["place"]
        if place not in known.places:
            raise RuleError(f"{where}: unknown place {place!r}")
        factions = one_or_many("held_by")
        for faction in factions:
            if faction not in known.factions:
                raise RuleError(f"{where}: unknown faction {faction!r}")
        return Condition("place", (place, frozenset(factions)))
    if "action" in keys:
        only("action")
        if raw["action"] not in known.actions:
            raise RuleError(f"{where}: unknown action {raw['action']!r}")
        return Condition("action", (raw["action"],))
    if "chance" in keys:
        only("chance")
        p = number("chance")
        if not 0.0 <= p <= 1.0:
            raise RuleError(f"{where}: 'chance' must be between 0 and 1")
        return Condition("chance", (p,))
    raise RuleError(f"{where}: unknown condition with key(s) {', '.join(sorted(keys))}")


# -- effects ------------------------------------------------------------------------

@dataclass(frozen=True)
class Effect:
    """A parsed effect. ``kind`` is add, flag, unflag, capital, counter, evacuate or end."""

    kind: str
    target: str
    value: float = 0.0
    low: float | None = None    # with high: a dice range instead of a fixed value
    high: float | None = None
    per: str | None = None      # scale by this metric or indicator

    def amount(self, ctx: EvalContext) -> float:
        """The size of the change, rolling dice for a range."""
        base = ctx.uniform(self.low, self.high) if self.low is not None else self.value
        if self.per is not None:
            scale = ctx.metric(self.per) if self.per in METRICS else ctx.value(self.per)
            base *= scale
        return base


def parse_effects(raw: Any, where: str, known: "Names") -> tuple[Effect, ...]:
    """Parse a list of effect tables."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(f"{where}: 'effects' must be a list of tables")
    return tuple(_parse_effect(e, f"{where}[{i}]", known) for i, e in enumerate(raw))


def _parse_effect(raw: Any, where: str, known: "Names") -> Effect:
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where}: an effect must be a table")
    keys = set(raw)
    if "add" in keys:
        extra = keys - {"add", "value", "range", "per"}
        if extra:
            raise RuleError(f"{where}: unexpected key(s) {', '.join(sorted(extra))} in effect")
        name = raw["add"]
        if name not in indicators.BY_NAME:
            raise RuleError(f"{where}: unknown indicator {name!r}")
        per = raw.get("per")
        if per is not None and per not in METRICS and per not in indicators.BY_NAME:
            raise RuleError(f"{where}: 'per' names no metric or indicator: {per!r}")
        if "range" in raw:
            low_high = raw["range"]
            if (not isinstance(low_high, list) or len(low_high) != 2
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in low_high)
                    or low_high[0] > low_high[1]):
                raise RuleError(f"{where}: 'range' must be [low, high] numbers with low <= high")
            return Effect("add", name, 0.0, float(low_high[0]), float(low_high[1]), per)
        value = raw.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RuleError(f"{where}: 'add' needs a numeric 'value' or a 'range'")
        return Effect("add", name, float(value), per=per)
    if keys in ({"flag"}, {"unflag"}):
        (kind,) = keys
        flag = raw[kind]
        if not isinstance(flag, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", flag):
            raise RuleError(f"{where}: flag names are lower_case words")
        return Effect(kind, flag)
    if keys == {"capital"}:
        if not isinstance(raw["capital"], int) or isinstance(raw["capital"], bool):
            raise RuleError(f"{where}: 'capital' must be a whole number")
        return Effect("capital", "capital", float(raw["capital"]))
    if keys <= {"counter", "value"} and "counter" in keys:
        return Effect("counter", str(raw["counter"]), float(raw.get("value", 1)))
    if keys == {"evacuate"}:
        if raw["evacuate"] not in known.factions:
            raise RuleError(f"{where}: 'evacuate' names no faction: {raw['evacuate']!r}")
        return Effect("evacuate", raw["evacuate"])  # pockets besieged by the regime only
    if keys == {"end"}:
        if raw["end"] not in ENDINGS:
            raise RuleError(f"{where}: 'end' must be one of {', '.join(sorted(ENDINGS))}")
        return Effect("end", raw["end"])
    raise RuleError(f"{where}: unknown effect with key(s) {', '.join(sorted(keys))}")


# -- text ---------------------------------------------------------------------------

def check_template(text: Any, where: str, extra: Sequence[str] = ()) -> str:
    """Validate an explanation template: ``{name}`` placeholders of known names only."""
    if not isinstance(text, str) or not text.strip():
        raise RuleError(f"{where}: 'text' must be a non-empty sentence")
    allowed = set(indicators.NAMES) | set(METRICS) | {"delta", "date", "turn"} | set(extra)
    for name in _PLACEHOLDER.findall(text):
        if name not in allowed:
            raise RuleError(f"{where}: unknown placeholder {{{name}}} in text")
    return text


def render(text: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders; numbers are shown rounded, never evaluated."""
    def fill(match: re.Match) -> str:
        value = values.get(match.group(1), match.group(0))
        if isinstance(value, float):
            if abs(value) >= 10:
                return f"{int(_half_up(value, 0)):,}"
            return f"{_half_up(value, 1):.1f}".rstrip("0").rstrip(".")
        return str(value)

    if "{" not in text:
        return text  # nothing to fill (most sentences the engine writes itself)
    return _PLACEHOLDER.sub(fill, text)


_QUANTA = {digits: Decimal(1).scaleb(-digits) for digits in range(4)}


def _half_up(value: float, digits: int) -> float:
    """Round halves away from zero (46.5 -> 47), as readers expect, not to even."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return value  # already round
    quantum = _QUANTA.get(digits) or Decimal(1).scaleb(-digits)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Names:
    """Names a rule file may refer to besides indicators and metrics."""

    places: frozenset[str]
    factions: frozenset[str]
    actions: frozenset[str]
    stance_options: Mapping[str, frozenset[str]]
