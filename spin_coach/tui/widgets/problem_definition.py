"""The shared problem definition, edited in place: problems, who holds each, implications with
amounts, need-payoffs, and what inaction costs. Edits go through the coach's pure functions
(confirm, add_implication …) and are written with ``store.save_problem``."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, Tree

from ...coach import problems as edit
from ...coach.text import money, money_list
from ...models import DealRecord, Problem
from ...store import StoreError
from .problem_tree import ProblemTree

class ProblemDefinition(Vertical):
    """The tree plus the deal's cost of inaction. ``person_id`` is the person the seller is talking to."""

    DEFAULT_CSS = """
    ProblemDefinition {
        height: 1fr;
    }
    ProblemDefinition #problem-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
    }
    ProblemDefinition #cost-of-inaction {
        height: auto;
        padding: 0 1;
        background: $boost;
        border-left: thick $warning;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.record: DealRecord | None = None
        self.person_id: str | None = None
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

    def show(self, record: DealRecord, summary, agreement, person_id: str | None) -> None:
        """Draw the definition; ``summary`` is coach.problem_summary, ``agreement`` coach.consensus."""
        t, lang = self.app.t, self.app.lang
        self.record, self.summary, self.agreement, self.person_id = record, summary, agreement, person_id
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
            holders = edit.believers(problem)
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
            for need in problem.need_payoffs:
                line = Text("◆ ")
                line.append(t("tui.common.quote", text=need.text))
                if need.amount is not None:
                    line.append("  " + money(need.amount, need.currency or record.deal.currency, lang, need.period), style="bold")
                if need.said_by:
                    line.append(f"  · {names.get(need.said_by, need.said_by)}", style="italic")
                line.append(f"  ({t('tui.problems.explicit' if need.explicit else 'tui.problems.implied')})", style="dim")
                child = node.add_leaf(line, data=("need", problem.id, need.id))
                if keep == ("need", problem.id, need.id):
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
            need = next((n for n in problem.need_payoffs if n.id == item_id), None)
            if need is None:
                return
            text.append(t("tui.common.quote", text=need.text), style="bold")
            if need.amount is not None:
                text.append("\n" + money(need.amount, need.currency or record.deal.currency, lang, need.period))
            text.append("\n" + t("tui.problems.said_by", name=who([need.said_by] if need.said_by else [])), style="dim")
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

    # ------------------------------------------------------------ editing

    def _problem(self, problem_id: str) -> Problem | None:
        if self.record is None:
            return None
        return next((p for p in self.record.problem_definition.problems if p.id == problem_id), None)

    def _save(self, problem: Problem) -> bool:
        try:
            self.app.store.save_problem(problem)
        except (StoreError, Exception) as exc:  # the seller's edit is in the dialog result: say so, change nothing
            self.app.notify(self.app.t("tui.common.not_saved", error=str(exc)), severity="error", timeout=10)
            return False
        self.app.deal_changed(problem.deal_id)
        return True

    def add_problem(self, *, statement: str = "", source_answer: str | None = None) -> None:
        from ..dialogs.problem_form import ProblemForm

        if self.record is None:
            return

        def done(problem: Problem | None) -> None:
            if problem is not None and self._save(problem):
                self.tree.focus()

        self.app.push_screen(
            ProblemForm(
                self.record.deal.id,
                None,
                self.record.stakeholders,
                raised_by=self.person_id,
                statement=statement,
                source_answer=source_answer,
            ),
            done,
        )

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
                self._save(edit.add_implication(problem, consequence, **values))

        self.app.push_screen(
            ImplicationForm(None, self.record.stakeholders, currency=self.record.deal.currency, stated_by=self.person_id), done
        )

    def add_need(self) -> None:
        from ..dialogs.need_payoff_form import NeedPayoffForm

        problem = self._selected_problem()
        if problem is None or self.record is None:
            return

        def done(values: dict | None) -> None:
            if values is not None:
                text = values.pop("text")
                self._save(edit.add_need_payoff(problem, text, **values))

        self.app.push_screen(NeedPayoffForm(None, self.record.stakeholders, currency=self.record.deal.currency, said_by=self.person_id), done)

    def toggle_confirmation(self) -> None:
        """The person the seller is talking to confirms the selected problem (again: takes it back)."""
        problem = self._selected_problem()
        if problem is None or self.person_id is None:
            if self.person_id is None:
                self.app.notify(self.app.t("tui.problems.pick_person"), severity="warning")
            return
        name = next((p.name for p in self.record.stakeholders if p.id == self.person_id), "")
        if problem.raised_by == self.person_id:
            self.app.notify(self.app.t("tui.problems.raised_it", name=name))
            return
        if self.person_id in problem.confirmed_by:
            if self._save(edit.withdraw(problem, self.person_id)):
                self.app.notify(self.app.t("tui.problems.withdrawn", name=name))
        elif self._save(edit.confirm(problem, self.person_id)):
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
        people = self.record.stakeholders
        if kind == "problem":
            self.app.push_screen(ProblemForm(problem.deal_id, problem, people), lambda p: p is not None and self._save(p))
        elif kind == "implication":
            imp = next(i for i in problem.implications if i.id == item_id)

            def done_imp(values: dict | None) -> None:
                if values is not None:
                    changed = [i.model_copy(update=values) if i.id == item_id else i for i in problem.implications]
                    self._save(problem.model_copy(update={"implications": changed}, deep=True))

            self.app.push_screen(ImplicationForm(imp, people, currency=self.record.deal.currency, stated_by=self.person_id), done_imp)
        else:
            need = next(n for n in problem.need_payoffs if n.id == item_id)

            def done_need(values: dict | None) -> None:
                if values is not None:
                    changed = [n.model_copy(update=values) if n.id == item_id else n for n in problem.need_payoffs]
                    self._save(problem.model_copy(update={"need_payoffs": changed}, deep=True))

            self.app.push_screen(NeedPayoffForm(need, people, currency=self.record.deal.currency, said_by=self.person_id), done_need)

    def remove_selected(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        ref = self.tree.selected()
        problem = self._problem(ref[1]) if ref else None
        if problem is None:
            return
        kind, _, item_id = ref
        t = self.app.t

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if kind == "problem":
                try:
                    self.app.store.delete_problem(problem.id)
                except Exception as exc:
                    self.app.notify(t("tui.common.not_saved", error=str(exc)), severity="error")
                    return
                self.app.deal_changed(problem.deal_id)
            elif kind == "implication":
                self._save(problem.model_copy(update={"implications": [i for i in problem.implications if i.id != item_id]}, deep=True))
            else:
                self._save(problem.model_copy(update={"need_payoffs": [n for n in problem.need_payoffs if n.id != item_id]}, deep=True))

        question = {
            "problem": t("tui.problems.confirm_remove_problem", statement=problem.statement),
            "implication": t("tui.problems.confirm_remove_implication"),
            "need": t("tui.problems.confirm_remove_need"),
        }[kind]
        self.app.push_screen(ConfirmDialog(question, t("tui.common.remove"), danger=True), done)

    @on(Tree.NodeSelected, "#problem-tree")
    def _node_chosen(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data is not None:
            self.edit_selected()
