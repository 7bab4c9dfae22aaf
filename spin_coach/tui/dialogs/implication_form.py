"""An implication of a problem: the consequence, what it costs and how often, who said so."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from ...models import Implication, Stakeholder
from ..plain import rich_text
from .money_form import MoneyForm


class ImplicationForm(MoneyForm):
    """Dismisses with a dict of Implication fields (the caller asks the action) or None."""

    def __init__(self, implication: Implication | None, stakeholders: list[Stakeholder], *, currency: str, stated_by: str | None) -> None:
        super().__init__()
        self.implication = implication
        self.stakeholders = stakeholders
        self.currency = (implication.currency if implication and implication.currency else currency) or "EUR"
        self.stated_by = implication.stated_by if implication else stated_by

    def heading(self) -> str:
        return self.app.t("tui.implication_form.edit" if self.implication else "tui.implication_form.new")

    def fields(self) -> ComposeResult:
        t, imp = self.app.t, self.implication
        yield self.label("tui.implication_form.consequence")
        yield Input(imp.consequence if imp else "", placeholder=t("tui.implication_form.consequence_hint"), id="consequence")
        yield self.label("tui.implication_form.amount")
        yield from self.money_fields(imp.amount if imp else None, self.currency, imp.period if imp else None)
        yield self.label("tui.implication_form.stated_by")
        ids = {s.id for s in self.stakeholders}
        yield Select([(rich_text(s.name), s.id) for s in self.stakeholders], value=self.stated_by if self.stated_by in ids else Select.NULL, prompt=t("tui.common.none"), id="stated-by")
        yield self.label("tui.implication_form.evidence")
        yield Select(
            [(t("tui.evidence.stated"), "stated"), (t("tui.evidence.inferred"), "inferred")],
            value=imp.evidence if imp else "stated",
            allow_blank=False,
            id="evidence",
        )

    def result(self) -> dict | None:
        t = self.app.t
        consequence = " ".join(self.query_one("#consequence", Input).value.split())
        if not consequence:
            self.error(t("tui.implication_form.need_consequence"))
            self.query_one("#consequence", Input).focus()
            return None
        money = self.read_money()
        if money is None:
            return None
        stated = self.query_one("#stated-by", Select).value
        return {
            "consequence": consequence,
            **money,
            "stated_by": None if stated is Select.NULL else stated,
            "evidence": self.query_one("#evidence", Select).value,
        }
