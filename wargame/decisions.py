"""Moscow's menu: checking orders (separately from applying them) and previewing options."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Mapping

from wargame import indicators
from wargame.dates import month_of_turn
from wargame.factions import BY_ID as FACTIONS
from wargame.metrics import COUNTERS, FLAG_WORDS, METRIC_WORDS, METRICS
from wargame.orders import STANCE_FIELDS, MoscowOrders
from wargame.rules.loader import Action, Ruleset
from wargame.rules.vocabulary import Condition, EvalContext


@dataclass(frozen=True)
class ActionPreview:
    """What Moscow sees before committing to an action."""

    id: str
    label: str
    cost: int
    available: bool
    why_unavailable: str
    probability: float
    on_success: tuple[str, ...]
    on_failure: tuple[str, ...]
    claim: str
    tradeoff: str = ""      # what it costs besides capital, and when it is worth most


def describe_effect(effect) -> str:
    """One effect in plain words, e.g. 'Talks progress +12' or 'starts the Astana process'."""
    if effect.kind == "add":
        amount = f"{effect.low:+g} to {effect.high:+g}" if effect.low is not None else f"{effect.value:+g}"
        return f"{_indicator(effect.target)} {amount}{_per(effect.per)}"
    if effect.kind in ("flag", "unflag"):
        words = FLAG_WORDS.get(effect.target)
        if words is not None:
            return words.sets if effect.kind == "flag" else words.clears
        return f"{'sets' if effect.kind == 'flag' else 'clears'} {_words(effect.target)}"
    if effect.kind == "counter":
        counted = COUNTERS.get(effect.target, _words(effect.target))
        return f"adds {effect.value:g} to the {counted}" if effect.value >= 0 else \
            f"takes {-effect.value:g} from the {counted}"
    if effect.kind == "capital":
        return f"political capital {effect.value:+g}"
    if effect.kind == "evacuate":
        return f"the most populous besieged {effect.target} pocket is evacuated to Idlib"
    if effect.kind == "end":
        return {"settlement": "ends the game with a signed settlement",
                "collapse": "ends the game with the regime's collapse"}.get(effect.target,
                                                                            f"ends the game ({effect.target})")
    return f"{effect.kind} {_words(effect.target)} {effect.value:+g}"


def _words(name: str) -> str:
    """An id with no words of its own, as words ('some_flag' -> 'some flag')."""
    return name.replace("_", " ")


def _indicator(name: str) -> str:
    entry = indicators.BY_NAME.get(name)
    return entry.label if entry else _words(name)


def _per(per: str | None) -> str:
    """What an effect scaled by a metric or indicator is counted in ('for each ...', 'while ...')."""
    if not per:
        return ""
    words = METRIC_WORDS.get(per)
    if words is not None:
        return f" while {words.each}" if words.kind == "switch" else f" for each {words.each}"
    if per in indicators.BY_NAME:
        return f" for each point of {_indicator(per)}"
    return f" for each {_words(per)}"


def _scale_now(per: str, ctx: EvalContext) -> float:
    return ctx.metric(per) if per in METRICS else ctx.value(per)


def _described(effect, ctx: EvalContext) -> str:
    """An effect in words, with the current value of what it scales by (a window's size now)."""
    text = describe_effect(effect)
    if effect.kind == "add" and effect.per:
        now = _scale_now(effect.per, ctx)
        words = METRIC_WORDS.get(effect.per)
        text += f" (now: {'yes' if now else 'no'})" if words is not None and words.kind == "switch" else f" (now {now:g})"
    return text


_SCALED = re.compile(r"^(?P<what>.+?) (?P<scale>(?:for each|while) .+)$")


def effects_sentence(effects: tuple[str, ...] | list[str]) -> str:
    """Effect lines as one sentence, those scaled by the same thing gathered under it:
    'Talks progress +12; for each month left of the window after Aleppo (now 3): Talks progress +5,
    Ceasefire level +8'. 'nothing' for none."""
    plain: list[str] = []
    scaled: dict[str, list[str]] = {}
    for text in effects:
        match = _SCALED.match(text)
        if match:
            scaled.setdefault(match["scale"], []).append(match["what"])
        else:
            plain.append(text)
    parts = plain + [f"{scale}: {', '.join(whats)}" for scale, whats in scaled.items()]
    return "; ".join(parts) or "nothing"


# -- availability in words ----------------------------------------------------------------------

_OPS = {">=": "at least", "<=": "at most", ">": "above", "<": "below", "==": "", "!=": "not"}
_STANCES = {"strategy": "the overall strategy is", "air_focus": "the air war is aimed at",
            "air_intensity": "the air war is flown at", "ground": "the Russian ground forces are"}
_STANCE_NOUNS = {"strategy": "the overall strategy", "air_focus": "the air war's focus",
                 "air_intensity": "the air war's tempo", "ground": "the Russian ground role"}
_STANCE_OPTIONS = {"balanced": "both fronts", "rebels": "the rebels"}


def _verb(label: str) -> str:
    last = label.split()[-1]
    return "are" if last.endswith("s") and last not in ("progress", "ISIS") else "is"


def _compared(label: str, op: str, value: float, now: float | None, verb: str = "") -> str:
    words = _OPS.get(op, op)
    text = f"{label} {verb or _verb(label)} {words + ' ' if words else ''}{value:g}"
    return text + (f" (now {now:g})" if now is not None else "")


def _faction(faction: str) -> str:
    entry = FACTIONS.get(faction)
    return entry.short if entry else _words(faction)


def _place(place: str, ctx: EvalContext | None, places: Mapping[str, str] | None) -> str:
    if places and place in places:
        return places[place]
    board = getattr(ctx, "board", None)
    entry = getattr(board, "places", {}).get(place) if board is not None else None
    name = getattr(entry, "name", "")
    return name or _words(place).title()


def condition_words(condition: Condition, ctx: EvalContext | None = None, places: Mapping[str, str] | None = None,
                    stances: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A condition as a clause for the player ('the Astana talks have begun', 'Talks progress is at
    least 25 (now 12)'): names instead of ids, and what a value is now when ``ctx`` is given; place
    names and stance options' labels from ``places`` and ``stances`` (id -> label) when given.
    (``Condition.describe`` is what events quote, and stays as it is.)"""
    ctx_words = functools.partial(condition_words, ctx=ctx, places=places, stances=stances)
    k, a = condition.kind, condition.args
    if k == "always":
        return "always"
    if k == "all":
        return _and([ctx_words(c) for c in condition.children])
    if k == "any":
        return "either " + " or ".join(_both(ctx_words(c)) if c.kind == "all" else ctx_words(c)
                                       for c in condition.children)
    if k == "not":
        return f"it is not so that {ctx_words(condition.children[0])}"
    if k == "indicator":
        return _compared(_indicator(a[0]), a[1], a[2], ctx.value(a[0]) if ctx is not None else None)
    if k == "metric":
        words = METRIC_WORDS.get(a[0])
        if words is not None and words.kind == "switch" and (a[1], a[2]) in (("==", 1), (">", 0), (">=", 1)):
            return words.each
        if words is not None and words.kind == "switch" and (a[1], a[2]) in (("==", 0), ("<", 1), ("<=", 0)):
            return f"it is not so that {words.each}"
        now = ctx.metric(a[0]) if ctx is not None else None
        if words is not None and words.kind == "count" and (a[1], a[2]) in ((">", 0), (">=", 1)):
            return f"there is at least one {words.each}" + (f" (now {now:g})" if now is not None else "")
        label = words.label if words is not None else _words(a[0])
        return _compared(label, a[1], a[2], now, "is")  # a metric's label is one thing: a count, level or share
    if k == "turn":
        month = month_of_turn(int(a[1]))
        return {">=": f"it is {month} or later", ">": f"it is after {month}", "<": f"it is before {month}",
                "<=": f"it is {month} or earlier", "==": f"it is {month}"}.get(a[0], f"it is not {month}")
    if k == "stance" and stances and a[0] in stances:
        labels = " or ".join(f'"{stances[a[0]].get(o, _words(o))}"' for o in sorted(a[1]))
        return f"{_STANCE_NOUNS.get(a[0], _words(a[0]))} is {labels}"
    if k == "stance":
        options = " or ".join(_STANCE_OPTIONS.get(o, _faction(o) if o in FACTIONS else _words(o)) for o in sorted(a[1]))
        return f"{_STANCES.get(a[0], _words(a[0]) + ' is')} {options}"
    if k == "flag":
        words = FLAG_WORDS.get(a[0])
        if words is not None:
            return words.is_set if a[1] else words.not_set
        return _words(a[0]) if a[1] else f"not {_words(a[0])}"
    if k == "place":
        return f"{_place(a[0], ctx, places)} is held by {' or '.join(_faction(f) for f in sorted(a[1]))}"
    if k == "action":
        return f"Moscow has chosen {_words(a[0])}"
    if k == "chance":
        return f"a {a[0]:.0%} chance"
    return condition.describe()


def _both(text: str) -> str:
    """An 'all' inside an 'any': 'both a and b' keeps it together."""
    return text if " and " not in text else ("both " + text if text.count(" and ") == 1 and ", " not in text
                                              else "all of: " + text)


def _and(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def unmet_conditions(condition: Condition, ctx: EvalContext) -> list[Condition]:
    """The parts of an availability condition that do not hold now (the parts of an 'all' one by
    one; no dice: the loader keeps them out of availability conditions)."""
    if condition.kind == "all":
        return [part for child in condition.children for part in unmet_conditions(child, ctx)]
    return [] if condition.test(ctx) else [condition]


def action_available(action: Action, ctx: EvalContext, capital: int) -> bool:
    """Whether Moscow can take an action now: affordable and its conditions met (no dice rolled)."""
    return action.cost <= capital and action.available.test(ctx)  # the loader keeps dice out of these


def preview_action(action: Action, ctx: EvalContext, capital: int) -> ActionPreview:
    """Cost, availability, odds and effects of an action in the current situation (no dice rolled)."""
    reasons = []
    if action.cost > capital:
        reasons.append(f"needs {action.cost} political capital, {capital} left")
    if not action.available.test(ctx):  # the loader keeps dice out of availability conditions
        missing = unmet_conditions(action.available, ctx) or [action.available]
        reasons.append("only when " + _and([condition_words(c, ctx) for c in missing]))
    return ActionPreview(
        action.id, action.label, action.cost, not reasons, "; ".join(reasons),
        action.odds.probability(ctx.value(action.odds.indicator)),
        tuple(_described(e, ctx) for e in action.success), tuple(_described(e, ctx) for e in action.failure),
        action.claim, action.tradeoff,
    )


def check_orders(orders: MoscowOrders, ruleset: Ruleset, ctx: EvalContext, capital: int,
                 affordability: bool = True) -> list[str]:
    """Problems that make ``orders`` illegal now (empty when they are legal).

    With ``affordability=False`` (how the engine checks a turn's orders) an
    action the budget cannot cover is no error: the turn skips it and says so,
    as it does for an action that is not available.
    """
    problems = []
    for name in STANCE_FIELDS:
        option = getattr(orders, name)
        if option not in ruleset.stances[name]:
            known = ", ".join(ruleset.stances[name])
            problems.append(f"{name}: unknown option {option!r} (choose from {known})")
    seen = set()
    budget = capital
    for action_id in orders.actions:
        action = ruleset.actions.get(action_id)
        if action is None:
            problems.append(f"actions: unknown action {action_id!r} (choose from {', '.join(ruleset.actions)})")
            continue
        if action_id in seen:
            problems.append(f"actions: {action_id} is listed twice")
            continue
        seen.add(action_id)
        if affordability and action.cost > budget:
            problems.append(f"actions: {action_id} costs {action.cost} but only {budget} political capital is left")
            continue
        budget -= action.cost
    return problems
