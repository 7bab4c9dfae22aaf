"""The lines of a meeting as the seller types them: a plain state machine, no Textual.

Every line is a :class:`~spin_coach.models.Note`, the one being typed included:
it becomes a *draft* on its first key and is saved like the others, so nothing
typed waits for Enter to be kept. Enter *commits* the draft into the log; an
earlier line can be *edited* (and the edit kept or cancelled); a line emptied
out is deleted. ``@name`` at the start of a line says who said it.

Each line has a kind (:data:`~spin_coach.models.LineKind`). Unless the seller
marked it, the kind is read from the line (:func:`~spin_coach.models.line_kind`:
attributed → ``said``, ends with "?" → ``question``, else ``note``) and follows
the line as its text or speaker changes; a marked kind stays put.

Methods that change something return a :class:`Step` saying what changed, for
whoever draws the lines. What to write to the store is collected until
:meth:`MeetingNotes.take_changes`; a failed write gives it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, NamedTuple, Sequence

from .mentions import leading_mention, match_people
from .models import STAGES, LineKind, Note, Stage, Stakeholder, line_kind, now

__all__ = ["MeetingNotes", "Preview", "Step", "Unresolved"]


class Unresolved(NamedTuple):
    """``@token`` that named nobody, or several people (``matches``)."""

    token: str
    matches: tuple[Stakeholder, ...]


@dataclass
class Step:
    """What one step of the seller changed.

    ``line`` is the line acted on (None: there was none). ``edited``: something is
    to be saved. ``counts``: tags, kinds, speakers or the number of lines changed,
    so counts and coaching may differ. ``committed``: ``line`` joined the log;
    ``removed``: the line at that index left it. ``speaker_changed``: who speaks
    now changed. ``joined``: someone not invited was named and is now an attendee.
    ``unresolved``: a ``@name`` that could not be applied.
    """

    line: Note | None = None
    edited: bool = False
    counts: bool = False
    committed: bool = False
    removed: int | None = None
    speaker_changed: bool = False
    joined: Stakeholder | None = None
    unresolved: Unresolved | None = None


class Preview(NamedTuple):
    """What the line being typed (or edited) would be saved as, ``@name`` applied."""

    stakeholder_id: str | None
    stage: Stage | None
    kind: LineKind | None  # None: nothing is being typed
    editing: bool
    mention: tuple[str, list[Stakeholder]] | None  # while "@token" is typed: whom it finds


class _Before(NamedTuple):
    text: str
    stakeholder_id: str | None
    stage: Stage | None
    kind: LineKind
    mark: LineKind | None


class MeetingNotes:
    """The lines of one meeting: those in the log, the one being typed, the one being edited.

    ``notes`` is the log, in order (the list is kept, so a view may hold it).
    ``speaker`` is who is speaking now: new lines are theirs.
    """

    def __init__(
        self,
        deal_id: str,
        meeting_id: str,
        notes: list[Note],
        attendees: Sequence[Stakeholder],
        others: Sequence[Stakeholder] = (),
        *,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.deal_id = deal_id
        self.meeting_id = meeting_id
        self.notes = notes
        self.attendees = list(attendees)
        self.others = list(others)
        self.clock = clock
        self.draft: Note | None = None
        self.editing: Note | None = None
        self.speaker: str | None = None
        self._before: _Before | None = None
        # The kinds the seller chose, by line id; a stored kind other than the default was chosen.
        self._marks: dict[str, LineKind] = {n.id: n.kind for n in notes if n.kind != line_kind(n.text, n.stakeholder_id)}
        self._dirty: dict[str, Note] = {}
        self._deleted: set[str] = set()

    # ------------------------------------------------------------ people

    @property
    def people(self) -> list[Stakeholder]:
        return self.attendees + self.others

    def person(self, stakeholder_id: str | None) -> Stakeholder | None:
        return next((p for p in self.people if p.id == stakeholder_id), None)

    def name_of(self, stakeholder_id: str | None) -> str:
        person = self.person(stakeholder_id)
        return person.name if person else ""

    def find(self, token: str) -> list[Stakeholder]:
        """Whom ``@token`` names: attendees first, then the rest of the buying group."""
        return match_people(token, self.attendees) or match_people(token, self.others)

    # ------------------------------------------------------------ what a key acts on

    def target(self, at: int | None = None) -> Note | None:
        """The line a tag, kind, speaker or promotion applies to.

        Line ``at`` of the log when the seller is in the log; else the line being
        edited or typed; else, with nothing typed, the line just finished.
        """
        if at is not None and self.notes:
            return self.notes[at]
        if self.editing is not None:
            return self.editing
        if self.draft is not None and self.draft.text.strip():
            return self.draft
        return self.notes[-1] if self.notes else None

    def all_notes(self) -> list[Note]:
        """Every line of the meeting, the one being typed included."""
        return self.notes + [self.draft] if self.draft is not None and self.draft.text.strip() else list(self.notes)

    # ------------------------------------------------------------ typing

    def type(self, value: str) -> Step:
        """The input now holds ``value``: it is the line being edited, or the draft."""
        note = self.editing if self.editing is not None else self.draft
        if note is None:
            if not value:
                return Step()
            note = self.draft = Note(deal_id=self.deal_id, meeting_id=self.meeting_id, at=self.clock(), text=value, stakeholder_id=self.speaker)
            self._dirty[note.id] = note
            return Step(note, edited=True)
        if note.text == value:
            return Step()
        if note is self.draft and not value:
            # Everything typed was erased: the draft goes, from the store too if it got there.
            return self._forget_draft()
        note.text = value
        kind = note.kind
        self._follow(note)
        self._dirty[note.id] = note
        return Step(note, edited=True, counts=kind != note.kind and note.stage is not None)

    def _forget_draft(self) -> Step:
        draft, self.draft = self.draft, None
        if draft is None:
            return Step()
        self._dirty.pop(draft.id, None)
        self._marks.pop(draft.id, None)
        self._deleted.add(draft.id)
        return Step(edited=True, counts=True)

    def commit(self) -> Step:
        """Finish the line being typed: it joins the log. ``@name`` at its start says who said it."""
        draft = self.draft
        if draft is None:
            return Step()
        step = self._attribute(draft, draft.text.strip())
        if step.line is None:
            # "@name" alone: who speaks now changed, there is no line to keep.
            forgot = self._forget_draft()
            step.edited, step.counts = forgot.edited, True
            return step
        self.draft = None
        self.notes.append(draft)
        self._dirty[draft.id] = draft
        step.edited = step.counts = step.committed = True
        return step

    def _attribute(self, note: Note, text: str) -> Step:
        """Apply a leading ``@name`` to ``note``; ``Step.line`` is None when no text is left.

        The note's text becomes ``text`` without the mention; a mention that names
        nobody or several people is left in the text and reported.
        """
        step = Step(note)
        mention = leading_mention(text)
        if mention is not None:
            token, rest = mention
            matches = self.find(token)
            if len(matches) != 1:
                step.unresolved = Unresolved(token, tuple(matches))
            else:
                person = matches[0]
                if person in self.others:
                    self.others = [p for p in self.others if p.id != person.id]
                    self.attendees.append(person)
                    step.joined = person
                note.stakeholder_id = person.id
                if self.speaker != person.id:
                    self.speaker = person.id
                    step.speaker_changed = True
                text = rest.strip()
        if not text:
            step.line = None
            return step
        note.text = text
        self._follow(note)
        return step

    # ------------------------------------------------------------ tags, kinds, speakers

    def set_stage(self, stage: Stage, at: int | None = None) -> Step:
        """Tag the target line with ``stage``; the same stage again clears the tag."""
        note = self.target(at)
        if note is None:
            return Step()
        return self._set(note, stage=None if note.stage == stage else stage)

    def cycle_stage(self, at: int | None = None) -> Step:
        """The target line's next tag: none, then each SPIN stage in turn."""
        note = self.target(at)
        if note is None:
            return Step()
        order: list[Stage | None] = [None, *STAGES]
        return self._set(note, stage=order[(order.index(note.stage) + 1) % len(order)])

    def mark_kind(self, kind: LineKind, at: int | None = None) -> Step:
        """Mark the target line as ``kind``; marking it so again gives it back its default kind."""
        note = self.target(at)
        if note is None:
            return Step()
        if self._marks.get(note.id) == kind:
            del self._marks[note.id]
            self._follow(note)
        else:
            self._marks[note.id] = note.kind = kind
        return self._changed(note)

    def set_speaker(self, stakeholder_id: str | None, at: int | None = None) -> Step:
        """Who said the target line. On the line being typed (or with nothing typed) it also
        becomes who is speaking now, so the next lines are theirs too."""
        if (at is not None and self.notes) or self.editing is not None:
            note = self.target(at)
            return Step() if note is None else self._set(note, stakeholder_id=stakeholder_id)
        step = Step(speaker_changed=True)
        self.speaker = stakeholder_id
        if self.draft is not None:
            step = self._set(self.draft, stakeholder_id=stakeholder_id)
            step.speaker_changed = True
        return step

    def next_speaker(self, at: int | None = None) -> Step:
        """Cycle through the attendees (and nobody) for the target line."""
        order = [None, *(p.id for p in self.attendees)]
        note = self.target(at) if ((at is not None and self.notes) or self.editing is not None) else None
        current = note.stakeholder_id if note is not None else self.speaker
        position = order.index(current) if current in order else 0
        return self.set_speaker(order[(position + 1) % len(order)], at)

    def _set(self, note: Note, **values) -> Step:
        for name, value in values.items():
            setattr(note, name, value)
        self._follow(note)
        return self._changed(note)

    def _changed(self, note: Note) -> Step:
        if note.text.strip() or note is self.draft:
            self._dirty[note.id] = note
        return Step(note, edited=True, counts=True)

    def _follow(self, note: Note) -> None:
        """An unmarked line's kind follows its text and speaker."""
        if note.id not in self._marks:
            note.kind = line_kind(note.text, note.stakeholder_id)

    # ------------------------------------------------------------ editing earlier lines

    def edit(self, index: int) -> Step:
        """Start changing line ``index`` (finishing any other edit first)."""
        note = self.notes[index]
        step = self.finish_edit() if self.editing is not None else Step()
        if note not in self.notes:
            return step  # it was the line being edited, and it emptied out
        self.editing = note
        self._before = _Before(note.text, note.stakeholder_id, note.stage, note.kind, self._marks.get(note.id))
        return Step(note, edited=step.edited, counts=step.counts, removed=step.removed)

    def finish_edit(self) -> Step:
        """Keep the edit; a line emptied out is deleted."""
        note = self.editing
        if note is None:
            return Step()
        step = self._attribute(note, note.text.strip())
        self.editing = self._before = None
        step.edited = step.counts = True
        if step.line is None:
            index = self.notes.index(note)
            self.notes.pop(index)
            self._dirty.pop(note.id, None)
            self._marks.pop(note.id, None)
            self._deleted.add(note.id)
            step.removed = index
        else:
            self._dirty[note.id] = note
        return step

    def cancel_edit(self) -> Step:
        """Undo everything done to the line since the edit began."""
        note, before = self.editing, self._before
        if note is None or before is None:
            return Step()
        note.text, note.stakeholder_id, note.stage, note.kind = before.text, before.stakeholder_id, before.stage, before.kind
        if before.mark is None:
            self._marks.pop(note.id, None)
        else:
            self._marks[note.id] = before.mark
        self.editing = self._before = None
        self._dirty[note.id] = note
        return Step(note, edited=True, counts=True)

    @property
    def typed(self) -> str:
        """What the input should hold when no line is being edited: the draft's text."""
        return self.draft.text if self.draft is not None else ""

    # ------------------------------------------------------------ what the input will be saved as

    def preview(self, typed: str) -> Preview:
        """What the line being typed or edited (the input holds ``typed``) would be saved as."""
        note = self.editing or self.draft
        text = typed.lstrip()
        mention = leading_mention(text) if text.startswith("@") else None
        found = (mention[0], self.find(mention[0])) if mention else None
        who = note.stakeholder_id if note is not None else self.speaker
        if note is None:
            return Preview(who, None, None, False, found)
        if found is not None and len(found[1]) == 1:
            who, text = found[1][0].id, mention[1]
        kind = self._marks.get(note.id) or line_kind(text, who)
        return Preview(who, note.stage, kind, note is self.editing, found)

    # ------------------------------------------------------------ saving, as the caller asks

    def take_changes(self) -> tuple[list[Note], list[str]]:
        """The lines to write and the line ids to delete since the last call."""
        notes = [n for n in self._dirty.values() if n.text.strip()]
        deleted = list(self._deleted)
        self._dirty.clear()
        self._deleted.clear()
        return notes, deleted

    def unsaved(self) -> tuple[list[Note], list[str]]:
        """What :meth:`take_changes` would give, without taking it (and with the line being typed or
        edited, even mid-save): for a recovery file when the store cannot take it."""
        notes = {n.id: n for n in self._dirty.values() if n.text.strip()}
        for note in (self.draft, self.editing):
            if note is not None and note.text.strip():
                notes.setdefault(note.id, note)
        return list(notes.values()), [d for d in self._deleted if d not in notes]

    def give_back(self, notes: Iterable[Note], deleted: Iterable[str]) -> None:
        """A save failed: keep these changes for the next try (a line deleted since stays deleted)."""
        for note in notes:
            if note.id not in self._deleted:
                self._dirty.setdefault(note.id, note)
        self._deleted.update(d for d in deleted if d not in self._dirty)
