"""How many questions of each SPIN stage a meeting has had so far, as counts and bars."""

from __future__ import annotations

from typing import Mapping

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...models import STAGE_LETTER, STAGES, Stage

_STAGE_STYLE = {
    "situation": "$text-muted bold",
    "problem": "$text-warning bold",
    "implication": "$text-error bold",
    "need_payoff": "$text-success bold",
}


class StageCounter(Widget):
    """Situation, Problem, Implication, Need-payoff: one line each, with the count and a bar."""

    DEFAULT_CSS = """
    StageCounter {
        height: auto;
        padding: 0 1;
    }
    """

    counts: reactive[dict[Stage, int]] = reactive(dict, layout=False)

    def __init__(self, labels: Mapping[Stage, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels = dict(labels)

    def render(self) -> Content:
        counts = self.counts
        label_width = max(len(v) for v in self.labels.values())
        top = max([*counts.values(), 1])
        number_width = max(len(str(top)), 2)
        room = max(self.content_region.width - label_width - number_width - 5, 0)
        lines = []
        for stage in STAGES:
            n = counts.get(stage, 0)
            bar = "▇" * round(room * n / top) if n else ""
            lines.append(
                Content.assemble(
                    (STAGE_LETTER[stage], _STAGE_STYLE[stage]),
                    " ",
                    self.labels[stage].ljust(label_width),
                    " ",
                    (str(n).rjust(number_width), "bold" if n else "$text-muted"),
                    " ",
                    (bar, _STAGE_STYLE[stage]),
                )
            )
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(STAGES)

    def update_counts(self, counts: Mapping[Stage, int]) -> None:
        """Show new counts (only redraws when they changed)."""
        new = {stage: counts.get(stage, 0) for stage in STAGES}
        if new != self.counts:
            self.counts = new
