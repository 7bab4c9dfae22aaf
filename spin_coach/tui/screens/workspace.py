"""The deal workspace: the buying group, the SPIN panel for the selected stakeholder, the shared
problem definition and the coach's nudges. The screen asks the coach; widgets only show.
Changes go through ``app.actions``; the workspace redraws on their change notice."""

from __future__ import annotations

from time import perf_counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...coach.consensus import consensus_from
from ...coach.coverage import coverage_from
from ...coach.index import DealIndex
from ...coach.nudges import nudges_from
from ...coach.problems import problem_summary
from ...coach.questions import next_questions_from
from ...models import STAGES, DealRecord, Stakeholder
from ...store import DealNotFound
from ..keys import localize_bindings
from ..messages import BanksLoaded, DealChanged, StakeholderSelected, in_view
from ..widgets.buying_group_panel import BuyingGroupPanel
from ..widgets.nudges import NudgesPanel
from ..widgets.problem_definition_panel import ProblemDefinitionPanel
from ..widgets.spin_panel import SpinPanel, StakeholderView

# Enough suggestions to mark the coach's picks in every stage's list.
SUGGESTIONS = 40

_STAGE_GROUP = Binding.Group("tui.key.stage", compact=True)


class WorkspaceScreen(Screen):
    """One deal: who is in the buying group, what to ask whom, what the client's problem is."""

    # The footer shows what a seller reaches for in a call; the rest is in F1 help and the palette (ctrl+p).
    BINDINGS = [
        Binding("escape", "back", "tui.key.back", id="workspace.back", show=False),
        *[
            Binding(str(n), f"stage('{stage}')", f"tui.stage.{stage}", id=f"workspace.stage_{stage}", group=_STAGE_GROUP)
            for n, stage in enumerate(STAGES, 1)
        ],
        Binding("b", "next_best", "tui.key.next_best", id="workspace.next_best"),
        Binding("w", "write_answer", "tui.key.write_answer", id="workspace.answer", show=False),
        Binding("r", "record_problem", "tui.key.record_problem", id="workspace.record_problem", show=False),
        Binding("g", "focus_group", "tui.key.group", id="workspace.group", show=False),
        Binding("d", "definition", "tui.key.definition", id="workspace.definition"),
        Binding("m", "meeting", "tui.key.meeting", id="workspace.meeting"),
        Binding("t", "strategy", "tui.key.strategy", id="workspace.strategy", show=False),
        Binding("l", "call_plan", "tui.key.call_plan", id="workspace.call_plan", show=False),
        Binding("p", "proposal", "tui.key.proposal", id="workspace.proposal", show=False),
    ]

    def __init__(self, deal_id: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.deal_id = deal_id
        self.record: DealRecord | None = None
        self.stakeholder_id: str | None = None
        self._index: DealIndex | None = None
        self._reload_pending = False
        self.last_reload_ms = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workspace-body"):
            yield BuyingGroupPanel(id="group")
            yield SpinPanel(id="spin")
            with Vertical(id="side"):
                yield ProblemDefinitionPanel(id="definition")
        yield NudgesPanel(id="nudges")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._answer_box = self.query_one(SpinPanel).answer_box
        self.reload()
        self.query_one(BuyingGroupPanel if not self.record or not self.record.stakeholders else SpinPanel).focus()
        if self.record and self.record.stakeholders:
            self.query_one(SpinPanel).question_list.focus()

    # ------------------------------------------------------------ reading the deal and asking the coach

    def reload(self) -> None:
        """Read the deal, ask the coach, and show everything (typing in progress is left alone)."""
        started = perf_counter()
        self._reload_pending = False
        app = self.app
        try:
            record = app.store.record(self.deal_id)
        except DealNotFound:
            self.app.pop_screen()
            return
        banks = app.get_banks()
        self.record = record
        index = self._index = DealIndex(record, banks)
        lang = app.lang
        stakeholders = record.stakeholders
        if self.stakeholder_id not in {s.id for s in stakeholders}:
            self.stakeholder_id = stakeholders[0].id if stakeholders else None
        coverage = coverage_from(index, lang)
        agreement = consensus_from(index)
        self.sub_title = f"{record.account.name} · {record.deal.title} · {app.t(f'tui.journey.{record.deal.journey_stage}')}"
        self.query_one(BuyingGroupPanel).show(
            stakeholders,
            {row.stakeholder_id: {s: c.asked for s, c in row.stages.items()} for row in coverage.stakeholders},
            {row.stakeholder_id: row.role_label for row in coverage.stakeholders},
            set(index.key_ids),
            self.stakeholder_id,
        )
        self._show_stakeholder()
        self.query_one(ProblemDefinitionPanel).show(record, problem_summary(record), agreement, self.stakeholder_id)
        self.query_one(NudgesPanel).show(nudges_from(index, lang=lang))
        self.refresh_bindings()
        self.last_reload_ms = (perf_counter() - started) * 1000

    def _show_stakeholder(self) -> None:
        index, record = self._index, self.record
        panel = self.query_one(SpinPanel)
        stakeholder = record.stakeholder(self.stakeholder_id) if record else None
        if stakeholder is None or index is None:
            panel.show(None)
            return
        banks = index.banks
        lang = self.app.lang
        panel.show(
            StakeholderView(
                deal_id=record.deal.id,
                stakeholder=stakeholder,
                role_label=banks.role_label(stakeholder.role, lang),
                questions={stage: banks.for_role(stakeholder.role, stage) for stage in STAGES},
                answers=index.answers_by_person.get(stakeholder.id, []),
                suggestions=next_questions_from(index, stakeholder.id, lang=lang, limit=SUGGESTIONS),
                all_questions=banks.questions,
                revision=record.revision,
            )
        )
        self.query_one(ProblemDefinitionPanel).stakeholder_id = stakeholder.id

    def on_deal_changed(self, message: DealChanged) -> None:
        # Under another screen (strategy, meeting …) the workspace waits: it reloads when it shows again.
        # Notices can come several at once: redraw once, when those queued have been handled.
        if message.deal_id == self.deal_id and in_view(self) and not self._reload_pending:
            self._reload_pending = True
            self.call_after_refresh(self._reload_if_pending)

    def _reload_if_pending(self) -> None:
        if self._reload_pending:
            self.reload()

    def on_banks_loaded(self, message: BanksLoaded) -> None:
        self.reload()

    def on_stakeholder_selected(self, message: StakeholderSelected) -> None:
        if message.stakeholder_id != self.stakeholder_id:
            self.stakeholder_id = message.stakeholder_id
            self._show_stakeholder()
            self.refresh_bindings()

    @on(NudgesPanel.GoTo)
    def _nudge_chosen(self, message: NudgesPanel.GoTo) -> None:
        if message.stakeholder_id and self.record and self.record.stakeholder(message.stakeholder_id):
            group = self.query_one(BuyingGroupPanel)
            ids = [p.id for p in self.record.stakeholders]
            group.highlighted = ids.index(message.stakeholder_id)
            self.stakeholder_id = message.stakeholder_id
            self._show_stakeholder()
            self.query_one(SpinPanel).question_list.focus()
        elif message.problem_id:
            self.action_definition()

    def _flush_answer(self) -> None:
        # Held directly: on unmount the widgets are already gone from the DOM, the saver is not.
        box = getattr(self, "_answer_box", None)
        if box is not None:
            box.saver.flush()

    def on_screen_suspend(self) -> None:
        self._flush_answer()

    def on_screen_resume(self) -> None:
        if self.record is not None:
            self.reload()

    def on_unmount(self) -> None:
        self._flush_answer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_stakeholder", "remove_stakeholder", "call_plan", "write_answer", "next_best", "record_problem"):
            return self.stakeholder_id is not None
        return True

    # ------------------------------------------------------------ actions: moving around

    def action_back(self) -> None:
        self._flush_answer()
        self.app.pop_screen()

    def action_stage(self, stage: str) -> None:
        self.query_one(SpinPanel).set_stage(stage)

    def action_next_best(self) -> None:
        panel = self.query_one(SpinPanel)
        if panel.view and panel.view.suggestions:
            best = panel.view.suggestions[0]
            panel.set_stage(best.stage)
            panel.highlight(f"q:{best.question_id}")
            panel.question_list.focus()

    def action_write_answer(self) -> None:
        self.query_one(SpinPanel).answer_box.focus()

    def action_focus_questions(self) -> None:
        self.query_one(SpinPanel).question_list.focus()

    def action_focus_group(self) -> None:
        self.remove_class("-definition")
        self.query_one(BuyingGroupPanel).focus()

    def action_definition(self) -> None:
        # On a narrow terminal the definition takes the SPIN panel's place until you leave it.
        self.toggle_class("-definition") if self.has_class("-narrow") else self.remove_class("-definition")
        if self.has_class("-definition") or not self.has_class("-narrow"):
            self.query_one(ProblemDefinitionPanel).tree.focus()
        else:
            self.action_focus_questions()

    def action_record_problem(self) -> None:
        """Turn the answer on screen into a problem of the shared definition."""
        box = self.query_one(SpinPanel).answer_box
        box.saver.flush()
        target = box.target
        text = box.text.strip() if target else ""
        source = target.answer_id if target and target.text else None
        self.query_one(ProblemDefinitionPanel).add_problem(statement=" ".join(text.split()), source_answer=source)

    # ------------------------------------------------------------ actions: the buying group

    def _roles(self) -> list[tuple[str, str]]:
        banks = self.app.get_banks()
        return [(role.label(self.app.lang), role.id) for role in banks.roles.values()]

    @property
    def _based_on(self) -> int | None:
        """The deal's revision as shown: every write says what it was made from."""
        return self.record.revision if self.record is not None else None

    def action_add_stakeholder(self) -> None:
        from ..dialogs.stakeholder_form import StakeholderForm

        def done(values: dict | None) -> None:
            if values is None:
                return
            with self.app.saving():
                stakeholder = self.app.actions.add_stakeholder(Stakeholder(deal_id=self.deal_id, **values))
                self.stakeholder_id = stakeholder.id  # the change notice redraws the group with them selected
                self.query_one(BuyingGroupPanel).focus()

        self.app.push_screen(StakeholderForm(None, self._roles()), done)

    def action_edit_stakeholder(self) -> None:
        from ..dialogs.stakeholder_form import StakeholderForm

        stakeholder = self.record.stakeholder(self.stakeholder_id) if self.record else None
        if stakeholder is None:
            return

        def done(values: dict | None) -> None:
            if values is not None:
                from ..dialogs.conflict import save_or_ask

                def save(values: dict, was: dict) -> object:
                    return self.app.actions.edit_stakeholder(stakeholder.id, was=was, based_on=self._based_on, **values)

                # Only what the seller changed is written; a field changed in another window meanwhile asks.
                with self.app.saving():
                    save_or_ask(self.app, save, values, stakeholder.model_dump())

        self.app.push_screen(StakeholderForm(stakeholder, self._roles()), done)

    def action_remove_stakeholder(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        stakeholder = self.record.stakeholder(self.stakeholder_id) if self.record else None
        if stakeholder is None:
            return
        said = sum(1 for a in self.record.answers if a.stakeholder_id == stakeholder.id)

        def done(yes: bool | None) -> None:
            if yes:
                box = self.query_one(SpinPanel).answer_box
                box.saver.discard()
                box.edit_answer(None)
                with self.app.saving():
                    self.app.actions.remove_stakeholder(stakeholder.id, based_on=self._based_on)
                    self.stakeholder_id = None

        question = self.app.t("tui.workspace.confirm_remove_person", name=stakeholder.name, n=said)
        self.app.push_screen(ConfirmDialog(question, self.app.t("tui.common.remove"), danger=True), done)

    # ------------------------------------------------------------ actions: other screens

    def action_meeting(self) -> None:
        from ..dialogs.attendees import AttendeesDialog

        if not self.record:
            return
        self._flush_answer()

        def done(attendees: list[str] | None) -> None:
            if attendees is not None:
                self.app.open_meeting(self.deal_id, attendees)

        self.app.push_screen(AttendeesDialog(self.record.stakeholders, [self.stakeholder_id] if self.stakeholder_id else []), done)

    def action_strategy(self) -> None:
        self._flush_answer()
        self.app.open_strategy(self.deal_id)

    def action_call_plan(self) -> None:
        if self.stakeholder_id:
            self._flush_answer()
            self.app.open_call_plan(self.deal_id, self.stakeholder_id)

    def action_proposal(self) -> None:
        self._flush_answer()
        self.app.open_proposal(self.deal_id)
