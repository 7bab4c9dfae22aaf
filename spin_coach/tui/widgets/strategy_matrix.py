"""The 3×3 client matrix: relationship strength across, client attractiveness up, the deal's cell lit."""

from __future__ import annotations

import textwrap
from typing import Callable

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...models import AccountScore, Attractiveness, Relationship
from ..keys import localize_bindings

RELATIONSHIPS: tuple[Relationship, ...] = ("weak", "medium", "strong")
ATTRACTIVENESS: tuple[Attractiveness, ...] = ("low", "medium", "high")

# How much the seller should invest, by attractiveness row: the matrix's own colour code.
_ROW_STYLE = {"high": "$success-muted", "medium": "$warning-muted", "low": "$error-muted"}
CELL_HEIGHT = 3


class StrategyMatrix(Widget, can_focus=True):
    """Arrow keys move the client to another cell; the screen saves the new score.

    The arrows are named under the matrix rather than in the footer, where four of them would crowd out the rest.
    """

    DEFAULT_CSS = """
    StrategyMatrix {
        height: auto;
        padding: 0 1;
    }
    StrategyMatrix:focus {
        background-tint: $foreground 4%;
    }
    """

    BINDINGS = [
        Binding("right", "move(1, 0)", "strategy.key.stronger", id="strategy.relationship_up", show=False),
        Binding("left", "move(-1, 0)", "strategy.key.weaker", id="strategy.relationship_down", show=False),
        Binding("up", "move(0, 1)", "strategy.key.more_attractive", id="strategy.attractiveness_up", show=False),
        Binding("down", "move(0, -1)", "strategy.key.less_attractive", id="strategy.attractiveness_down", show=False),
    ]

    score: reactive[AccountScore] = reactive(AccountScore, layout=True)

    class Moved(Message):
        """The seller moved the client to another cell."""

        def __init__(self, score: AccountScore) -> None:
            super().__init__()
            self.score = score

    def __init__(self, score: AccountScore, t: Callable[..., str], **kwargs) -> None:
        super().__init__(**kwargs)
        localize_bindings(self)
        self.t = t
        self.set_reactive(StrategyMatrix.score, score)

    def action_move(self, across: int, up: int) -> None:
        score = self.score
        r = RELATIONSHIPS.index(score.relationship) + across
        a = ATTRACTIVENESS.index(score.attractiveness) + up
        if not (0 <= r < 3 and 0 <= a < 3):
            return
        self.score = AccountScore(relationship=RELATIONSHIPS[r], attractiveness=ATTRACTIVENESS[a])
        self.post_message(self.Moved(self.score))

    def get_content_height(self, container, viewport, width: int) -> int:
        return 2 + 3 * CELL_HEIGHT + 1

    def _cell_lines(self, attractiveness: str, relationship: str, width: int) -> list[str]:
        """The cell's label wrapped to its width and centred in its height."""
        words = textwrap.wrap(self.t(f"strategy.cell.{attractiveness}.{relationship}"), width)[:CELL_HEIGHT]
        top = (CELL_HEIGHT - len(words)) // 2
        return [""] * top + words + [""] * (CELL_HEIGHT - top - len(words))

    def render(self) -> Content:
        t = self.t
        axis = max(len(t(f"strategy.level.attractiveness.{a}")) for a in ATTRACTIVENESS) + 1
        cell = max((self.content_region.width - axis) // 3 - 1, 8)
        chosen_style = "bold $text on $accent" if self.has_focus else "bold $text on $accent-muted"
        lines: list[Content] = [
            Content.assemble(" " * axis, (t("strategy.axis.relationship") + " →", "$text-muted")),
            Content.assemble(" " * axis, *((t(f"strategy.level.relationship.{r}").center(cell) + " ", "bold") for r in RELATIONSHIPS)),
        ]
        for attractiveness in reversed(ATTRACTIVENESS):
            cells = {r: self._cell_lines(attractiveness, r, cell - 2) for r in RELATIONSHIPS}
            middle = CELL_HEIGHT // 2
            for row in range(CELL_HEIGHT):
                label = t(f"strategy.level.attractiveness.{attractiveness}") if row == middle else ""
                parts: list = [(label.ljust(axis), "bold")]
                for relationship in RELATIONSHIPS:
                    text = cells[relationship][row].center(cell - 2)
                    if self.score.relationship == relationship and self.score.attractiveness == attractiveness:
                        left, right = ("▶", "◀") if row == middle else (" ", " ")
                        parts.append((left + text + right, chosen_style))
                    else:
                        parts.append((f" {text} ", f"$text on {_ROW_STYLE[attractiveness]}"))
                    parts.append(" ")
                lines.append(Content.assemble(*parts))
        lines.append(Content.assemble(" " * axis, (t("strategy.axis.keys"), "$text-muted")))
        return Content("\n").join(lines)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
