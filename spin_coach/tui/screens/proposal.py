"""The proposal preview: the pre-sell proposal as Markdown, in either language, exported to a file.

:class:`DocumentScreen` is shared with the call-plan screen: both preview a
document rendered by :mod:`spin_coach.proposal` (the screen renders nothing
itself), switch its language, cycle through the document's output formats
(from :mod:`spin_coach.proposal.formats`, so a new format shows up here by
itself) and write it to a folder.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from ...i18n import SUPPORTED
from ...proposal.formats import OutputFormat, formats_for, output_format
from ..keys import localize_bindings
from ..messages import DealChanged

_last_folder: Path | None = None  # where the seller exported last, for the next export this session


def default_folder() -> Path:
    """The last export folder, else the user's Documents folder, else home."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


class DocumentScreen(Screen):
    """A document preview with language, format and export; subclasses say which document."""

    DEFAULT_CSS = """
    DocumentScreen #doc-status {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    DocumentScreen #doc-scroll {
        padding: 0 2;
    }
    DocumentScreen #doc-error {
        color: $error;
        padding: 1 2;
        height: auto;
    }
    DocumentScreen #doc-error.-hidden {
        display: none;
    }
    """

    KIND = "document"  # which of proposal.formats.DOCUMENTS this screen shows
    KEY_PREFIX = "document"
    PREVIEW_FORMAT = "md"  # the preview widget draws Markdown, whichever format is chosen for export

    def __init__(self, deal_id: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.deal_id = deal_id
        self.doc_lang = "en"
        self.formats: tuple[OutputFormat, ...] = formats_for(self.KIND)
        self.fmt = self.formats[0].name  # the export format's name
        self.text = ""  # the Markdown shown, for tests and for copying
        self.last_export: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="doc-status")
        yield Static("", id="doc-error", classes="-hidden")
        with VerticalScroll(id="doc-scroll"):
            # Links in a document are never followed from the preview.
            yield Markdown("", id="doc-preview", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.doc_lang = self.app.lang if self.app.lang in SUPPORTED else "en"
        self.refresh_document()

    # ------------------------------------------------------------ what subclasses provide

    def heading(self, record) -> str:
        return record.deal.title

    def render_text(self, record, banks, lang: str, fmt: str) -> str | bytes:
        raise NotImplementedError

    @property
    def export_format(self) -> OutputFormat:
        """The chosen export format."""
        return output_format(self.KIND, self.fmt)

    def export_title(self, record) -> str:
        return record.deal.title

    # ------------------------------------------------------------ showing

    def refresh_document(self) -> None:
        self._update_status()
        # The store is read here, on the app's thread; only rendering goes to a worker.
        try:
            record = self.app.store.record(self.deal_id)
        except Exception as exc:  # the deal was deleted meanwhile
            self._show_error(self.app.t("proposal.ui.render_failed", error=str(exc)))
            return
        self._render_preview(record, self.doc_lang)

    def _update_status(self) -> None:
        t = self.app.t
        lang_name = t(f"proposal.ui.lang_{self.doc_lang}")
        fmt_name = self.export_format.label(self.app.lang)
        self.query_one("#doc-status", Static).update(f"{t('proposal.ui.language', lang=lang_name)} · {t('proposal.ui.format', format=fmt_name)}")

    @work(thread=True, exclusive=True, group="document-preview")
    def _render_preview(self, record, lang: str) -> None:
        try:
            text = self.render_text(record, self.app.get_banks(), lang, self.PREVIEW_FORMAT)
        except Exception as exc:  # a broken user template or catalog: say so, keep the screen
            self.app.call_from_thread(self._show_error, self.app.t("proposal.ui.render_failed", error=str(exc)))
            return
        self.app.call_from_thread(self._show, record, str(text))

    async def _show(self, record, text: str) -> None:
        self.sub_title = self.heading(record)
        self.query_one("#doc-error", Static).add_class("-hidden")
        self.text = text
        await self.query_one("#doc-preview", Markdown).update(text)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#doc-error", Static)
        error.update(message)
        error.remove_class("-hidden")

    def on_deal_changed(self, message: DealChanged) -> None:
        if message.deal_id == self.deal_id:
            self.refresh_document()

    # ------------------------------------------------------------ actions

    def action_language(self) -> None:
        codes = list(SUPPORTED)
        self.doc_lang = codes[(codes.index(self.doc_lang) + 1) % len(codes)] if self.doc_lang in codes else codes[0]
        self.refresh_document()

    def action_format(self) -> None:
        names = [f.name for f in self.formats]
        self.fmt = names[(names.index(self.fmt) + 1) % len(names)]
        self._update_status()

    def action_refresh(self) -> None:
        self.refresh_document()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        from ...proposal.files import export_name
        from ..dialogs.export import ExportDialog

        record = self.app.store.record(self.deal_id)
        chosen = self.export_format
        name = export_name(self.export_title(record), self.KIND, chosen.suffix, self.doc_lang)
        self.app.push_screen(ExportDialog(default_folder(), name, chosen), self._export_to)

    def _export_to(self, choice: tuple[Path, str] | None) -> None:
        if choice is not None:
            self._export(self.app.store.record(self.deal_id), choice[0], choice[1], self.doc_lang, self.export_format)

    @work(thread=True, exclusive=True, group="document-export")
    def _export(self, record, folder: Path, name: str, lang: str, fmt: OutputFormat) -> None:
        global _last_folder
        from ...proposal.files import safe_file_name, write_export

        t = self.app.t
        try:
            result = self.render_text(record, self.app.get_banks(), lang, fmt.name)
            data = result if isinstance(result, bytes) else result.encode("utf-8")
            done = write_export(folder, safe_file_name(name, fmt.suffix), data)
        except Exception as exc:  # a full disk, a folder gone, a broken template: tell the seller
            self.app.call_from_thread(self.notify, t("proposal.ui.export_failed", error=str(exc)), severity="error", timeout=10)
            return
        _last_folder = folder
        self.last_export = done.path
        if done.renamed:
            message = t("proposal.ui.exported_renamed", name=done.requested, path=str(done.path))
        else:
            message = t("proposal.ui.exported", path=str(done.path))
        self.app.call_from_thread(self.notify, message, severity="warning" if done.renamed else "information", timeout=8)


class ProposalScreen(DocumentScreen):
    """The pre-sell proposal of one deal: preview, language, format (Markdown, HTML, Word), export."""

    KIND = "proposal"
    BINDINGS = [
        Binding("escape", "close", "proposal.ui.key.close", id="proposal.close"),
        Binding("l", "language", "proposal.ui.key.language", id="proposal.language"),
        Binding("f", "format", "proposal.ui.key.format", id="proposal.format"),
        Binding("e", "export", "proposal.ui.key.export", id="proposal.export"),
        Binding("r", "refresh", "proposal.ui.key.refresh", id="proposal.refresh", show=False),
    ]

    def heading(self, record) -> str:
        return self.app.t("proposal.ui.proposal_title", deal=record.deal.title)

    def render_text(self, record, banks, lang: str, fmt: str) -> str | bytes:
        from ...proposal.documents import render_proposal

        return render_proposal(record, banks, fmt=fmt, lang=lang, catalog=self._catalog())

    def _catalog(self):
        """The seller's catalog; a broken one is reported and left out, as the CLI does."""
        from ...banks import BankError
        from ...catalog import load_catalog
        from ...models import BankInfo, ServiceCatalog

        try:
            return load_catalog()
        except BankError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", timeout=10)
            return ServiceCatalog(catalog=BankInfo(id="none"), offers=[])
