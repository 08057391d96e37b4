"""Moscow's menu: checking orders (separately from applying them) and previewing options."""
from __future__ import annotations

from dataclasses import dataclass

from wargame.orders import STANCE_FIELDS, MoscowOrders
from wargame.rules.loader import Action, Ruleset
from wargame.rules.vocabulary import EvalContext


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
    """One effect in plain words, e.g. 'talks_progress +12'."""
    if effect.kind == "add":
        amount = f"{effect.low:+g} to {effect.high:+g}" if effect.low is not None else f"{effect.value:+g}"
        per = f" per {effect.per}" if effect.per else ""
        return f"{effect.target} {amount}{per}"
    if effect.kind == "flag":
        return f"sets {effect.target}"
    if effect.kind == "unflag":
        return f"clears {effect.target}"
    if effect.kind == "evacuate":
        return f"the most populous besieged {effect.target} pocket is evacuated to Idlib"
    if effect.kind == "end":
        return f"ends the game ({effect.target})"
    return f"{effect.kind} {effect.target} {effect.value:+g}"


def _described(effect, ctx: EvalContext) -> str:
    """An effect in words, with the current value of what it scales by (a window's size now)."""
    text = describe_effect(effect)
    if effect.kind == "add" and effect.per:
        from wargame.metrics import METRICS

        now = ctx.metric(effect.per) if effect.per in METRICS else ctx.value(effect.per)
        text += f" (now {now:g})"
    return text


def action_available(action: Action, ctx: EvalContext, capital: int) -> bool:
    """Whether Moscow can take an action now: affordable and its conditions met (no dice rolled)."""
    return action.cost <= capital and action.available.test(ctx)  # the loader keeps dice out of these


def preview_action(action: Action, ctx: EvalContext, capital: int) -> ActionPreview:
    """Cost, availability, odds and effects of an action in the current situation (no dice rolled)."""
    reasons = []
    if action.cost > capital:
        reasons.append(f"needs {action.cost} political capital, {capital} left")
    if not action.available.test(ctx):  # the loader keeps dice out of availability conditions
        reasons.append(f"only when {action.available.describe()}")
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
