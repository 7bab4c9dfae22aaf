"""Meeting mode: fast, attributed, SPIN-tagged notes that are never lost, with live coaching.

The screen creates the meeting as it opens, keeps every line (the one being
typed too) in the store within a second of the last key and on every focus
change, and asks the coaching engine for the question counts and nudges.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...coach import meeting_stage_counts, nudges
from ...coach.problems import add_implication, add_need_payoff
from ...models import STAGES, DealRecord, Meeting, Note, Problem, ProblemDefinition, Stage, Stakeholder, now
from ..autosave import Autosaver
from ..dialogs.promote import PromoteDialog, Promotion
from ..keys import localize_bindings
from ..messages import BanksLoaded, DealChanged
from ..widgets.note_log import clock
from ..widgets.notes import NotesPane
from ..widgets.nudges import NudgesPanel
from ..widgets.stage_counter import StageCounter

# Ending a meeting asks for the key twice within this many seconds, so a stray key never ends it.
END_CONFIRM_SECONDS = 3.0
RETRY_SECONDS = 2.0

# The four tag keys share one place in the footer.
_TAGS = Binding.Group("meeting.key.tag_group")


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
    BINDINGS = [
        Binding("alt+s", "tag('situation')", "meeting.key.tag_situation", id="meeting.tag_situation", group=_TAGS, priority=True),
        Binding("alt+p", "tag('problem')", "meeting.key.tag_problem", id="meeting.tag_problem", group=_TAGS, priority=True),
        Binding("alt+i", "tag('implication')", "meeting.key.tag_implication", id="meeting.tag_implication", group=_TAGS, priority=True),
        Binding("alt+n", "tag('need_payoff')", "meeting.key.tag_need_payoff", id="meeting.tag_need_payoff", group=_TAGS, priority=True),
        Binding("ctrl+t", "cycle_tag", "meeting.key.cycle_tag", id="meeting.cycle_tag", show=False),
        Binding("ctrl+o", "next_speaker", "meeting.key.next_speaker", id="meeting.next_speaker"),
        Binding("ctrl+r", "promote", "meeting.key.promote", id="meeting.promote"),
        Binding("ctrl+f", "end_meeting", "meeting.key.end", id="meeting.end"),
    ]

    def __init__(self, deal_id: str, attendees: list[str], meeting_id: str | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.deal_id = deal_id
        self.attendee_ids = list(dict.fromkeys(attendees))
        self.resume_id = meeting_id
        self._meeting_saved = meeting_id is not None
        self._meeting_dirty = False
        self._coaching_due = False
        self._end_armed = False
        self._last_problem: str | None = None
        self._saver = Autosaver(self, self._save, on_error=self._save_failed)

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
        self._notes = mine
        self.record = record
        by_id = {p.id: p for p in record.stakeholders}
        self._attendees: list[Stakeholder] = [by_id[i] for i in self.attendee_ids if i in by_id]
        self._others = [p for p in record.stakeholders if p.id not in self.attendee_ids]

    def compose(self) -> ComposeResult:
        self._load()
        t = self.app.t
        yield Header()
        with Horizontal(id="meeting-body"):
            self.pane = NotesPane(
                self.deal_id, self.meeting.id, self._notes, self._attendees, self._others, lang=self.app.lang, t=t, id="notes"
            )
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
        if not self._meeting_saved or self.resume_id is not None:
            self._meeting_dirty = True
            self._saver.touch()
            self._saver.flush()
        self._show_attendees()
        self._refresh_coaching()
        self.pane.input.focus()

    # ------------------------------------------------------------ saving

    def _save(self) -> None:
        """Write the meeting and every changed line in one commit; on failure keep them for the next try."""
        store = self.app.store
        notes, deleted = self.pane.take_changes()
        try:
            with store.transaction():
                if not self._meeting_saved:
                    store.add_meeting(self.meeting)
                elif self._meeting_dirty:
                    store.update_meeting(self.meeting)
                if notes:
                    store.save_notes(notes)
                for note_id in deleted:
                    store.delete_note(note_id)
        except Exception:
            self.pane.give_back(notes, deleted)
            raise
        self._meeting_saved = True
        self._meeting_dirty = False
        self.pane.saved(True)

    def _save_failed(self, exc: Exception) -> None:
        first = self.pane.unsaved_error is None
        self.pane.saved(False, str(exc))
        if first:
            self.app.notify(self.app.t("tui.autosave.failed", error=str(exc)), severity="error", timeout=10)
        # Try again without waiting for the next key: the seller may have stopped typing.
        self.set_timer(RETRY_SECONDS, self._saver.touch, name="notes-retry")

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
        return self.record.model_copy(update={"notes": self._other_notes + self.pane.all_notes(), "meetings": meetings})

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
        store = self.app.store
        self.record = self.record.model_copy(
            update={"stakeholders": store.stakeholders(self.deal_id), "problem_definition": ProblemDefinition(problems=store.problems(self.deal_id))}
        )
        self._coaching_soon()

    # ------------------------------------------------------------ people

    def _show_attendees(self) -> None:
        t = self.app.t
        if not self.pane.attendees:
            self.query_one("#meeting-attendees", Static).update(Content(t("meeting.side.no_attendees")))
            return
        parts: list = []
        for n, person in enumerate(self.pane.attendees, start=1):
            speaking = person.id == self.pane.speaker
            marker = "▸" if speaking else " "
            parts += [
                "\n" if n > 1 else "",
                (f"{marker} ", "$text-accent bold"),
                (person.name, "bold $text-accent" if speaking else ""),
            ]
            if person.title:
                parts.append((f" · {person.title}", "$text-muted"))
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
            self._meeting_dirty = True
            self._saver.touch()
        self.app.notify(self.app.t("meeting.joined", name=event.person.name))
        self._show_attendees()

    # ------------------------------------------------------------ actions

    def action_tag(self, stage: Stage) -> None:
        if self.pane.set_stage(stage) is None:
            self.app.notify(self.app.t("meeting.nothing_to_tag"), severity="warning")

    def action_cycle_tag(self) -> None:
        if self.pane.cycle_stage() is None:
            self.app.notify(self.app.t("meeting.nothing_to_tag"), severity="warning")

    def action_next_speaker(self) -> None:
        self.pane.next_speaker()

    def action_promote(self) -> None:
        """Add the target line to the shared problem definition (a dialog, prefilled from the line)."""
        pane = self.pane
        note = pane.target()
        if note is not None and note is pane.draft:
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
            pane.speaker_label(note.stakeholder_id),
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
        store = self.app.store
        problems = self.record.problem_definition.problems
        try:
            if chosen.kind == "problem":
                problem = Problem(deal_id=self.deal_id, statement=chosen.text, raised_by=note.stakeholder_id)
            else:
                old = next(p for p in problems if p.id == chosen.problem_id)
                amount = chosen.amount
                values = {"amount": amount.value, "currency": amount.currency, "period": amount.period} if amount else {}
                if chosen.kind == "implication":
                    evidence = "stated" if note.stakeholder_id else "inferred"
                    problem = add_implication(old, chosen.text, evidence=evidence, stated_by=note.stakeholder_id, **values)
                else:
                    problem = add_need_payoff(
                        old, chosen.text, said_by=note.stakeholder_id, explicit=note.stakeholder_id is not None, **values
                    )
            store.save_problem(problem)
        except Exception as exc:  # the line stays in the notes either way
            self.app.notify(t("tui.common.not_saved", error=str(exc)), severity="error", timeout=10)
            return
        self._last_problem = problem.id
        kept = [p for p in problems if p.id != problem.id]
        self.record = self.record.model_copy(update={"problem_definition": ProblemDefinition(problems=[*kept, problem])})
        if note.stage is None:
            self.pane.tag_note(note, chosen.kind)  # the kinds are SPIN stages by name
        self.app.notify(t(f"meeting.promoted.{chosen.kind}", text=chosen.text))
        self.app.deal_changed(self.deal_id)
        self._coaching_soon()

    def action_end_meeting(self) -> None:
        t = self.app.t
        if not self._end_armed:
            self._end_armed = True
            self.set_timer(END_CONFIRM_SECONDS, self._disarm_end)
            self.app.notify(t("meeting.end_confirm"), timeout=END_CONFIRM_SECONDS)
            return
        pane = self.pane
        if pane.editing is not None:
            pane.finish_edit()
        if pane.draft is not None:
            pane.commit()
        self.meeting.ended_at = now()
        self._meeting_dirty = True
        self._saver.touch()
        if not self._saver.flush():
            self.meeting.ended_at = None
            return  # the saver said why; the notes stay on screen
        self.app.deal_changed(self.deal_id)
        self.app.notify(t("meeting.ended", n=len(pane.notes)))
        self.dismiss(self.meeting.id)

    def _disarm_end(self) -> None:
        self._end_armed = False
