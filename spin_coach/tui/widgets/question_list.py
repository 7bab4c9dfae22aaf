"""The questions of one SPIN stage for one person, marked ✓ asked, ★ the coach's pick, ↳ a follow-up."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from ..keys import localize_bindings

# The option that starts a question of the seller's own.
OWN = "own"


class QuestionList(OptionList):
    """The questions of one stage; Enter goes to the answer box."""

    DEFAULT_CSS = """
    QuestionList {
        height: 1fr;
        min-height: 4;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        background: $surface;
    }
    QuestionList:focus {
        border: round $primary;
        border-title-color: $text;
    }
    """

    BINDINGS = [Binding("o", "own_question", "tui.key.own_question", id="questions.own")]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        localize_bindings(self)

    def action_own_question(self) -> None:
        panel = self.query_ancestor("SpinPanel")
        panel.highlight(OWN)
        panel.query_one("#own-question").focus()
