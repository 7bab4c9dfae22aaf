"""Who is in the meeting about to start: the one question before it starts.

Enter starts the meeting with the people ticked, even while the list (where Enter
would tick) has focus; Space ticks one person, ``a`` ticks everyone or no one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, SelectionList, Static

from ...models import Stakeholder
from ..plain import content
from .form import FormDialog


class AttendeesDialog(FormDialog):
    """Dismisses with the ids of the people ticked (possibly none), in buying-group order, or None when cancelled."""

    DEFAULT_CSS = """
    AttendeesDialog SelectionList {
        height: auto;
        max-height: 14;
    }
    AttendeesDialog #attendees-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("enter", "start", "meeting.key.start", id="attendees.start", priority=True),
        Binding("a", "all", "meeting.key.everyone", id="attendees.all"),
    ]

    def __init__(self, people: list[Stakeholder], ticked: list[str]) -> None:
        super().__init__()
        self.people = people
        self.ticked = set(ticked)

    save_key = "meeting.attendees.start"

    def heading(self) -> str:
        return self.app.t("meeting.attendees.title")

    def fields(self) -> ComposeResult:
        t = self.app.t
        yield self.label("meeting.attendees.who")
        if not self.people:
            yield Static(t("meeting.attendees.nobody"), id="attendees-hint")
            return
        yield SelectionList(
            *[(content(p.name + (f" · {p.title}" if p.title else "")), p.id, p.id in self.ticked) for p in self.people],
            id="attendees",
        )
        yield Label("")
        yield Static(t("meeting.attendees.hint"), id="attendees-hint")

    def on_mount(self) -> None:
        found = self.query("#attendees")
        if found:
            found.first().focus()

    def action_start(self) -> None:
        if self.focused is not None and self.focused.id == "cancel":
            self.action_cancel()
        else:
            self.action_save()

    def action_all(self) -> None:
        found = self.query("#attendees")
        if not found:
            return
        chooser = found.first(SelectionList)
        if len(chooser.selected) == chooser.option_count:
            chooser.deselect_all()
        else:
            chooser.select_all()

    def result(self) -> list[str]:
        found = self.query("#attendees")
        chosen = set(found.first(SelectionList).selected) if found else set()
        return [p.id for p in self.people if p.id in chosen]
