"""Meeting mode: fast, attributed, SPIN-tagged notes that are never lost, with live coaching.

The screen creates the meeting as it opens, keeps every line (the one being
typed too) in the store within a second of the last key and on every focus
change, and asks the coaching engine for the question counts and nudges.
The lines live in :class:`~spin_coach.meeting_notes.MeetingNotes` (drawn by
:class:`NotesPane`); they are written, and promoted into the problem
definition, only through the write layer (``app.actions``).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from ...coach import meeting_stage_counts, nudges
from ...meeting_notes import MeetingNotes
from ...models import STAGES, DealRecord, LineKind, Meeting, Note, ProblemDefinition, Stage, Stakeholder, now
from ...recovery import Item, meeting_item
from ..autosave import Autosaver
from ..dialogs.promote import PromoteDialog, Promotion
from ..keys import localize_bindings
from ..messages import BanksLoaded, DealChanged
from ..plain import visible
from ..widgets.note_log import clock
from ..widgets.notes import NotesPane
from ..widgets.nudges import NudgesPanel
from ..widgets.stage_counter import StageCounter

# Ending a meeting asks for the key twice within this many seconds, so a stray key never ends it.
END_CONFIRM_SECONDS = 3.0
RETRY_SECONDS = 2.0

# The four tag keys share one place in the footer, and so do the two kind keys.
_TAGS = Binding.Group("meeting.key.tag_group")
_KINDS = Binding.Group("meeting.key.kind_group")


class MeetingScreen(Screen):
    """Taking notes in a meeting with ``attendees`` (stakeholder ids); ``meeting_id`` resumes one."""

    DEFAULT_CSS = """
    MeetingScreen #meeting-body {
        height: 1fr;
    }
    MeetingScreen #meeting-side {
        width: 40;
        background: $panel;
    }
    MeetingScreen.-narrow #meeting-side {
        width: 30;
    }
    MeetingScreen .side-title {
        text-style: bold;
        color: $text-primary;
        padding: 0 1;
        margin-top: 1;
    }
    MeetingScreen #meeting-attendees {
        padding: 0 1;
        height: auto;
        max-height: 10;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    MeetingScreen #meeting-nudges {
        height: 1fr;
        margin-top: 1;
    }
    """

    # Alt keys are priority bindings: a terminal sends alt+p as ESC p, which arrives with the
    # character "p", and the focused input would type it instead of letting the key reach here.
    # The ctrl keys are too, so that every key for a line runs in the order it was typed
    # (NotesPane.in_order): a non-priority key reaches the screen only after the keys
    # typed behind it have reached the input.
    BINDINGS = [
        Binding("alt+s", "tag('situation')", "meeting.key.tag_situation", id="meeting.tag_situation", group=_TAGS, priority=True),
        Binding("alt+p", "tag('problem')", "meeting.key.tag_problem", id="meeting.tag_problem", group=_TAGS, priority=True),
        Binding("alt+i", "tag('implication')", "meeting.key.tag_implication", id="meeting.tag_implication", group=_TAGS, priority=True),
        Binding("alt+n", "tag('need_payoff')", "meeting.key.tag_need_payoff", id="meeting.tag_need_payoff", group=_TAGS, priority=True),
        Binding("alt+q", "kind('question')", "meeting.key.kind_question", id="meeting.kind_question", group=_KINDS, priority=True),
        Binding("alt+x", "kind('next_step')", "meeting.key.kind_next_step", id="meeting.kind_next_step", group=_KINDS, priority=True),
        Binding("ctrl+t", "cycle_tag", "meeting.key.cycle_tag", id="meeting.cycle_tag", show=False, priority=True),
        Binding("ctrl+o", "next_speaker", "meeting.key.next_speaker", id="meeting.next_speaker", priority=True),
        Binding("ctrl+r", "promote", "meeting.key.promote", id="meeting.promote", priority=True),
        Binding("ctrl+f", "end_meeting", "meeting.key.end", id="meeting.end", priority=True),
    ]

    def __init__(self, deal_id: str, attendees: list[str], meeting_id: str | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.deal_id = deal_id
        self.attendee_ids = list(dict.fromkeys(attendees))
        self.resume_id = meeting_id
        self._coaching_due = False
        self._end_armed = False
        self._last_problem: str | None = None
        self.retry: Timer | None = None  # a failed save is tried again when this fires
        self._saver = Autosaver(self, self._save, on_error=self._save_failed, pending=self._unsaved)

    # ------------------------------------------------------------ building

    def _load(self) -> None:
        store = self.app.store
        record = store.record(self.deal_id)
        known = {p.id for p in record.stakeholders}
        self.attendee_ids = [a for a in self.attendee_ids if a in known]
        if self.resume_id is not None:
            meeting = next(m for m in record.meetings if m.id == self.resume_id)
            meeting.ended_at = None
            self.attendee_ids = list(dict.fromkeys([*meeting.attendees, *self.attendee_ids]))
            meeting.attendees = self.attendee_ids
        else:
            meeting = Meeting(deal_id=self.deal_id, attendees=self.attendee_ids)
        self.meeting = meeting
        # Lines of this meeting in the order they were started (an edit re-saves a row).
        mine = sorted((n for n in record.notes if n.meeting_id == meeting.id), key=lambda n: n.at)
        self._other_notes = [n for n in record.notes if n.meeting_id != meeting.id]
        self.record = record
        self.revision = record.revision
        by_id = {p.id: p for p in record.stakeholders}
        attendees: list[Stakeholder] = [by_id[i] for i in self.attendee_ids if i in by_id]
        others = [p for p in record.stakeholders if p.id not in self.attendee_ids]
        self.lines = MeetingNotes(self.deal_id, meeting.id, mine, attendees, others)
        # Each line's text as last read or saved here: a line another window edits meanwhile is kept, not overwritten.
        self._seen: dict[str, str] = {n.id: n.text for n in mine}

    def compose(self) -> ComposeResult:
        self._load()
        t = self.app.t
        yield Header()
        with Horizontal(id="meeting-body"):
            self.pane = NotesPane(self.lines, lang=self.app.lang, t=t, id="notes")
            yield self.pane
            with Vertical(id="meeting-side"):
                yield Static(t("meeting.side.questions"), classes="side-title")
                self.counter = StageCounter({s: t(f"meeting.stage.{s}") for s in STAGES}, id="stage-counter")
                yield self.counter
                yield Static(t("meeting.side.attendees"), classes="side-title")
                yield Static(id="meeting-attendees")
                self.nudges_panel = NudgesPanel(id="meeting-nudges")
                # Typing never loses the input to the coach panel; its lines scroll with the mouse.
                self.nudges_panel.can_focus = False
                yield self.nudges_panel
        yield Footer(compact=True)

    def on_mount(self) -> None:
        t = self.app.t
        self.title = t("meeting.title")
        self.sub_title = f"{self.record.deal.title} · {self.record.account.name} · {clock(self.meeting.started_at)}"
        # The meeting is in the store from its first moment (a resumed one is open again).
        self._saver.touch()
        self._saver.flush()
        self._show_attendees()
        self._refresh_coaching()
        self.pane.input.focus()

    # ------------------------------------------------------------ saving

    def _save(self) -> None:
        """Write the meeting and every changed line in one commit; on failure keep them for the next try."""
        notes, deleted = self.lines.take_changes()
        try:
            renamed = self.app.actions.save_meeting(self.meeting, notes, deleted, was=self._seen, based_on=self.revision)
        except Exception:
            self.lines.give_back(notes, deleted)
            raise
        for note in notes:
            # Another window edited this line meanwhile: its words stayed, and this edit was kept
            # as a line of its own, which this screen goes on editing.
            note.id = renamed.get(note.id, note.id)
            self._seen[note.id] = note.text
        for note_id in deleted:
            self._seen.pop(note_id, None)
        if renamed:
            self.app.notify(self.app.t("meeting.kept_both"), severity="warning", timeout=8)
        self.pane.saved(True)

    def _save_failed(self, exc: Exception) -> None:
        # The pane says NOT SAVED; the app's one standing notice says why.
        self.pane.saved(False, str(exc))
        # Try again without waiting for the next key: the seller may have stopped typing.
        self.retry = self.set_timer(RETRY_SECONDS, self._saver.touch, name="notes-retry")

    def _unsaved(self) -> Item | None:
        """The meeting's lines not yet in the database, for the recovery file."""
        lines, deleted = self.lines.unsaved()
        return meeting_item(self.meeting, lines, deleted) if lines else None

    def flush(self) -> bool:
        """Save everything typed so far now. True when it is all in the database.

        The app calls this (through ``flush_all``) on quit, SIGTERM and SIGHUP.
        """
        return self._saver.flush()

    @on(NotesPane.Edited)
    def _edited(self, event: NotesPane.Edited) -> None:
        event.stop()
        self._saver.touch()

    def on_descendant_blur(self) -> None:
        # Focus moving anywhere (log, dialog, another screen) saves what was typed.
        if self._saver.dirty:
            self._saver.flush()

    def on_screen_suspend(self) -> None:
        self._saver.flush()

    def on_unmount(self) -> None:
        self._saver.flush()

    # ------------------------------------------------------------ coaching

    @on(NotesPane.Committed)
    def _committed(self, event: NotesPane.Committed) -> None:
        event.stop()
        self._coaching_soon()

    def _coaching_soon(self) -> None:
        if not self._coaching_due:
            self._coaching_due = True
            self.call_after_refresh(self._refresh_coaching)

    def coaching_record(self) -> DealRecord:
        """The deal as the coach should see it: stored data plus the lines on screen, saved or not."""
        meetings = [m for m in self.record.meetings if m.id != self.meeting.id] + [self.meeting]
        return self.record.model_copy(update={"notes": self._other_notes + self.lines.all_notes(), "meetings": meetings})

    def _refresh_coaching(self) -> None:
        self._coaching_due = False
        record = self.coaching_record()
        self.counter.update_counts(meeting_stage_counts(record, self.meeting.id))
        banks = self.app.banks
        if banks is None:
            self.nudges_panel.show(None)
            return
        self.nudges_panel.show(nudges(record, banks, lang=self.app.lang, meeting_id=self.meeting.id))

    def on_banks_loaded(self, event: BanksLoaded) -> None:
        self._refresh_coaching()

    def on_deal_changed(self, event: DealChanged) -> None:
        if event.deal_id != self.deal_id:
            return
        change = event.change
        if change is not None:
            self.revision = max(self.revision, change.revision)
            if change.action == "save_meeting" and self.meeting.id in change.ids:
                return  # this screen's own lines: they are on screen already
        self._reload_deal()
        self._coaching_soon()

    def _reload_deal(self) -> None:
        """Read again what others may change while the meeting runs: the people and the problems."""
        store = self.app.store
        self.record = self.record.model_copy(
            update={"stakeholders": store.stakeholders(self.deal_id), "problem_definition": ProblemDefinition(problems=store.problems(self.deal_id))}
        )

    # ------------------------------------------------------------ people

    def _show_attendees(self) -> None:
        t = self.app.t
        if not self.lines.attendees:
            self.query_one("#meeting-attendees", Static).update(Content(t("meeting.side.no_attendees")))
            return
        parts: list = []
        for n, person in enumerate(self.lines.attendees, start=1):
            speaking = person.id == self.lines.speaker
            marker = "▸" if speaking else " "
            parts += [
                "\n" if n > 1 else "",
                (f"{marker} ", "$text-accent bold"),
                (visible(person.name), "bold $text-accent" if speaking else ""),
            ]
            if person.title:
                parts.append((visible(f" · {person.title}"), "$text-muted"))
        self.query_one("#meeting-attendees", Static).update(Content.assemble(*parts))

    @on(NudgesPanel.GoTo)
    def _nudge_chosen(self, event: NudgesPanel.GoTo) -> None:
        event.stop()

    @on(NotesPane.SpeakerChanged)
    def _speaker_changed(self, event: NotesPane.SpeakerChanged) -> None:
        event.stop()
        self._show_attendees()

    @on(NotesPane.AttendeeJoined)
    def _joined(self, event: NotesPane.AttendeeJoined) -> None:
        event.stop()
        if event.person.id not in self.meeting.attendees:
            self.meeting.attendees = [*self.meeting.attendees, event.person.id]
            self._saver.touch()
        self.app.notify(self.app.t("meeting.joined", name=event.person.name))
        self._show_attendees()

    # ------------------------------------------------------------ actions

    def action_tag(self, stage: Stage) -> None:
        self.pane.in_order(self._tag, stage)

    def _tag(self, stage: Stage) -> None:
        if self.pane.set_stage(stage).line is None:
            self.app.notify(self.app.t("meeting.nothing_to_tag"), severity="warning")

    def action_cycle_tag(self) -> None:
        self.pane.in_order(self._cycle_tag)

    def _cycle_tag(self) -> None:
        if self.pane.cycle_stage().line is None:
            self.app.notify(self.app.t("meeting.nothing_to_tag"), severity="warning")

    def action_kind(self, kind: LineKind) -> None:
        self.pane.in_order(self._kind, kind)

    def _kind(self, kind: LineKind) -> None:
        if self.pane.mark_kind(kind).line is None:
            self.app.notify(self.app.t("meeting.nothing_to_mark"), severity="warning")

    def action_next_speaker(self) -> None:
        self.pane.in_order(self.pane.next_speaker)

    def action_promote(self) -> None:
        self.pane.in_order(self._promote)

    def _promote(self) -> None:
        """Add the target line to the shared problem definition (a dialog, prefilled from the line)."""
        pane = self.pane
        note = pane.target()
        if note is not None and note is self.lines.editing:
            pane.finish_edit()
            note = note if note in self.lines.notes else None
        elif note is not None and note is self.lines.draft:
            note = pane.commit()
        if note is None:
            self.app.notify(self.app.t("meeting.nothing_to_promote"), severity="warning")
            return
        problems = self.record.problem_definition.problems
        kind = note.stage if note.stage in ("implication", "need_payoff") else "problem"
        if kind != "problem" and not problems:
            kind = "problem"
        dialog = PromoteDialog(
            note,
            self.lines.name_of(note.stakeholder_id),
            problems,
            kind=kind,
            problem_id=self._last_problem,
            currency=self.record.deal.currency,
        )
        self.app.push_screen(dialog, lambda chosen: self._promoted(note, chosen))

    def _promoted(self, note: Note, chosen: Promotion | None) -> None:
        if chosen is None:
            return
        t = self.app.t
        try:
            made = self.app.actions.promote_line(
                note, chosen.kind, chosen.text, problem_id=chosen.problem_id, amount=chosen.amount, based_on=self.revision
            )
        except Exception as exc:  # the line stays in the notes either way
            self.app.notify(t("tui.common.not_saved", error=str(exc)), severity="error", timeout=10)
            return
        self._last_problem = made if chosen.kind == "problem" else chosen.problem_id
        self._reload_deal()
        self.pane.redraw(note)  # its tag and its mark
        self.app.notify(t(f"meeting.promoted.{chosen.kind}", text=chosen.text))
        self._coaching_soon()

    def action_end_meeting(self) -> None:
        self.pane.in_order(self._end_meeting)

    def _end_meeting(self) -> None:
        t = self.app.t
        if not self._end_armed:
            self._end_armed = True
            self.set_timer(END_CONFIRM_SECONDS, self._disarm_end)
            self.app.notify(t("meeting.end_confirm"), timeout=END_CONFIRM_SECONDS)
            return
        pane = self.pane
        if self.lines.editing is not None:
            pane.finish_edit()
        if self.lines.draft is not None:
            pane.commit()
        self.meeting.ended_at = now()
        self._saver.touch()
        if not self._saver.flush():
            self.meeting.ended_at = None
            return  # the saver said why; the notes stay on screen
        self.app.notify(t("meeting.ended", n=len(self.lines.notes)))
        self.dismiss(self.meeting.id)

    def _disarm_end(self) -> None:
        self._end_armed = False
