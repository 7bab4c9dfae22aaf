"""When another window changed what the seller was editing: keep mine, keep theirs, or both.

The write layer refuses a write made from a stale copy with a
:class:`~spin_coach.actions.Conflict` (nothing written). This dialog shows, for each
field both changed, what the seller wrote and what is stored now, and dismisses with
``"mine"``, ``"theirs"``, ``"both"`` (offered only where both fit: texts, lists) or
``None`` (decide later: the caller keeps the seller's text, unsaved; not offered where
nothing would keep it). The caller carries the choice out with :func:`resolve`.
"""

from __future__ import annotations

from typing import Any, Callable, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...actions import Conflict
from ..keys import localize_bindings
from ..plain import content

Choice = Literal["mine", "theirs", "both"]


def resolve(conflict: Conflict, choice: "Choice | None", values: dict[str, Any], was: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The ``values`` and ``was`` to call the refused action again with, for the seller's ``choice``:
    keep mine (written over theirs, which the seller has now seen), keep theirs (only the seller's
    other changes are written), both (texts joined, lists united). None: nothing to write now."""
    if choice is None:
        return None
    fields = {c.field for c in conflict.conflicts}
    seen = {**was, **conflict.theirs_as_was()}
    if choice == "theirs":
        return {k: v for k, v in values.items() if k not in fields}, was
    if choice == "both":
        both = conflict.both()
        return ({**values, **both}, seen) if both is not None else None
    return dict(values), seen


def save_or_ask(
    app,
    save: Callable[[dict[str, Any], dict[str, Any]], Any],
    values: dict[str, Any],
    was: dict[str, Any],
    *,
    later: bool = False,
    done: Callable[[Any], object] | None = None,
) -> bool:
    """``save(values, was)``; when another window changed the same field meanwhile, ask the seller
    (:class:`ConflictDialog`) and save again as chosen. ``done`` gets what a save returned. Other
    refusals propagate (call it inside ``app.saving()``). True when saved without asking."""
    try:
        saved = save(values, was)
    except Conflict as exc:
        conflict = exc  # the except name is gone once the block ends; the dialog answers later

        def chosen(choice: "Choice | None") -> None:
            again = resolve(conflict, choice, values, was)
            if again is not None:
                with app.saving():
                    save_or_ask(app, save, *again, later=later, done=done)

        app.push_screen(ConflictDialog(conflict, later=later), chosen)
        return False
    if done is not None:
        done(saved)
    return True


class ConflictDialog(ModalScreen["Choice | None"]):
    """Shows mine and theirs for each field changed in both places; the seller picks what to keep."""

    DEFAULT_CSS = """
    ConflictDialog {
        align: center middle;
    }
    ConflictDialog > #conflict {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $warning 60%;
        background: $surface;
        padding: 1 2;
    }
    ConflictDialog #conflict-fields {
        height: auto;
        max-height: 20;
    }
    ConflictDialog .conflict-field {
        text-style: bold;
        margin-top: 1;
    }
    ConflictDialog .conflict-side {
        color: $text-muted;
    }
    ConflictDialog #conflict-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    ConflictDialog #conflict-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "choose(None)", "tui.key.cancel", id="conflict.later"),
        Binding("m", "choose('mine')", "tui.conflict.mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "tui.conflict.theirs", id="conflict.theirs"),
        Binding("b", "choose('both')", "tui.conflict.both", id="conflict.both"),
    ]

    def __init__(self, conflict: Conflict, *, later: bool = True) -> None:
        super().__init__()
        localize_bindings(self)
        self.conflict = conflict
        self.later = later
        self.can_both = conflict.both() is not None

    def _label(self, field: str) -> str:
        if self.conflict.what == "deal" and field == "title":
            field = "deal_title"
        key = f"tui.conflict.field.{field.replace('.', '_')}"
        label = self.app.t(key)
        return field.replace("_", " ") if label == key else label

    def _shown(self, value: Any) -> str:
        if value is None or value == "" or value == []:
            return self.app.t("tui.common.none")
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="conflict"):
            yield Static(content(t("tui.conflict.question")))
            with VerticalScroll(id="conflict-fields"):
                for c in self.conflict.conflicts:
                    yield Static(content(self._label(c.field)), classes="conflict-field")
                    yield Static(content(t("tui.conflict.yours")), classes="conflict-side")
                    yield Static(content(self._shown(c.mine)), classes="conflict-mine")
                    yield Static(content(t("tui.conflict.stored")), classes="conflict-side")
                    yield Static(content(self._shown(c.theirs)), classes="conflict-theirs")
            with Horizontal(id="conflict-buttons"):
                if self.later:
                    yield Button(t("tui.conflict.later"), id="later")
                yield Button(t("tui.conflict.theirs"), id="theirs")
                if self.can_both:
                    yield Button(t("tui.conflict.both"), id="both")
                yield Button(t("tui.conflict.mine"), id="mine", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#mine", Button).focus()

    def action_choose(self, choice: "Choice | None") -> None:
        if (choice == "both" and not self.can_both) or (choice is None and not self.later):
            return
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "later" else event.button.id)


__all__ = ["Choice", "ConflictDialog", "resolve", "save_or_ask"]
