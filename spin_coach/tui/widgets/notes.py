"""The notes pane of a meeting: one input for the line being typed, and the earlier lines in a
log that draws only the rows on screen, so a key costs the same with 5 or 5,000 lines.

Every line is a :class:`~spin_coach.models.Note`, the line being typed included: it
becomes a draft note on its first key and is saved like the others, so nothing
typed waits for Enter to be kept. The pane only changes notes and reports it
(:class:`NotesPane.Edited`); the screen decides when to write them to the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ...mentions import leading_mention, match_people
from ...models import Note, Stage, Stakeholder, now
from ..keys import localize_bindings
from .note_log import NoteLog, clock
from .note_status import NoteStatus


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
        """A line changed (text, speaker or tag): it should be saved soon."""

    class Committed(Message):
        """The lines' tags or speakers, or their number, changed: counts and coaching may differ."""

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

    def __init__(
        self,
        deal_id: str,
        meeting_id: str,
        notes: list[Note],
        attendees: list[Stakeholder],
        others: list[Stakeholder] = (),
        *,
        lang: str = "en",
        t: Callable[..., str] = lambda key, **kw: key,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        localize_bindings(self, lang)
        self.deal_id = deal_id
        self.meeting_id = meeting_id
        self.notes = notes
        self.attendees = list(attendees)
        self.others = list(others)
        self.t = t
        self.draft: Note | None = None
        self.editing: Note | None = None
        self._before_edit: tuple[str, str | None, Stage | None] | None = None
        self._stashed_text = ""
        self.speaker: str | None = None
        self._dirty: dict[str, Note] = {}
        self._deleted: set[str] = set()
        self.unsaved_error: str | None = None
        self.clock: Callable[[], datetime] = now

    def compose(self) -> ComposeResult:
        self.log_view = NoteLog(self.notes, self.t("meeting.notes.empty"), id="note-log")
        self.log_view.set_people({p.id: p.name for p in self.people})
        yield self.log_view
        with Horizontal(id="note-entry"):
            yield Static("  ›", id="note-prompt")
            self.input = Input(placeholder=self.t("meeting.notes.placeholder"), id="note-input", compact=True, select_on_focus=False)
            yield self.input
        self.status = NoteStatus(self.t, id="note-status")
        yield self.status

    def on_mount(self) -> None:
        self.show_status()

    # ------------------------------------------------------------ people

    @property
    def people(self) -> list[Stakeholder]:
        return self.attendees + self.others

    def person(self, stakeholder_id: str | None) -> Stakeholder | None:
        return next((p for p in self.people if p.id == stakeholder_id), None)

    def speaker_label(self, stakeholder_id: str | None) -> str:
        person = self.person(stakeholder_id)
        return person.name if person else ""

    def find(self, token: str) -> list[Stakeholder]:
        """Whom ``@token`` names: attendees first, then the rest of the buying group."""
        return match_people(token, self.attendees) or match_people(token, self.others)

    def add_attendee(self, person: Stakeholder) -> None:
        """Someone who was not on the invite spoke: they join the meeting's attendees."""
        self.others = [p for p in self.others if p.id != person.id]
        self.attendees.append(person)

    # ------------------------------------------------------------ what keys act on

    def target(self) -> Note | None:
        """The line a tag, speaker or promotion applies to.

        The line under the log's cursor when the log has focus; else the line being
        typed or edited; else, with an empty input, the line just finished.
        """
        if self.log_view.has_focus and self.notes:
            return self.notes[self.log_view.cursor]
        if self.editing is not None:
            return self.editing
        if self.draft is not None and self.draft.text.strip():
            return self.draft
        return self.notes[-1] if self.notes else None

    def all_notes(self) -> list[Note]:
        """Every line of the meeting, the one being typed included."""
        return self.notes + [self.draft] if self.draft is not None and self.draft.text.strip() else list(self.notes)

    # ------------------------------------------------------------ changes to lines

    def _changed(self, note: Note, *, counts: bool = False) -> None:
        if note.text.strip() or note is self.draft:
            self._dirty[note.id] = note
        self.post_message(self.Edited())
        if counts:
            self.post_message(self.Committed())
        self._redraw(note)

    def _redraw(self, note: Note) -> None:
        if note is self.draft or note is self.editing:
            self.show_status()
        if note is not self.draft:
            try:
                self.log_view.show_line(self.notes.index(note))
            except ValueError:
                pass

    def set_stage(self, stage: Stage) -> Note | None:
        """Tag the target line with ``stage``; tagging it again with the same stage clears the tag."""
        note = self.target()
        if note is None:
            return None
        self.tag_note(note, None if note.stage == stage else stage)
        return note

    def tag_note(self, note: Note, stage: Stage | None) -> None:
        note.stage = stage
        self._changed(note, counts=True)

    def cycle_stage(self) -> Note | None:
        note = self.target()
        if note is None:
            return None
        order: list[Stage | None] = [None, "situation", "problem", "implication", "need_payoff"]
        note.stage = order[(order.index(note.stage) + 1) % len(order)]
        self._changed(note, counts=True)
        return note

    def set_speaker(self, stakeholder_id: str | None) -> None:
        """Who said the target line. On the line being typed (or with nothing typed) it also
        becomes who is speaking now, so the next lines are theirs too."""
        log_line = self.log_view.has_focus and self.notes
        if log_line or self.editing is not None:
            note = self.target()
            if note is not None:
                note.stakeholder_id = stakeholder_id
                self._changed(note, counts=True)
            return
        self.speaker = stakeholder_id
        self.post_message(self.SpeakerChanged(stakeholder_id))
        if self.draft is not None:
            self.draft.stakeholder_id = stakeholder_id
            self._changed(self.draft, counts=True)
        self.show_status()

    def next_speaker(self) -> None:
        """Cycle through the attendees (and nobody) for the target line."""
        order = [None, *(p.id for p in self.attendees)]
        note = self.target() if (self.log_view.has_focus or self.editing is not None) else None
        current = note.stakeholder_id if note is not None else self.speaker
        position = order.index(current) if current in order else 0
        self.set_speaker(order[(position + 1) % len(order)])

    @on(Input.Changed, "#note-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        value = event.value
        note = self.editing if self.editing is not None else self.draft
        if note is None:
            if not value:
                return
            note = self.draft = Note(
                deal_id=self.deal_id, meeting_id=self.meeting_id, at=self.clock(), text=value, stakeholder_id=self.speaker
            )
            self.query_one("#note-prompt", Static).update(clock(note.at) + " ›")
        elif note.text == value:
            return
        else:
            note.text = value
        if note is self.draft and not value:
            # Everything typed was erased: the draft goes, from the store too if it got there.
            self._forget_draft()
            return
        self._dirty[note.id] = note
        self.post_message(self.Edited())
        if value.lstrip().startswith("@") or self.status.kind == "hint":
            self.show_status()
        if note is self.editing:
            self.log_view.show_line(self.notes.index(note))

    def _forget_draft(self) -> None:
        draft = self.draft
        self.draft = None
        if draft is not None:
            self._dirty.pop(draft.id, None)
            self._deleted.add(draft.id)
            self.post_message(self.Edited())
        self.query_one("#note-prompt", Static).update("  ›")
        self.show_status()

    @on(Input.Submitted, "#note-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is not None:
            self.finish_edit()
        else:
            self.commit()

    def commit(self) -> Note | None:
        """Finish the line being typed: it joins the log. ``@name`` at its start says who said it."""
        draft = self.draft
        if draft is None:
            return None
        text = self._attributed(draft, self.input.value.strip())
        if text is None:
            # "@name" alone: who speaks now changed, there is no line to keep.
            self._forget_draft()
            self._clear_input()
            return None
        draft.text = text
        self.draft = None
        self.notes.append(draft)
        self._dirty[draft.id] = draft
        self.log_view.cursor = len(self.notes) - 1
        self.log_view.lines_changed(follow=True)
        self._clear_input()
        self.post_message(self.Edited())
        self.post_message(self.Committed())
        return draft

    def _attributed(self, note: Note, text: str) -> str | None:
        """Apply a leading ``@name`` to ``note``; the text without it (None if nothing is left)."""
        mention = leading_mention(text)
        if mention is None:
            return text
        token, rest = mention
        matches = self.find(token)
        if len(matches) != 1:
            key = "meeting.mention.none" if not matches else "meeting.mention.several"
            self.app.notify(self.t(key, name=token, names=", ".join(p.name for p in matches)), severity="warning")
            return text
        person = matches[0]
        if person in self.others:
            self.add_attendee(person)
            self.post_message(self.AttendeeJoined(person))
        note.stakeholder_id = person.id
        if self.speaker != person.id:
            self.speaker = person.id
            self.post_message(self.SpeakerChanged(person.id))
        return rest.strip() or None

    def _clear_input(self) -> None:
        self.input.value = ""
        self.query_one("#note-prompt", Static).update("  ›")
        self.show_status()

    # ------------------------------------------------------------ editing earlier lines

    def action_to_log(self) -> None:
        if self.notes and self.editing is None:
            self.log_view.move_cursor(len(self.notes) - 1)
            self.log_view.focus()

    @on(NoteLog.Left)
    def _left_log(self, event: NoteLog.Left) -> None:
        event.stop()
        self.input.focus()

    @on(NoteLog.EditRequested)
    def _edit_requested(self, event: NoteLog.EditRequested) -> None:
        event.stop()
        self.edit(event.index)

    def edit(self, index: int) -> None:
        """Load an earlier line into the input; Enter keeps the change, Escape undoes it."""
        if self.editing is not None:
            self.finish_edit()
        note = self.notes[index]
        self.editing = note
        self._before_edit = (note.text, note.stakeholder_id, note.stage)
        self._stashed_text = self.input.value
        self.log_view.marked = note
        self.log_view.show_line(index)
        self.input.value = note.text
        self.input.cursor_position = len(note.text)
        self.query_one("#note-prompt", Static).update(clock(note.at) + " ✎")
        self.input.focus()
        self.show_status()

    def finish_edit(self) -> None:
        note = self.editing
        if note is None:
            return
        text = self._attributed(note, self.input.value.strip())
        self.editing = None
        self._before_edit = None
        if text is None:
            # An edited line emptied out is removed.
            index = self.notes.index(note)
            self.notes.pop(index)
            self._dirty.pop(note.id, None)
            self._deleted.add(note.id)
            self.log_view.lines_changed(follow=False)
        else:
            note.text = text
            self._dirty[note.id] = note
            self.log_view.show_line(self.notes.index(note))
        self._restore_draft()
        self.post_message(self.Edited())
        self.post_message(self.Committed())

    def action_cancel_edit(self) -> None:
        note = self.editing
        if note is None:
            return
        note.text, note.stakeholder_id, note.stage = self._before_edit
        self.editing = None
        self._before_edit = None
        self._dirty[note.id] = note
        self.log_view.show_line(self.notes.index(note))
        self._restore_draft()
        self.post_message(self.Edited())
        self.post_message(self.Committed())

    def _restore_draft(self) -> None:
        self.log_view.marked = None
        self.log_view.refresh()
        self.input.value = self._stashed_text
        self.input.cursor_position = len(self._stashed_text)
        self._stashed_text = ""
        prompt = clock(self.draft.at) + " ›" if self.draft is not None else "  ›"
        self.query_one("#note-prompt", Static).update(prompt)
        self.show_status()

    # ------------------------------------------------------------ saving, as the screen asks

    def take_changes(self) -> tuple[list[Note], list[str]]:
        """The lines to write and the line ids to delete since the last call."""
        notes = [n for n in self._dirty.values() if n.text.strip()]
        deleted = list(self._deleted)
        self._dirty.clear()
        self._deleted.clear()
        return notes, deleted

    def give_back(self, notes: list[Note], deleted: list[str]) -> None:
        """A save failed: keep these changes for the next try."""
        for note in notes:
            self._dirty.setdefault(note.id, note)
        self._deleted.update(d for d in deleted if d not in self._dirty)

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
        note = self.editing or self.draft
        text = self.input.value.lstrip() if self.is_mounted else ""
        mention = leading_mention(text) if text.startswith("@") else None
        found = (mention[0], self.find(mention[0])) if mention else None
        speaker_id = note.stakeholder_id if note is not None else self.speaker
        self.status.line(self.speaker_label(speaker_id), note.stage if note else None, editing=self.editing is not None, mention=found)
