"""The frame every form dialog shares: a title, fields, Save and Cancel."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ..keys import localize_bindings
from ..plain import SHOW_CONTROLS, content


class _FormBody(VerticalScroll, can_focus=False):
    """Scrolls when the terminal is short, without taking a Tab stop of its own."""


class FormDialog(ModalScreen):
    """A modal form. Subclasses yield label, field, label, field … from ``fields()`` and return a result from ``result()``.

    ``result()`` returns ``None`` to keep the dialog open (after calling ``self.error(...)``).
    """

    DEFAULT_CSS = """
    FormDialog {
        align: center middle;
    }
    FormDialog > #dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    FormDialog #dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }
    FormDialog #dialog-fields {
        grid-size: 2;
        grid-columns: 22 1fr;
        grid-rows: auto;
        grid-gutter: 1 1;
        height: auto;
    }
    FormDialog #dialog-fields > Label {
        color: $text-muted;
        width: 100%;
    }
    FormDialog.-narrow #dialog-fields {
        grid-columns: 16 1fr;
    }
    FormDialog #dialog-error {
        color: $error;
        height: auto;
    }
    FormDialog #dialog-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    FormDialog #dialog-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "tui.key.cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "tui.key.save", id="dialog.save"),
    ]

    title_key = "tui.dialog.form"
    # Straight into the first field: a form is for typing.
    AUTO_FOCUS = "#dialog Input, #dialog SelectionList"

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        t = self.app.t
        with _FormBody(id="dialog"):
            yield Static(content(self.heading()), id="dialog-title")
            with Grid(id="dialog-fields"):
                # Compact fields, label beside field: a whole form fits on an 80×24 terminal.
                for widget in self.fields():
                    if isinstance(widget, (Input, Select, Checkbox)):
                        widget.compact = True
                    if isinstance(widget, Input) and widget.highlighter is None:
                        widget.highlighter = SHOW_CONTROLS  # stored text with an escape: shown, never sent
                    yield widget
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("tui.common.cancel"), id="cancel", compact=True)
                yield Button(t(self.save_key), id="save", variant="primary", compact=True)

    save_key = "tui.common.save"  # the label of the button that completes the form

    def heading(self) -> str:
        return self.app.t(self.title_key)

    def fields(self) -> ComposeResult:
        yield from ()

    def label(self, key: str) -> Label:
        return Label(self.app.t(key))

    def result(self):
        raise NotImplementedError

    def error(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(content(message))  # may quote what was typed

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        value = self.result()
        if value is not None:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

