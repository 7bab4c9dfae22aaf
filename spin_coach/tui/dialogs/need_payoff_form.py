"""A need-payoff: the value of solving the problem, in the client's own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Label, Select

from ...models import NeedPayoff, Stakeholder
from .form import FormDialog, parse_amount
from .implication_form import PERIODS


class NeedPayoffForm(FormDialog):
    """Dismisses with a dict of NeedPayoff fields (the caller attaches it to the problem) or None."""

    DEFAULT_CSS = """
    NeedPayoffForm .money {
        height: auto;
    }
    NeedPayoffForm #amount {
        width: 1fr;
    }
    NeedPayoffForm #currency {
        width: 10;
    }
    NeedPayoffForm #period {
        width: 20;
    }
    """

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
        with Horizontal(classes="money"):
            amount = "" if not need or need.amount is None else f"{need.amount:g}"
            yield Input(amount, placeholder=t("tui.implication_form.amount_hint"), id="amount")
            yield Input(self.currency, max_length=3, id="currency")
            yield Select([(t(f"tui.period.{p}"), p) for p in PERIODS], value=(need.period if need and need.period else "year"), allow_blank=False, id="period")
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
        try:
            amount = parse_amount(self.query_one("#amount", Input).value)
        except ValueError:
            self.error(t("tui.implication_form.bad_amount"))
            self.query_one("#amount", Input).focus()
            return None
        currency = self.query_one("#currency", Input).value.strip().upper()
        if amount is not None and (len(currency) != 3 or not currency.isalpha() or not currency.isascii()):
            self.error(t("tui.deal_form.bad_currency"))
            return None
        said = self.query_one("#said-by", Select).value
        return {
            "text": text,
            "amount": amount,
            "currency": currency if amount is not None else None,
            "period": self.query_one("#period", Select).value if amount is not None else None,
            "said_by": None if said is Select.NULL else said,
            "explicit": self.query_one("#explicit", Checkbox).value,
        }
