"""A problem of the shared definition: what it is, who raised it, who confirmed it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, SelectionList

from ...models import Problem, Stakeholder
from .form import FormDialog


class ProblemForm(FormDialog):
    """Dismisses with a Problem (new, or a changed copy of ``problem``) or None."""

    DEFAULT_CSS = """
    ProblemForm SelectionList {
        height: auto;
        max-height: 8;
    }
    """

    def __init__(
        self,
        deal_id: str,
        problem: Problem | None,
        people: list[Stakeholder],
        *,
        raised_by: str | None = None,
        statement: str = "",
        source_answer: str | None = None,
    ) -> None:
        super().__init__()
        self.deal_id = deal_id
        self.problem = problem
        self.people = people
        self.raised_by = problem.raised_by if problem else raised_by
        self.statement = problem.statement if problem else statement
        self.source_answer = source_answer

    def heading(self) -> str:
        return self.app.t("tui.problem_form.edit" if self.problem else "tui.problem_form.new")

    def fields(self) -> ComposeResult:
        t = self.app.t
        yield self.label("tui.problem_form.statement")
        yield Input(self.statement, placeholder=t("tui.problem_form.statement_hint"), id="statement")
        yield self.label("tui.problem_form.raised_by")
        people = [(p.name, p.id) for p in self.people]
        yield Select(people, value=self.raised_by if self.raised_by in {p.id for p in self.people} else Select.NULL, prompt=t("tui.common.none"), id="raised-by")
        yield self.label("tui.problem_form.confirmed_by")
        confirmed = set(self.problem.confirmed_by) if self.problem else set()
        yield SelectionList(*[(p.name, p.id, p.id in confirmed) for p in self.people], id="confirmed-by")

    def result(self) -> Problem | None:
        statement = " ".join(self.query_one("#statement", Input).value.split())
        if not statement:
            self.error(self.app.t("tui.problem_form.need_statement"))
            self.query_one("#statement", Input).focus()
            return None
        raised = self.query_one("#raised-by", Select).value
        raised_by = None if raised is Select.NULL else raised
        confirmed = [p for p in self.query_one("#confirmed-by", SelectionList).selected if p != raised_by]
        if self.problem is not None:
            return self.problem.model_copy(update={"statement": statement, "raised_by": raised_by, "confirmed_by": confirmed}, deep=True)
        return Problem(
            deal_id=self.deal_id,
            statement=statement,
            raised_by=raised_by,
            confirmed_by=confirmed,
            source_answers=[self.source_answer] if self.source_answer else [],
        )
