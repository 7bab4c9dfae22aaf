"""A need-payoff: the value of solving the problem, in the client's own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select

from ...models import NeedPayoff, Stakeholder
from .money_form import MoneyForm


class NeedPayoffForm(MoneyForm):
    """Dismisses with a dict of NeedPayoff fields (the caller attaches it to the problem) or None."""

    def __init__(self, need: NeedPayoff | None, people: list[Stakeholder], *, currency: str, said_by: str | None) -> None:
        super().__init__()
        self.need = need
        self.people = people
        self.currency = (need.currency if need and need.currency else currency) or "EUR"
        self.said_by = need.said_by if need else said_by

    def heading(self) -> str:
        return self.app.t("tui.need_form.edit" if self.need else "tui.need_form.new")

    def fields(self) -> ComposeResult:
        t, need = self.app.t, self.need
        yield self.label("tui.need_form.text")
        yield Input(need.text if need else "", placeholder=t("tui.need_form.text_hint"), id="need-text")
        yield self.label("tui.need_form.amount")
        yield from self.money_fields(need.amount if need else None, self.currency, need.period if need else None)
        yield self.label("tui.need_form.said_by")
        ids = {p.id for p in self.people}
        yield Select([(p.name, p.id) for p in self.people], value=self.said_by if self.said_by in ids else Select.NULL, prompt=t("tui.common.none"), id="said-by")
        yield Label("")
        yield Checkbox(t("tui.need_form.explicit"), need.explicit if need else False, id="explicit")

    def result(self) -> dict | None:
        t = self.app.t
        text = " ".join(self.query_one("#need-text", Input).value.split())
        if not text:
            self.error(t("tui.need_form.need_text"))
            self.query_one("#need-text", Input).focus()
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
