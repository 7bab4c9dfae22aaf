"""Where to export a document: a folder and a file name, checked before the dialog closes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from .form import FormDialog

if TYPE_CHECKING:
    from ...proposal.formats import OutputFormat


class ExportDialog(FormDialog):
    """Asks for a folder and a file name; dismisses with ``(folder, name)`` or None.

    The name is made safe when the file is written (no folders, no ``..``, the
    format's suffix), and an existing file is never replaced: the screen that
    exports says so. A format with an export note (Word: previewed as
    Markdown) shows it under the fields.
    """

    DEFAULT_CSS = """
    ExportDialog #export-note {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, folder: Path, name: str, output_format: OutputFormat | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.name_suggested = name
        self.output_format = output_format

    def heading(self) -> str:
        return self.app.t("proposal.ui.export.title")

    def fields(self) -> ComposeResult:
        yield self.label("proposal.ui.export.folder")
        yield Input(str(self.folder), id="export-folder")
        yield self.label("proposal.ui.export.name")
        yield Input(self.name_suggested, id="export-name")
        note = self.output_format.export_note if self.output_format else ""
        if note:
            yield Static(self.app.t(note), id="export-note")

    def result(self) -> tuple[Path, str] | None:
        folder = Path(self.query_one("#export-folder", Input).value.strip() or ".").expanduser()
        name = self.query_one("#export-name", Input).value.strip()
        if not folder.is_dir():
            self.error(self.app.t("proposal.ui.export.not_a_folder", path=str(folder)))
            self.query_one("#export-folder", Input).focus()
            return None
        if not name:
            self.query_one("#export-name", Input).focus()
            return None
        return folder, name

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
