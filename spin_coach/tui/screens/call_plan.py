"""The call-plan preview: one stakeholder's page (or everyone's), in either language, exported to a file."""

from __future__ import annotations

from textual.binding import Binding

from .proposal import DocumentScreen


class CallPlanScreen(DocumentScreen):
    """Call plans of one deal: the chosen stakeholder's page, or every page with no one chosen."""

    KIND = "plan"
    BINDINGS = [
        Binding("escape", "close", "proposal.ui.key.close", id="call_plan.close"),
        Binding("l", "language", "proposal.ui.key.language", id="call_plan.language"),
        Binding("f", "format", "proposal.ui.key.format", id="call_plan.format"),
        Binding("e", "export", "proposal.ui.key.export", id="call_plan.export"),
        Binding("n", "next_person", "proposal.ui.key.stakeholder", id="call_plan.next_person"),
        Binding("r", "refresh", "proposal.ui.key.refresh", id="call_plan.refresh", show=False),
    ]

    def __init__(self, deal_id: str, stakeholder_id: str | None = None) -> None:
        super().__init__(deal_id)
        self.stakeholder_id = stakeholder_id

    def heading(self, record) -> str:
        person = record.stakeholder(self.stakeholder_id)
        if person is not None:
            return self.app.t("proposal.ui.plan_title_one", name=person.name)
        return self.app.t("proposal.ui.plan_title", deal=record.deal.title)

    def export_title(self, record) -> str:
        person = record.stakeholder(self.stakeholder_id)
        return f"{record.deal.title} {person.name}" if person else record.deal.title

    def render_text(self, record, banks, lang: str, fmt: str) -> str | bytes:
        from ...proposal.documents import render_plan

        # A person removed meanwhile: show everyone rather than fail.
        person_id = self.stakeholder_id if record.stakeholder(self.stakeholder_id) else None
        return render_plan(record, banks, fmt=fmt, lang=lang, stakeholder_id=person_id)

    def action_next_person(self) -> None:
        """Step through the buying group; after the last person, everyone's plans together."""
        people = [s.id for s in self.app.store.stakeholders(self.deal_id)]  # in the order the workspace lists them
        order: list[str | None] = [*people, None]
        current = order.index(self.stakeholder_id) if self.stakeholder_id in order else len(order) - 1
        self.stakeholder_id = order[(current + 1) % len(order)]
        self.refresh_document()
