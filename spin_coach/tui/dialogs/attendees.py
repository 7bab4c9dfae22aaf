"""Who is in the meeting about to start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import SelectionList

from ...models import Stakeholder
from .form import FormDialog


class AttendeesDialog(FormDialog):
    """Dismisses with the ids of the people ticked (possibly none) or None when cancelled."""

    DEFAULT_CSS = """
    AttendeesDialog SelectionList {
        height: auto;
        max-height: 14;
    }
    """

    def __init__(self, people: list[Stakeholder], ticked: list[str]) -> None:
        super().__init__()
        self.people = people
        self.ticked = set(ticked)

    def heading(self) -> str:
        return self.app.t("tui.attendees.title")

    def fields(self) -> ComposeResult:
        yield self.label("tui.attendees.who")
        yield SelectionList(*[(p.name + (f" · {p.title}" if p.title else ""), p.id, p.id in self.ticked) for p in self.people], id="attendees")

    def on_mount(self) -> None:
        self.query_one("#attendees", SelectionList).focus()

    def result(self) -> list[str]:
        chosen = set(self.query_one("#attendees", SelectionList).selected)
        return [p.id for p in self.people if p.id in chosen]
