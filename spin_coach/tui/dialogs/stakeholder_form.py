"""Add or change a stakeholder of the buying group."""

from __future__ import annotations

from typing import get_args

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select

from ...models import Attitude, Channel, Influence, Stakeholder
from ..plain import rich_text
from .form import FormDialog

INFLUENCES = get_args(Influence)
ATTITUDES = get_args(Attitude)
CHANNELS = get_args(Channel)


class StakeholderForm(FormDialog):
    """Dismisses with the stakeholder's fields as a dict (name, title, role, influence, attitude,
    channel, external, notes; the caller asks the action) or None."""

    def __init__(self, stakeholder: Stakeholder | None, roles: list[tuple[str, str]]) -> None:
        super().__init__()
        self.stakeholder = stakeholder
        self.roles = roles  # (label, role id), in bank order
        self._role: str | None = None  # the role the influence was last matched to

    def _usual_influence(self, role: str | None) -> str:
        """How much say this role usually has (from the banks): an economic buyer decides."""
        found = self.app.get_banks().roles.get(role) if role else None
        return found.influence if found else "influencer"

    def heading(self) -> str:
        return self.app.t("tui.stakeholder_form.edit" if self.stakeholder else "tui.stakeholder_form.new")

    def fields(self) -> ComposeResult:
        t, p = self.app.t, self.stakeholder
        role_ids = [r for _, r in self.roles]
        role = p.role if p else ("end_user" if "end_user" in role_ids else (role_ids[0] if role_ids else None))
        roles = list(self.roles)
        if p and p.role not in role_ids:
            roles.append((p.role, p.role))
        yield self.label("tui.stakeholder_form.name")
        yield Input(p.name if p else "", id="name")
        yield self.label("tui.stakeholder_form.job_title")
        yield Input(p.title if p else "", placeholder=t("tui.stakeholder_form.job_title_hint"), id="job-title")
        yield self.label("tui.stakeholder_form.role")
        yield Select([(rich_text(label), r) for label, r in roles], value=role if role is not None else Select.NULL, allow_blank=not roles, id="role")
        yield self.label("tui.stakeholder_form.influence")
        self._role = role
        influence = p.influence if p else self._usual_influence(role)
        yield Select([(t(f"tui.influence.{i}"), i) for i in INFLUENCES], value=influence, allow_blank=False, id="influence")
        yield self.label("tui.stakeholder_form.attitude")
        yield Select([(t(f"tui.attitude.{a}"), a) for a in ATTITUDES], value=p.attitude if p else "neutral", allow_blank=False, id="attitude")
        yield self.label("tui.stakeholder_form.channel")
        yield Select([(t(f"tui.channel.{c}"), c) for c in CHANNELS], value=p.channel if p else "meeting", allow_blank=False, id="channel")
        yield Label("")
        yield Checkbox(t("tui.stakeholder_form.external"), p.external if p else False, id="external")
        yield self.label("tui.stakeholder_form.notes")
        yield Input(p.notes if p else "", placeholder=self.app.t("tui.stakeholder_form.notes_hint"), id="notes")

    @on(Select.Changed, "#role")
    def _role_chosen(self, event: Select.Changed) -> None:
        # Follow the role's usual influence unless the seller has set another one.
        influence = self.query_one("#influence", Select)
        new_role = None if event.value is Select.NULL else str(event.value)
        if new_role != self._role and influence.value == self._usual_influence(self._role):
            influence.value = self._usual_influence(new_role)
        self._role = new_role

    def result(self) -> dict | None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.error(self.app.t("tui.stakeholder_form.need_name"))
            self.query_one("#name", Input).focus()
            return None
        role = self.query_one("#role", Select).value
        return dict(
            name=name,
            title=self.query_one("#job-title", Input).value.strip(),
            role=role if role is not Select.NULL else "end_user",
            influence=self.query_one("#influence", Select).value,
            attitude=self.query_one("#attitude", Select).value,
            channel=self.query_one("#channel", Select).value,
            external=self.query_one("#external", Checkbox).value,
            notes=self.query_one("#notes", Input).value.strip(),
        )
