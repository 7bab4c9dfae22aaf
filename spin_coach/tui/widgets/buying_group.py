"""The buying group: each person, their role, and what they have been asked at a glance (S2 P1 I0 N0)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...models import STAGE_LETTER, STAGES, Stakeholder
from ..keys import localize_bindings
from ..messages import StakeholderSelected


def coverage_line(counts: dict[str, int]) -> str:
    """``S2 P1 I0 N0``: questions asked per SPIN stage."""
    return " ".join(f"{STAGE_LETTER[s]}{counts.get(s, 0)}" for s in STAGES)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class BuyingGroup(OptionList):
    """People of the deal; highlighting one makes them the person the SPIN panel is about."""

    DEFAULT_CSS = """
    BuyingGroup {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        background: $surface;
        padding: 0;
    }
    BuyingGroup:focus {
        border: round $primary;
        border-title-color: $text;
    }
    """

    BINDINGS = [
        Binding("a", "screen.add_person", "tui.key.add_person", id="group.add"),
        Binding("e", "screen.edit_person", "tui.key.edit_person", id="group.edit"),
        Binding("x", "screen.remove_person", "tui.key.remove_person", id="group.remove"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        localize_bindings(self)
        self._people: list[Stakeholder] = []
        self._shown: tuple | None = None

    def show(self, people: list[Stakeholder], coverage: dict[str, dict[str, int]], labels: dict[str, str], key_ids: set[str], selected: str | None) -> None:
        """Fill the list: name (★ for people whose agreement the deal needs), role, and SPIN coverage."""
        self._shown = (people, coverage, labels, key_ids)
        self._people = list(people)
        options = []
        # One line each for name, job and coverage; cut, never wrapped, so the list reads as a table.
        width = max(12, (self.size.width or 30) - 4)
        for person in people:
            line = Text()
            line.append("★ " if person.id in key_ids else "  ", style="bold")
            line.append(_cut(person.name, width - 2), style="bold")
            line.append("\n  ")
            line.append(_cut(" · ".join(x for x in (person.title, labels.get(person.id, person.role)) if x), width - 2), style="dim")
            line.append("\n  ")
            line.append(coverage_line(coverage.get(person.id, {})))
            options.append(Option(line, id=person.id))
        highlighted = self.highlighted
        self.set_options(options)
        ids = [p.id for p in people]
        if selected in ids:
            self.highlighted = ids.index(selected)
        elif people:
            self.highlighted = min(highlighted or 0, len(people) - 1)
        self.border_title = self.app.t("tui.group.title", n=len(people))

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown, self.selected_id)

    @property
    def selected_id(self) -> str | None:
        if self.highlighted is None or not self._people:
            return None
        return self._people[self.highlighted].id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(StakeholderSelected(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter on a person: go ask them something.
        event.stop()
        self.screen.action_focus_questions()
