"""Account strategy: where the client sits in the 3×3 matrix and what that means, how they buy,
how to close, and the seller's own goal for each stage of the journey.

Every choice is saved to the deal as it is made, through ``app.actions.set_strategy``; the
advice comes from ``coach.strategy`` and is asked for again on each change notice.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from ...coach import strategy
from ...models import JOURNEY_STAGES, ClosingTactic, DealRecord, JourneyStage, PurchaseModel
from ...recovery import goals_item
from ..autosave import Autosaver
from ..keys import localize_bindings
from ..messages import BanksLoaded, DealChanged, in_view
from ..plain import SHOW_CONTROLS, visible
from ..widgets.strategy_matrix import StrategyMatrix

# ``None`` hands the choice back to the coach (inferred model, suggested tactic).
PURCHASE_MODELS: tuple[PurchaseModel | None, ...] = (None, "economic", "technical", "end_use")
CLOSING_TACTICS: tuple[ClosingTactic | None, ...] = (None, "transactional", "integrator", "turnkey")


def _next(options: tuple, current, step: int = 1):
    return options[(options.index(current) + step) % len(options)]


class StrategyScreen(Screen):
    """The deal's account strategy; arrow keys score the client, letters change the choices."""

    DEFAULT_CSS = """
    StrategyScreen #strategy-body {
        height: 1fr;
    }
    StrategyScreen #strategy-top {
        height: auto;
    }
    StrategyScreen.-narrow #strategy-top {
        layout: vertical;
    }
    StrategyScreen .box {
        border: round $panel-lighten-2;
        border-title-color: $text-primary;
        border-title-style: bold;
        height: auto;
        padding: 0 1;
    }
    StrategyScreen .box:focus-within {
        border: round $primary;
    }
    StrategyScreen #matrix-box {
        width: 3fr;
    }
    StrategyScreen #choices {
        width: 2fr;
        height: auto;
    }
    StrategyScreen.-narrow #matrix-box, StrategyScreen.-narrow #choices {
        width: 1fr;
    }
    StrategyScreen #matrix-advice {
        margin-top: 1;
    }
    StrategyScreen .journey-row {
        height: 1;
    }
    StrategyScreen .journey-stage {
        width: 28;
        padding-right: 1;
        color: $text-muted;
    }
    StrategyScreen .journey-stage.-current {
        color: $text-accent;
        text-style: bold;
    }
    StrategyScreen .journey-goal {
        width: 1fr;
    }
    StrategyScreen #next-step {
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("m", "purchase_model", "strategy.key.purchase_model", id="strategy.purchase_model"),
        Binding("c", "closing_tactic", "strategy.key.closing_tactic", id="strategy.closing_tactic"),
        Binding("j", "journey(1)", "strategy.key.journey_next", id="strategy.journey_next"),
        Binding("shift+j", "journey(-1)", "strategy.key.journey_previous", id="strategy.journey_previous", show=False),
        Binding("g", "edit_goal", "strategy.key.edit_goal", id="strategy.edit_goal"),
        Binding("escape", "back", "strategy.key.back", id="strategy.back"),
    ]

    def __init__(self, deal_id: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.deal_id = deal_id
        # The goals as typed (the inputs are their truth): saved together, a moment after the last key.
        self._goals: dict[str, str] = {}
        self._saver = Autosaver(self, self._save_goals, pending=lambda: goals_item(self.deal_id, self._goals))

    @property
    def deal(self):
        return self.record.deal

    def compose(self) -> ComposeResult:
        t = self.app.t
        self.record: DealRecord = self.app.store.record(self.deal_id)
        self._goals = dict(self.deal.goals)
        self._goals_seen = dict(self.deal.goals)  # as last read or saved here
        yield Header()
        with VerticalScroll(id="strategy-body"):
            with Horizontal(id="strategy-top"):
                with Vertical(id="matrix-box", classes="box") as box:
                    box.border_title = t("strategy.box.matrix")
                    self.matrix = StrategyMatrix(self.deal.score, t, id="matrix")
                    yield self.matrix
                    yield Static(id="matrix-advice")
                with Vertical(id="choices"):
                    with Vertical(id="purchase-box", classes="box") as box:
                        box.border_title = t("strategy.box.purchase")
                        yield Static(id="purchase")
                    with Vertical(id="tactic-box", classes="box") as box:
                        box.border_title = t("strategy.box.tactic")
                        yield Static(id="tactic")
            with Vertical(id="journey-box", classes="box") as box:
                box.border_title = t("strategy.box.journey")
                for stage in JOURNEY_STAGES:
                    with Horizontal(classes="journey-row"):
                        yield Static(t(f"tui.journey.{stage}"), id=f"stage-{stage}", classes="journey-stage")
                        yield Input(
                            self.deal.goals.get(stage, ""),
                            placeholder=t("coach.strategy.goal." + stage),
                            id=f"goal-{stage}",
                            classes="journey-goal",
                            compact=True,
                            select_on_focus=False,
                            highlighter=SHOW_CONTROLS,  # a stored goal with an escape: shown, never sent
                        )
                yield Static(id="next-step")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = self.app.t("strategy.title")
        self.sub_title = f"{self.deal.title} · {self.record.account.name}"
        self.refresh_advice()
        self.matrix.focus()

    # ------------------------------------------------------------ saving

    def _save_goals(self) -> None:
        """Write the goals typed here. A goal another window set for the same stage meanwhile is
        kept: both texts are joined (theirs first), shown here, and the seller is told."""
        from ...actions import Conflict

        goals = dict(self._goals)
        seen = {"goals": dict(self._goals_seen)}
        try:
            self.app.actions.set_strategy(self.deal_id, goals=goals, was=seen, based_on=self.record.revision)
        except Conflict as conflict:
            for clash in conflict.conflicts:
                stage = clash.field.partition(".")[2]
                goals[stage] = " / ".join(t.strip() for t in (clash.theirs or "", clash.mine or "") if t.strip())
                seen["goals"][stage] = clash.theirs
                self._goals[stage] = goals[stage]
                box = self.query_one(f"#goal-{stage}", Input)
                box.value = goals[stage]
                box.cursor_position = len(box.value)  # typing goes on at the end of the seller's words
            self.app.actions.set_strategy(self.deal_id, goals=goals, was=seen, based_on=self.record.revision)
            self.app.notify(self.app.t("strategy.goal_kept_both"), severity="warning", timeout=8)
        self._goals_seen = {stage: text for stage, text in goals.items() if text.strip()}

    def _set(self, **choices) -> None:
        """Save one choice (score, purchase model, closing tactic, journey stage) and show the deal as saved,
        so a key pressed next starts from it."""
        from ...actions import Conflict

        with self.app.saving():
            try:
                # ``was``: the deal as this screen shows it, so a choice another window changed
                # meanwhile is never written over without the seller seeing it.
                self.app.actions.set_strategy(self.deal_id, **choices, was=self.deal, based_on=self.record.revision)
            except Conflict:
                self.app.notify(self.app.t("strategy.changed_elsewhere"), severity="warning", timeout=8)
            self._show_saved()

    def _show_saved(self) -> None:
        self.record = self.app.store.record(self.deal_id)
        self.matrix.score = self.deal.score
        self.refresh_advice()

    def flush(self) -> bool:
        """Save a goal still being typed (the app's flush on quit and signals reaches this too)."""
        return self._saver.flush()

    def on_descendant_blur(self) -> None:
        self._saver.flush()

    def on_screen_suspend(self) -> None:
        self._saver.flush()

    def on_unmount(self) -> None:
        # Screens below (the workspace) were not redrawn for each change made here: they reload as they show again.
        self._saver.flush()

    # ------------------------------------------------------------ what the coach says

    def refresh_advice(self) -> None:
        t = self.app.t
        banks = self.app.banks
        for stage in JOURNEY_STAGES:
            self.query_one(f"#stage-{stage}", Static).set_class(stage == self.deal.journey_stage, "-current")
            label = t(f"tui.journey.{stage}")
            marker = "▸ " if stage == self.deal.journey_stage else "  "
            self.query_one(f"#stage-{stage}", Static).update(marker + label)
        if banks is None:
            for selector in ("#matrix-advice", "#purchase", "#tactic", "#next-step"):
                self.query_one(selector, Static).update(t("strategy.journey.loading"))
            return
        advice = strategy(self.record, banks, lang=self.app.lang)
        self.query_one("#matrix-advice", Static).update(Content(visible(advice.matrix.recommendation)))

        purchase = advice.purchase_model
        self.query_one("#purchase", Static).update(
            Content.assemble(
                (t(f"strategy.purchase_model.{purchase.model}"), "bold"),
                "\n",
                (visible(purchase.reason), "$text-muted"),
                "\n",
                visible(purchase.emphasis),
            )
        )

        tactic = advice.closing_tactic
        parts: list = [
            (t(f"strategy.tactic.{tactic.tactic}"), "bold"),
            (" · " + t("strategy.tactic.chosen" if tactic.source == "deal" else "strategy.tactic.suggested"), "$text-muted"),
            "\n",
        ]
        if tactic.source == "deal" and tactic.suggested != tactic.tactic:
            parts += [(t("strategy.tactic.coach_suggests", tactic=t(f"strategy.tactic.{tactic.suggested}")), "$text-warning"), " "]
        parts.append(visible(tactic.reason))
        self.query_one("#tactic", Static).update(Content.assemble(*parts))

        journey = advice.journey
        self.query_one("#next-step", Static).update(
            Content.assemble((t("strategy.journey.next_step", text=""), "bold"), visible(journey.next_step))
        )

    def on_banks_loaded(self, event: BanksLoaded) -> None:
        self.refresh_advice()

    def on_deal_changed(self, event: DealChanged) -> None:
        if event.deal_id != self.deal_id or not in_view(self):
            return
        if event.change is not None and event.change.revision <= self.record.revision:
            return  # shown already (a choice made here)
        self._show_saved()

    # ------------------------------------------------------------ actions

    @on(StrategyMatrix.Moved)
    def _moved(self, event: StrategyMatrix.Moved) -> None:
        event.stop()
        self._set(score=event.score)

    def action_purchase_model(self) -> None:
        self._set(purchase_model=_next(PURCHASE_MODELS, self.deal.purchase_model))

    def action_closing_tactic(self) -> None:
        self._set(closing_tactic=_next(CLOSING_TACTICS, self.deal.closing_tactic))

    def action_journey(self, step: int) -> None:
        self._set(journey_stage=_next(JOURNEY_STAGES, self.deal.journey_stage, step))

    def action_edit_goal(self) -> None:
        self.query_one(f"#goal-{self.deal.journey_stage}", Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.matrix.focus()
            return
        self.dismiss()

    @on(Input.Changed, ".journey-goal")
    def _goal_typed(self, event: Input.Changed) -> None:
        stage: JourneyStage = event.input.id.removeprefix("goal-")
        text = event.value.strip()
        if self._goals.get(stage, "") == text:
            return
        self._goals[stage] = text  # an empty goal is dropped when saved: the coach's default shows
        self._saver.touch()

    @on(Input.Submitted, ".journey-goal")
    def _goal_done(self, event: Input.Submitted) -> None:
        self._saver.flush()
        self.matrix.focus()
