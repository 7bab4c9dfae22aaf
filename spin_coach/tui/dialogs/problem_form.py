"""A problem of the shared definition: what it is, who raised it, who confirmed it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, SelectionList

from ...models import Problem, Stakeholder
from ..plain import rich_text
from .form import FormDialog


class ProblemForm(FormDialog):
    """Dismisses with ``{"statement", "raised_by", "confirmed_by"}`` (the caller asks the action) or None."""

    DEFAULT_CSS = """
    ProblemForm SelectionList {
        height: auto;
        max-height: 8;
    }
    """

    def __init__(
        self,
        problem: Problem | None,
        stakeholders: list[Stakeholder],
        *,
        raised_by: str | None = None,
        statement: str = "",
    ) -> None:
        super().__init__()
        self.problem = problem
        self.stakeholders = stakeholders
        self.raised_by = problem.raised_by if problem else raised_by
        self.statement = problem.statement if problem else statement

    def heading(self) -> str:
        return self.app.t("tui.problem_form.edit" if self.problem else "tui.problem_form.new")

    def fields(self) -> ComposeResult:
        t = self.app.t
        yield self.label("tui.problem_form.statement")
        yield Input(self.statement, placeholder=t("tui.problem_form.statement_hint"), id="statement")
        yield self.label("tui.problem_form.raised_by")
        choices = [(rich_text(s.name), s.id) for s in self.stakeholders]  # names are text, never markup
        known = {s.id for s in self.stakeholders}
        yield Select(choices, value=self.raised_by if self.raised_by in known else Select.NULL, prompt=t("tui.common.none"), id="raised-by")
        yield self.label("tui.problem_form.confirmed_by")
        confirmed = set(self.problem.confirmed_by) if self.problem else set()
        yield SelectionList(*[(rich_text(s.name), s.id, s.id in confirmed) for s in self.stakeholders], id="confirmed-by")

    def result(self) -> dict | None:
        statement = " ".join(self.query_one("#statement", Input).value.split())
        if not statement:
            self.error(self.app.t("tui.problem_form.need_statement"))
            self.query_one("#statement", Input).focus()
            return None
        raised = self.query_one("#raised-by", Select).value
        raised_by = None if raised is Select.NULL else raised
        confirmed = [s for s in self.query_one("#confirmed-by", SelectionList).selected if s != raised_by]
        return {"statement": statement, "raised_by": raised_by, "confirmed_by": confirmed}
