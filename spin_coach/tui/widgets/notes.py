"""The notes pane of a meeting: one input for the line being typed, and the earlier lines in a
log that draws only the rows on screen, so a key costs the same with 5 or 5,000 lines.

The lines themselves — the draft, edits, deletions, ``@name``, kinds and tags —
live in :class:`~spin_coach.meeting_notes.MeetingNotes`; the pane draws them,
forwards keys to it and reports what changed (:class:`NotesPane.Edited`); the
screen decides when to write them to the store.

Keys are applied in the order they were typed, even when a burst of them comes
in one read of the terminal: the input tells the pane of every change to its
text, and of Enter, while it handles the key (not in a message handled later),
and the screen runs its keys for a line through :meth:`NotesPane.in_order`.
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ...meeting_notes import MeetingNotes, Step
from ...models import LineKind, Note, Stage, Stakeholder
from ..keys import localize_bindings
from ..plain import SHOW_CONTROLS
from .note_log import NoteLog, clock
from .note_status import NoteStatus


class NoteInput(Input):
    """The input of the line being typed: it tells the pane of each change and of Enter at once."""

    def __init__(self, changed: Callable[[str], object], submitted: Callable[[], object], **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_change = changed
        self._on_submit = submitted

    def watch_value(self, value: str) -> None:
        self._on_change(value)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            # Now, not after the keys typed behind it have changed the text.
            event.stop()
            event.prevent_default()
            self._on_submit()


class NotesPane(Vertical):
    """Typing a meeting's notes: the log of earlier lines, the line being typed, and what it will be saved as."""

    DEFAULT_CSS = """
    NotesPane {
        height: 1fr;
    }
    NotesPane > #note-entry {
        height: 1;
        background: $boost;
    }
    NotesPane #note-prompt {
        width: 8;
        color: $text-muted;
        padding-left: 1;
    }
    NotesPane #note-input {
        width: 1fr;
        background: $boost;
    }
    NotesPane #note-input:focus {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding("up", "to_log", "meeting.key.earlier_lines", id="meeting.earlier_lines", show=False),
        Binding("escape", "cancel_edit", "meeting.key.cancel_edit", id="meeting.cancel_edit", show=False),
    ]

    class Edited(Message):
        """A line changed (text, speaker, kind or tag): it should be saved soon."""

    class Committed(Message):
        """The lines' tags, kinds or speakers, or their number, changed: counts and coaching may differ."""

    class SpeakerChanged(Message):
        """Who is speaking now changed (for new lines)."""

        def __init__(self, stakeholder_id: str | None) -> None:
            super().__init__()
            self.stakeholder_id = stakeholder_id

    class AttendeeJoined(Message):
        """Someone not on the invite was named with ``@``: they are now an attendee."""

        def __init__(self, person: Stakeholder) -> None:
            super().__init__()
            self.person = person

    def __init__(self, state: MeetingNotes, *, lang: str = "en", t: Callable[..., str] = lambda key, **kw: key, **kwargs) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, lang)
        self.state = state
        self.t = t
        self.unsaved_error: str | None = None

    def compose(self) -> ComposeResult:
        self.log_view = NoteLog(self.state.notes, self.t("meeting.notes.empty"), id="note-log")
        self.log_view.set_people({p.id: p.name for p in self.state.people})
        yield self.log_view
        with Horizontal(id="note-entry"):
            yield Static("  ›", id="note-prompt")
            self.input = NoteInput(
                self._typed,
                self._submitted,
                placeholder=self.t("meeting.notes.placeholder"),
                highlighter=SHOW_CONTROLS,  # an earlier line being edited may hold an escape: shown, never sent
                id="note-input",
                compact=True,
                select_on_focus=False,
            )
            yield self.input
        self.status = NoteStatus(self.t, id="note-status")
        yield self.status

    def on_mount(self) -> None:
        self.show_status()

    # ------------------------------------------------------------ what keys act on

    @property
    def notes(self) -> list[Note]:
        """The lines in the log."""
        return self.state.notes

    @property
    def attendees(self) -> list[Stakeholder]:
        return self.state.attendees

    def at(self) -> int | None:
        """The log line under the cursor, when the seller is in the log."""
        return self.log_view.cursor if self.log_view.has_focus and self.state.notes else None

    def target(self) -> Note | None:
        """The line a tag, kind, speaker or promotion applies to (see :meth:`MeetingNotes.target`)."""
        return self.state.target(self.at())

    def in_order(self, action: Callable[..., object], *args) -> None:
        """Run ``action`` once the keys typed before it have reached the focused widget.

        The screen's keys for a line are priority bindings, run as the app reads
        them; the letters before them may still wait in the input's queue.
        """
        focused = self.screen.focused
        (focused if focused is not None else self).call_later(action, *args)

    # ------------------------------------------------------------ changes to lines

    def apply(self, step: Step) -> Step:
        """Show what a step changed and tell the screen."""
        if step.unresolved is not None:
            token, matches = step.unresolved
            key = "meeting.mention.none" if not matches else "meeting.mention.several"
            self.app.notify(self.t(key, name=token, names=", ".join(p.name for p in matches)), severity="warning")
        if step.joined is not None:
            self.post_message(self.AttendeeJoined(step.joined))
        if step.speaker_changed:
            self.post_message(self.SpeakerChanged(self.state.speaker))
        if step.committed:
            self.log_view.cursor = len(self.state.notes) - 1
            self.log_view.lines_changed(follow=True)
        elif step.removed is not None:
            self.log_view.lines_changed(follow=False)
        elif step.line is not None and step.line is not self.state.draft:
            self._show_line(step.line)
        if step.edited:
            self.post_message(self.Edited())
        if step.counts:
            self.post_message(self.Committed())
        self.show_status()
        return step

    def _show_line(self, note: Note) -> None:
        try:
            self.log_view.show_line(self.state.notes.index(note))
        except ValueError:
            pass

    def redraw(self, note: Note) -> None:
        """A line changed outside the pane (promoted): draw it again."""
        self._show_line(note)
        self.show_status()

    def set_stage(self, stage: Stage) -> Step:
        return self.apply(self.state.set_stage(stage, self.at()))

    def cycle_stage(self) -> Step:
        return self.apply(self.state.cycle_stage(self.at()))

    def mark_kind(self, kind: LineKind) -> Step:
        return self.apply(self.state.mark_kind(kind, self.at()))

    def next_speaker(self) -> Step:
        return self.apply(self.state.next_speaker(self.at()))

    def _typed(self, value: str) -> None:
        state = self.state
        had_draft = state.draft is not None
        step = state.type(value)
        if had_draft != (state.draft is not None):
            self._show_prompt()
        if step.edited:
            self.post_message(self.Edited())
        if step.counts:
            self.post_message(self.Committed())
        if step.line is not None and step.line is state.editing:
            self._show_line(step.line)
        if self.is_mounted:
            self.show_status()

    def _submitted(self) -> None:
        if self.state.editing is not None:
            self.finish_edit()
        else:
            self.commit()

    def commit(self) -> Note | None:
        """Finish the line being typed: it joins the log. ``@name`` at its start says who said it."""
        step = self.apply(self.state.commit())
        self._clear_input()
        return step.line if step.committed else None

    def _clear_input(self) -> None:
        self.input.value = ""
        self._show_prompt()
        self.show_status()

    def _show_prompt(self) -> None:
        state = self.state
        if state.editing is not None:
            prompt = clock(state.editing.at) + " ✎"
        elif state.draft is not None:
            prompt = clock(state.draft.at) + " ›"
        else:
            prompt = "  ›"
        self.query_one("#note-prompt", Static).update(prompt)

    # ------------------------------------------------------------ editing earlier lines

    def action_to_log(self) -> None:
        if self.state.notes and self.state.editing is None:
            self.log_view.move_cursor(len(self.state.notes) - 1)
            self.log_view.focus()

    def on_note_log_left(self, event: NoteLog.Left) -> None:
        event.stop()
        self.input.focus()

    def on_note_log_edit_requested(self, event: NoteLog.EditRequested) -> None:
        event.stop()
        self.edit(event.index)

    def edit(self, index: int) -> None:
        """Load an earlier line into the input; Enter keeps the change, Escape undoes it."""
        step = self.state.edit(index)
        if self.state.editing is None:
            self.apply(step)
            return
        if step.removed is not None:
            self.log_view.lines_changed(follow=False)
        note = self.state.editing
        self.log_view.marked = note
        self._show_line(note)
        self.input.value = note.text
        self.input.cursor_position = len(note.text)
        self._show_prompt()
        self.input.focus()
        self.apply(step)

    def finish_edit(self) -> None:
        note = self.state.editing
        step = self.state.finish_edit()
        self._restore_draft(note)
        self.apply(step)

    def action_cancel_edit(self) -> None:
        note = self.state.editing
        if note is None:
            return
        step = self.state.cancel_edit()
        self._restore_draft(note)
        self.apply(step)

    def _restore_draft(self, edited: Note | None) -> None:
        self.log_view.marked = None
        self.log_view.refresh()
        typed = self.state.typed
        self.input.value = typed
        self.input.cursor_position = len(typed)
        self._show_prompt()
        if edited is not None:
            self._show_line(edited)

    # ------------------------------------------------------------ saving, as the screen asks

    def saved(self, ok: bool, error: str | None = None) -> None:
        """Show whether the lines on screen are in the database."""
        if ok and self.unsaved_error is None:
            return
        self.unsaved_error = None if ok else (error or "")
        self.show_status()

    # ------------------------------------------------------------ the status line

    def show_status(self) -> None:
        """Say what the line being typed (or edited) will be saved as."""
        if self.unsaved_error is not None:
            self.status.unsaved(self.unsaved_error)
            return
        preview = self.state.preview(self.input.value)
        self.status.line(
            self.state.name_of(preview.stakeholder_id), preview.stage, preview.kind, editing=preview.editing, mention=preview.mention
        )


__all__ = ["NoteInput", "NotesPane"]
