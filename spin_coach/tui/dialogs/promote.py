"""Turning a line of meeting notes into a problem, an implication with its cost, or a need-payoff.

Everything is prefilled from the line: the kind from its SPIN tag, the text, and
the amount found in it, so Enter alone is often all it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static

from ...amounts import Amount, parse_amount
from ...coach.text import money
from ...models import Note, Problem
from ..plain import content, rich_text
from .form import FormDialog

Kind = Literal["problem", "implication", "need_payoff"]
KINDS: tuple[Kind, ...] = ("problem", "implication", "need_payoff")


@dataclass(frozen=True)
class Promotion:
    """What the seller chose: a new problem, or an implication or need-payoff under ``problem_id``."""

    kind: Kind
    text: str
    problem_id: str | None = None
    amount: Amount | None = None


def amount_field_text(amount: Amount | None, t) -> str:
    """An amount written back the way the amount field reads it (``12000 EUR / month``)."""
    if amount is None:
        return ""
    value = f"{amount.value:.2f}".rstrip("0").rstrip(".")
    parts = [value, amount.currency or ""]
    if amount.period:
        parts.append(t(f"meeting.promote.period_field.{amount.period}"))
    return " ".join(p for p in parts if p)


class PromoteDialog(FormDialog):
    """Add a meeting line to the shared problem definition. Dismisses with a :class:`Promotion` or None."""

    DEFAULT_CSS = """
    PromoteDialog > #dialog {
        width: 84;
    }
    PromoteDialog #promote-line {
        text-style: italic;
    }
    PromoteDialog #promote-kind {
        width: 100%;
        layout: horizontal;
        height: auto;
    }
    PromoteDialog #amount-field {
        height: auto;
    }
    PromoteDialog #promote-amount-read {
        color: $text-muted;
        height: 1;
    }
    PromoteDialog #promote-amount-read.-bad {
        color: $text-error;
    }
    """

    # Priority, as in meeting mode: a terminal's alt+p carries the character "p", which an input would type.
    BINDINGS = [
        Binding("alt+p", "kind('problem')", "meeting.key.as_problem", id="promote.problem", priority=True),
        Binding("alt+i", "kind('implication')", "meeting.key.as_implication", id="promote.implication", priority=True),
        Binding("alt+n", "kind('need_payoff')", "meeting.key.as_need_payoff", id="promote.need_payoff", priority=True),
    ]

    title_key = "meeting.promote.title"

    def __init__(
        self,
        note: Note,
        speaker: str,
        problems: list[Problem],
        *,
        kind: Kind = "problem",
        problem_id: str | None = None,
        currency: str | None = None,
    ) -> None:
        super().__init__()
        self.note = note
        self.speaker = speaker
        self.problems = problems
        self.kind: Kind = kind
        self.problem_id = problem_id if any(p.id == problem_id for p in problems) else (problems[-1].id if problems else None)
        self.currency = currency
        self.found = parse_amount(note.text, currency)

    def fields(self) -> ComposeResult:
        t = self.app.t
        yield Label(content(self.speaker or t("meeting.promote.said")), id="line-label")  # a name: never markup
        yield Static(content(f"“{self.note.text}”"), id="promote-line")
        yield Label(t("meeting.promote.add_as"), id="kind-label")
        with RadioSet(id="promote-kind"):
            for kind in KINDS:
                yield RadioButton(t(f"meeting.promote.kind.{kind}"), id=f"kind-{kind}")
        yield Label(t("meeting.promote.problem"), id="problem-label")
        if self.problems:
            yield Select(
                [(rich_text(p.statement), p.id) for p in self.problems],
                value=self.problem_id,
                allow_blank=False,
                id="promote-problem",
            )
        else:
            yield Static(t("meeting.promote.no_problem"), id="promote-problem")
        yield Label("", id="text-label")
        yield Input(self.note.text, id="promote-text", select_on_focus=False)
        yield Label(t("meeting.promote.amount"), id="amount-label")
        with Vertical(id="amount-field"):
            yield Input(amount_field_text(self.found, t), placeholder=t("meeting.promote.amount_hint"), id="promote-amount")
            yield Static("", id="promote-amount-read")

    def on_mount(self) -> None:
        # Pressed after mounting, so the set's cursor sits on the chosen kind too.
        self.action_kind(self.kind)
        self._show_kind()
        self._read_amount(self.query_one("#promote-amount", Input).value)
        self.query_one("#promote-text", Input).focus()

    # ------------------------------------------------------------ kind

    def action_kind(self, kind: Kind) -> None:
        self.query_one(f"#kind-{kind}", RadioButton).value = True

    @on(RadioSet.Changed, "#promote-kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        self.kind = KINDS[event.index]
        self._show_kind()

    def _show_kind(self) -> None:
        t = self.app.t
        under_problem = self.kind != "problem"
        for selector in ("#problem-label", "#promote-problem", "#amount-label", "#amount-field"):
            self.query_one(selector).display = under_problem
        self.query_one("#text-label", Label).update(t(f"meeting.promote.text.{self.kind}"))

    # ------------------------------------------------------------ amount

    @on(Input.Changed, "#promote-amount")
    def _amount_typed(self, event: Input.Changed) -> None:
        self._read_amount(event.value)

    def _read_amount(self, text: str) -> Amount | None:
        """Show how the amount field is understood; None when it is empty or not understood."""
        read = self.query_one("#promote-amount-read", Static)
        t = self.app.t
        if not text.strip():
            read.update(t("meeting.promote.amount_none"))
            read.set_class(False, "-bad")
            return None
        amount = parse_amount(text, self.currency, lenient=True)
        if amount is None or amount.currency is None:
            read.update(t("meeting.promote.amount_bad"))
            read.set_class(True, "-bad")
            return None
        shown = money(amount.value, amount.currency, self.app.lang, amount.period)
        if amount.period == "one_off":
            shown += " " + t("meeting.promote.one_off")
        read.update(Content("= " + shown))
        read.set_class(False, "-bad")
        return amount

    # ------------------------------------------------------------ result

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def result(self) -> Promotion | None:
        t = self.app.t
        text = self.query_one("#promote-text", Input).value.strip()
        if not text:
            self.error(t("meeting.promote.need_text"))
            return None
        if self.kind == "problem":
            return Promotion("problem", text)
        if not self.problems:
            self.error(t("meeting.promote.no_problem"))
            return None
        problem_id = self.query_one("#promote-problem", Select).value
        field = self.query_one("#promote-amount", Input).value
        amount = self._read_amount(field)
        if field.strip() and amount is None:
            self.error(t("meeting.promote.amount_bad"))
            return None
        return Promotion(self.kind, text, problem_id, amount)
