"""The problem definition as a tree: problems with their implications and need-payoffs as children.
Its keys edit in place; the work is done by the ProblemDefinitionPanel around it."""

from __future__ import annotations

from typing import Literal

from textual.binding import Binding
from textual.widgets import Tree

from ..keys import localize_bindings

# What a node stands for: the problem itself, or one of its implications or need-payoffs.
NodeKind = Literal["problem", "implication", "need_payoff"]
# Tree node data: (kind, problem id, the implication's or need-payoff's id, or None for the problem)
NodeRef = tuple[NodeKind, str, str | None]


class ProblemTree(Tree[NodeRef]):
    """Problems with their implications and need-payoffs as children."""

    DEFAULT_CSS = """
    ProblemTree {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0;
    }
    ProblemTree:focus {
        border: round $primary;
        border-title-color: $text;
    }
    """

    BINDINGS = [
        Binding("a", "add_problem", "tui.key.add_problem", id="problems.add"),
        Binding("i", "add_implication", "tui.key.add_implication", id="problems.implication"),
        Binding("n", "add_need_payoff", "tui.key.add_need_payoff", id="problems.need"),
        Binding("c", "confirm", "tui.key.confirm", id="problems.confirm"),
        Binding("e", "edit", "tui.key.edit", id="problems.edit"),
        Binding("x", "remove", "tui.key.remove", id="problems.remove"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        localize_bindings(self)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2

    def on_focus(self) -> None:
        # Arriving in the tree should land on something, not on an invisible cursor.
        if self.cursor_line < 0 and self.last_line >= 0:
            self.cursor_line = 0

    def selected(self) -> NodeRef | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_implication", "add_need_payoff", "confirm", "edit", "remove"):
            return self.selected() is not None
        return True

    def action_add_problem(self) -> None:
        self.query_ancestor("ProblemDefinitionPanel").add_problem()

    def action_add_implication(self) -> None:
        self.query_ancestor("ProblemDefinitionPanel").add_implication()

    def action_add_need_payoff(self) -> None:
        self.query_ancestor("ProblemDefinitionPanel").add_need_payoff()

    def action_confirm(self) -> None:
        self.query_ancestor("ProblemDefinitionPanel").toggle_confirmation()

    def action_edit(self) -> None:
        self.query_ancestor("ProblemDefinitionPanel").edit_selected()

    def action_remove(self) -> None:
        self.query_ancestor("ProblemDefinitionPanel").remove_selected()
