"""The coach's nudges: what to notice and what to do next. Enter on one goes to the person it is about."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..plain import visible


class NudgesPanel(OptionList):
    """Shows ``coach.nudges`` as they come, warnings first."""

    DEFAULT_CSS = """
    NudgesPanel {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        background: $surface;
    }
    NudgesPanel:focus {
        border: round $primary;
        border-title-color: $text;
    }
    """

    class GoTo(Message):
        """The seller wants to act on a nudge about this person or problem."""

        def __init__(self, stakeholder_id: str | None, problem_id: str | None) -> None:
            super().__init__()
            self.stakeholder_id = stakeholder_id
            self.problem_id = problem_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._nudges: list = []

    def show(self, nudges: list | None) -> None:
        t = self.app.t
        if nudges is None:
            self.set_options([Option(Content.styled(t("tui.nudges.loading"), "italic $text-muted"), disabled=True)])
            return
        self._nudges = list(nudges)
        highlighted = self.highlighted
        options = []
        for nudge in self._nudges:
            warn = nudge.severity == "warn"
            line = Content.assemble(
                ("⚠ ", "bold $warning") if warn else ("• ", "bold $text-muted"),
                (visible(nudge.message), "bold" if warn else ""),  # they name people: shown literally
                ("\n  → " + visible(nudge.action), "italic $text-muted"),
            )
            options.append(Option(line))
        if not options:
            options.append(Option(Content.styled(t("tui.nudges.none"), "italic $text-muted"), disabled=True))
        self.set_options(options)
        if highlighted is not None and self._nudges:
            self.highlighted = min(highlighted, len(self._nudges) - 1)
        self.border_title = t("tui.nudges.title", n=len(self._nudges))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._nudges):
            nudge = self._nudges[event.option_index]
            self.post_message(self.GoTo(nudge.stakeholder_id, nudge.problem_id))
