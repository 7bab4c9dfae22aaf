"""The shared problem definition, edited in place: problems, who holds each, implications with
amounts, need-payoffs, and what inaction costs. The panel draws the definition and asks
``app.actions`` for every change (add, edit, remove, confirm); it redraws when the workspace
shows it the deal again after the change notice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, Tree

from ...coach.problems import believers
from ...coach.text import money, money_list
from ...models import DealRecord, Problem
from ..plain import PlainText as Text  # client text: control characters shown, never markup
from .problem_tree import ProblemTree


class ProblemDefinitionPanel(Vertical):
    """The tree plus the deal's cost of inaction. ``stakeholder_id`` is who the seller is talking to."""

    DEFAULT_CSS = """
    ProblemDefinitionPanel {
        height: 1fr;
    }
    ProblemDefinitionPanel #problem-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
    }
    ProblemDefinitionPanel #cost-of-inaction {
        height: auto;
        padding: 0 1;
        background: $boost;
        border-left: thick $warning;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.record: DealRecord | None = None
        self.stakeholder_id: str | None = None
        self.summary = None
        self.agreement = None

    def compose(self) -> ComposeResult:
        yield ProblemTree(id="problem-tree")
        yield Static("", id="problem-detail")
        yield Static("", id="cost-of-inaction")

    @property
    def tree(self) -> ProblemTree:
        return self.query_one("#problem-tree", ProblemTree)

    # ------------------------------------------------------------ showing

    def show(self, record: DealRecord, summary, agreement, stakeholder_id: str | None) -> None:
        """Draw the definition; ``summary`` is coach.problem_summary, ``agreement`` coach.consensus."""
        t, lang = self.app.t, self.app.lang
        self.record, self.summary, self.agreement, self.stakeholder_id = record, summary, agreement, stakeholder_id
        names = {p.id: p.name for p in record.stakeholders}
        tree = self.tree
        keep = tree.selected()
        tree.clear()
        agreement_by_problem = {p.problem_id: p for p in agreement.problems} if agreement else {}
        cursor = None
        for problem in record.problem_definition.problems:
            label = Text()
            label.append("● ", style="bold")
            label.append(problem.statement, style="bold")
            holders = believers(problem)
            if holders:
                label.append("  ✓ " + ", ".join(names.get(p, p) for p in holders), style="italic")
            consensus = agreement_by_problem.get(problem.id)
            if consensus and (consensus.key_confirmed or consensus.key_missing):
                known = len(consensus.key_confirmed)
                label.append(f"  [{t('tui.problems.key_agree', n=known, of=known + len(consensus.key_missing))}]", style="dim")
            node = tree.root.add(label, data=("problem", problem.id, None), expand=True)
            if keep == ("problem", problem.id, None):
                cursor = node
            for imp in problem.implications:
                line = Text("⚡ ")
                line.append(imp.consequence)
                if imp.amount is not None:
                    line.append("  " + money(imp.amount, imp.currency or record.deal.currency, lang, imp.period), style="bold")
                if imp.stated_by:
                    line.append(f"  · {names.get(imp.stated_by, imp.stated_by)}", style="italic")
                if imp.evidence == "inferred":
                    line.append(f"  ({t('tui.evidence.inferred')})", style="dim")
                child = node.add_leaf(line, data=("implication", problem.id, imp.id))
                if keep == ("implication", problem.id, imp.id):
                    cursor = child
            for payoff in problem.need_payoffs:
                line = Text("◆ ")
                line.append(t("tui.common.quote", text=payoff.text))
                if payoff.amount is not None:
                    line.append("  " + money(payoff.amount, payoff.currency or record.deal.currency, lang, payoff.period), style="bold")
                if payoff.said_by:
                    line.append(f"  · {names.get(payoff.said_by, payoff.said_by)}", style="italic")
                line.append(f"  ({t('tui.problems.explicit' if payoff.explicit else 'tui.problems.implied')})", style="dim")
                child = node.add_leaf(line, data=("need_payoff", problem.id, payoff.id))
                if keep == ("need_payoff", problem.id, payoff.id):
                    cursor = child
        if not record.problem_definition.problems:
            tree.root.add_leaf(Text(t("tui.problems.empty"), style="dim italic"))
        if cursor is not None:
            tree.move_cursor(cursor)
        tree.border_title = t("tui.problems.title")
        self._show_detail()
        self._show_cost(summary)

    def _show_detail(self) -> None:
        """The selected line in full: the tree cuts long statements at the panel's edge."""
        t, lang, record = self.app.t, self.app.lang, self.record
        ref = self.tree.selected()
        problem = self._problem(ref[1]) if ref and record else None
        detail = self.query_one("#problem-detail", Static)
        detail.display = problem is not None
        if problem is None:
            detail.update("")
            return
        names = {p.id: p.name for p in record.stakeholders}
        who = lambda ids: ", ".join(names.get(i, i) for i in ids) or t("tui.common.none")  # noqa: E731
        kind, _, item_id = ref
        text = Text()
        if kind == "problem":
            text.append(problem.statement, style="bold")
            text.append("\n" + t("tui.problems.raised_by", name=who([problem.raised_by] if problem.raised_by else [])), style="dim")
            text.append("  " + t("tui.problems.confirmed_by", names=who(problem.confirmed_by)), style="dim")
            consensus = next((p for p in self.agreement.problems if p.problem_id == problem.id), None) if self.agreement else None
            if consensus and consensus.key_missing:
                text.append("\n" + t("tui.problems.key_missing", names=who(consensus.key_missing)), style="italic")
        elif kind == "implication":
            imp = next((i for i in problem.implications if i.id == item_id), None)
            if imp is None:
                return
            text.append(imp.consequence, style="bold")
            if imp.amount is not None:
                text.append("\n" + money(imp.amount, imp.currency or record.deal.currency, lang, imp.period))
            stated = t("tui.problems.stated_by", name=who([imp.stated_by] if imp.stated_by else []))
            text.append(f"\n{stated} · {t('tui.evidence.' + imp.evidence)}", style="dim")
        else:
            payoff = next((n for n in problem.need_payoffs if n.id == item_id), None)
            if payoff is None:
                return
            text.append(t("tui.common.quote", text=payoff.text), style="bold")
            if payoff.amount is not None:
                text.append("\n" + money(payoff.amount, payoff.currency or record.deal.currency, lang, payoff.period))
            text.append("\n" + t("tui.problems.said_by", name=who([payoff.said_by] if payoff.said_by else [])), style="dim")
        detail.update(text)

    @on(Tree.NodeHighlighted, "#problem-tree")
    def _node_moved(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_cost(self, summary) -> None:
        t, lang = self.app.t, self.app.lang
        text = Text()
        text.append(t("tui.problems.cost_of_inaction") + " ", style="bold")
        text.append(money_list(summary.cost_of_inaction, lang, "year") if summary.cost_of_inaction else t("tui.problems.no_amounts"))
        if summary.cost_one_off:
            text.append(" + " + money_list(summary.cost_one_off, lang) + " " + t("tui.problems.one_off"))
        if summary.value_of_solving:
            text.append("\n" + t("tui.problems.value_of_solving") + " ", style="bold")
            text.append(money_list(summary.value_of_solving, lang, "year"))
        self.query_one("#cost-of-inaction", Static).update(text)

    # ------------------------------------------------------------ editing: each through app.actions

    def _problem(self, problem_id: str) -> Problem | None:
        if self.record is None:
            return None
        return next((p for p in self.record.problem_definition.problems if p.id == problem_id), None)

    @property
    def _based_on(self) -> int | None:
        """The deal's revision as drawn: every write says what it was made from."""
        return self.record.revision if self.record is not None else None

    def add_problem(self, *, statement: str = "", source_answer: str | None = None) -> None:
        """Ask for a new problem, raised by the stakeholder in view (``source_answer``: what they said)."""
        from ..dialogs.problem_form import ProblemForm

        if self.record is None:
            return
        deal_id = self.record.deal.id

        def done(values: dict | None) -> None:
            if values is None:
                return
            with self.app.saving():
                self.app.actions.add_problem(
                    deal_id,
                    values["statement"],
                    raised_by=values["raised_by"],
                    confirmed_by=values["confirmed_by"],
                    source_answers=[source_answer] if source_answer else [],
                    based_on=self._based_on,
                )
                self.tree.focus()

        self.app.push_screen(ProblemForm(None, self.record.stakeholders, raised_by=self.stakeholder_id, statement=statement), done)

    def _selected_problem(self) -> Problem | None:
        ref = self.tree.selected()
        return self._problem(ref[1]) if ref else None

    def add_implication(self) -> None:
        from ..dialogs.implication_form import ImplicationForm

        problem = self._selected_problem()
        if problem is None or self.record is None:
            return

        def done(values: dict | None) -> None:
            if values is not None:
                consequence = values.pop("consequence")
                with self.app.saving():
                    self.app.actions.add_implication(problem.id, consequence, **values, based_on=self._based_on)

        self.app.push_screen(
            ImplicationForm(None, self.record.stakeholders, currency=self.record.deal.currency, stated_by=self.stakeholder_id), done
        )

    def add_need_payoff(self) -> None:
        from ..dialogs.need_payoff_form import NeedPayoffForm

        problem = self._selected_problem()
        if problem is None or self.record is None:
            return

        def done(values: dict | None) -> None:
            if values is not None:
                text = values.pop("text")
                with self.app.saving():
                    self.app.actions.add_need_payoff(problem.id, text, **values, based_on=self._based_on)

        self.app.push_screen(
            NeedPayoffForm(None, self.record.stakeholders, currency=self.record.deal.currency, said_by=self.stakeholder_id), done
        )

    def toggle_confirmation(self) -> None:
        """The stakeholder in view confirms the selected problem (again: takes it back)."""
        problem = self._selected_problem()
        if problem is None or self.stakeholder_id is None:
            if self.stakeholder_id is None:
                self.app.notify(self.app.t("tui.problems.pick_stakeholder"), severity="warning")
            return
        who = self.stakeholder_id
        name = next((s.name for s in self.record.stakeholders if s.id == who), "")
        if problem.raised_by == who:
            self.app.notify(self.app.t("tui.problems.raised_it", name=name))
            return
        actions = self.app.actions
        with self.app.saving():
            if who in problem.confirmed_by:
                actions.withdraw_confirmation(problem.id, who, based_on=self._based_on)
                self.app.notify(self.app.t("tui.problems.withdrawn", name=name))
            else:
                actions.confirm_problem(problem.id, who, based_on=self._based_on)
                self.app.notify(self.app.t("tui.problems.confirmed", name=name))

    def edit_selected(self) -> None:
        from ..dialogs.implication_form import ImplicationForm
        from ..dialogs.need_payoff_form import NeedPayoffForm
        from ..dialogs.problem_form import ProblemForm

        ref = self.tree.selected()
        problem = self._problem(ref[1]) if ref else None
        if problem is None or self.record is None:
            return
        kind, _, item_id = ref
        stakeholders, currency, actions = self.record.stakeholders, self.record.deal.currency, self.app.actions

        def done(values: dict | None) -> None:
            if values is None:
                return
            from ..dialogs.conflict import save_or_ask

            if kind == "problem":
                shown, edit = problem, lambda v, was: actions.edit_problem(problem.id, **v, was=was, based_on=self._based_on)
            elif kind == "implication":
                shown = next(i for i in problem.implications if i.id == item_id)
                edit = lambda v, was: actions.edit_implication(item_id, **v, was=was, based_on=self._based_on)  # noqa: E731
            else:
                shown = next(n for n in problem.need_payoffs if n.id == item_id)
                edit = lambda v, was: actions.edit_need_payoff(item_id, **v, was=was, based_on=self._based_on)  # noqa: E731
            # What the seller saw: a field changed in another window meanwhile asks, the rest merges.
            with self.app.saving():
                save_or_ask(self.app, edit, values, {k: getattr(shown, k) for k in values if hasattr(shown, k)})

        if kind == "problem":
            self.app.push_screen(ProblemForm(problem, stakeholders), done)
        elif kind == "implication":
            implication = next(i for i in problem.implications if i.id == item_id)
            self.app.push_screen(ImplicationForm(implication, stakeholders, currency=currency, stated_by=self.stakeholder_id), done)
        else:
            payoff = next(n for n in problem.need_payoffs if n.id == item_id)
            self.app.push_screen(NeedPayoffForm(payoff, stakeholders, currency=currency, said_by=self.stakeholder_id), done)

    def remove_selected(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        ref = self.tree.selected()
        problem = self._problem(ref[1]) if ref else None
        if problem is None:
            return
        kind, _, item_id = ref
        t, actions = self.app.t, self.app.actions

        def done(yes: bool | None) -> None:
            if not yes:
                return
            with self.app.saving():
                if kind == "problem":
                    actions.remove_problem(problem.id, based_on=self._based_on)
                elif kind == "implication":
                    actions.remove_implication(item_id, based_on=self._based_on)
                else:
                    actions.remove_need_payoff(item_id, based_on=self._based_on)

        question = {
            "problem": t("tui.problems.confirm_remove_problem", statement=problem.statement),
            "implication": t("tui.problems.confirm_remove_implication"),
            "need_payoff": t("tui.problems.confirm_remove_need_payoff"),
        }[kind]
        self.app.push_screen(ConfirmDialog(question, t("tui.common.remove"), danger=True), done)

    @on(Tree.NodeSelected, "#problem-tree")
    def _node_chosen(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data is not None:
            self.edit_selected()
