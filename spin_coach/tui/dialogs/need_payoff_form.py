"""A need-payoff: the value of solving the problem, in the client's own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select

from ...models import NeedPayoff, Stakeholder
from ..plain import rich_text
from .money_form import MoneyForm


class NeedPayoffForm(MoneyForm):
    """Dismisses with a dict of NeedPayoff fields (the caller asks the action) or None."""

    def __init__(self, need_payoff: NeedPayoff | None, stakeholders: list[Stakeholder], *, currency: str, said_by: str | None) -> None:
        super().__init__()
        self.need_payoff = need_payoff
        self.stakeholders = stakeholders
        self.currency = (need_payoff.currency if need_payoff and need_payoff.currency else currency) or "EUR"
        self.said_by = need_payoff.said_by if need_payoff else said_by

    def heading(self) -> str:
        return self.app.t("tui.need_payoff_form.edit" if self.need_payoff else "tui.need_payoff_form.new")

    def fields(self) -> ComposeResult:
        t, payoff = self.app.t, self.need_payoff
        yield self.label("tui.need_payoff_form.text")
        yield Input(payoff.text if payoff else "", placeholder=t("tui.need_payoff_form.text_hint"), id="need-payoff-text")
        yield self.label("tui.need_payoff_form.amount")
        yield from self.money_fields(payoff.amount if payoff else None, self.currency, payoff.period if payoff else None)
        yield self.label("tui.need_payoff_form.said_by")
        ids = {s.id for s in self.stakeholders}
        yield Select([(rich_text(s.name), s.id) for s in self.stakeholders], value=self.said_by if self.said_by in ids else Select.NULL, prompt=t("tui.common.none"), id="said-by")
        yield Label("")
        yield Checkbox(t("tui.need_payoff_form.explicit"), payoff.explicit if payoff else False, id="explicit")

    def result(self) -> dict | None:
        t = self.app.t
        text = " ".join(self.query_one("#need-payoff-text", Input).value.split())
        if not text:
            self.error(t("tui.need_payoff_form.need_text"))
            self.query_one("#need-payoff-text", Input).focus()
            return None
        money = self.read_money()
        if money is None:
            return None
        said = self.query_one("#said-by", Select).value
        return {
            "text": text,
            **money,
            "said_by": None if said is Select.NULL else said,
            "explicit": self.query_one("#explicit", Checkbox).value,
        }
