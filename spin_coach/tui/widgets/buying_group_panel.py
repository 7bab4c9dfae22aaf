"""The buying group: each stakeholder, their role, and what they have been asked at a glance (S2 P1 I0 N0)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...models import STAGE_LETTER, STAGES, Stakeholder
from ..keys import localize_bindings
from ..messages import StakeholderSelected
from ..plain import PlainText as Text  # client text: control characters shown, never markup


def coverage_line(counts: dict[str, int]) -> str:
    """``S2 P1 I0 N0``: questions asked per SPIN stage."""
    return " ".join(f"{STAGE_LETTER[s]}{counts.get(s, 0)}" for s in STAGES)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class BuyingGroupPanel(OptionList):
    """The deal's stakeholders; highlighting one makes them the one the SPIN panel is about."""

    DEFAULT_CSS = """
    BuyingGroupPanel {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        background: $surface;
        padding: 0;
    }
    BuyingGroupPanel:focus {
        border: round $primary;
        border-title-color: $text;
    }
    """

    BINDINGS = [
        Binding("a", "screen.add_stakeholder", "tui.key.add_person", id="group.add"),
        Binding("e", "screen.edit_stakeholder", "tui.key.edit_person", id="group.edit"),
        Binding("x", "screen.remove_stakeholder", "tui.key.remove_person", id="group.remove"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        localize_bindings(self)
        self._stakeholders: list[Stakeholder] = []
        self._shown: tuple | None = None

    def show(
        self, stakeholders: list[Stakeholder], coverage: dict[str, dict[str, int]], labels: dict[str, str], key_ids: set[str], selected: str | None
    ) -> None:
        """Fill the list: name (★ for those whose agreement the deal needs), role, and SPIN coverage."""
        self._shown = (stakeholders, coverage, labels, key_ids)
        self._stakeholders = list(stakeholders)
        options = []
        # One line each for name, job and coverage; cut, never wrapped, so the list reads as a table.
        width = max(12, (self.size.width or 30) - 4)
        for stakeholder in stakeholders:
            line = Text()
            line.append("★ " if stakeholder.id in key_ids else "  ", style="bold")
            line.append(_cut(stakeholder.name, width - 2), style="bold")
            line.append("\n  ")
            line.append(_cut(" · ".join(x for x in (stakeholder.title, labels.get(stakeholder.id, stakeholder.role)) if x), width - 2), style="dim")
            line.append("\n  ")
            line.append(coverage_line(coverage.get(stakeholder.id, {})))
            options.append(Option(line, id=stakeholder.id))
        highlighted = self.highlighted
        self.set_options(options)
        ids = [s.id for s in stakeholders]
        if selected in ids:
            self.highlighted = ids.index(selected)
        elif stakeholders:
            self.highlighted = min(highlighted or 0, len(stakeholders) - 1)
        self.border_title = self.app.t("tui.group.title", n=len(stakeholders))

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown, self.selected_id)

    @property
    def selected_id(self) -> str | None:
        if self.highlighted is None or not self._stakeholders:
            return None
        return self._stakeholders[self.highlighted].id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(StakeholderSelected(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter on a stakeholder: go ask them something.
        event.stop()
        self.screen.action_focus_questions()
