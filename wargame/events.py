"""Turn events: every change in the game, with the rule, the numbers and the dice behind it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """One explained happening of a turn."""

    phase: str                      # events, moscow, actors, operations, sieges, consequences, end
    rule: str                       # id of the rule, event, action, bot rule or operation
    claim: str                      # C1-C13 or ""
    text: str                       # a plain-English sentence
    inputs: dict[str, Any] = field(default_factory=dict)
    dice: tuple[dict, ...] = ()
    cells: tuple[int, ...] = ()     # cells that changed hands because of it
    changes: dict[str, float] = field(default_factory=dict)  # indicator -> delta

    def to_json(self, full: bool = True) -> dict[str, Any]:
        """Plain data; ``full=False`` keeps only rule, claim and text."""
        out: dict[str, Any] = {"rule": self.rule, "claim": self.claim, "text": self.text}
        if full:
            out.update(phase=self.phase, inputs=self.inputs, dice=list(self.dice), cells=list(self.cells),
                       changes={k: round(v, 3) for k, v in self.changes.items()})
        return out
