"""The proposal preview: the pre-sell proposal as Markdown, in either language, exported to a file.

:class:`DocumentScreen` is shared with the call-plan screen: both preview a
document rendered by :mod:`spin_coach.proposal` (the screen renders nothing
itself), switch its language, cycle through the document's output formats
(from :mod:`spin_coach.proposal.formats`, so a new format shows up here by
itself) and write it to a folder.

A user template renders in a child process (:mod:`spin_coach.proposal.isolation`);
while one is rendering, escape cancels it (the worker is cancelled and the child
killed) instead of closing the screen, and leaving the screen kills it too.
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
from ..plain import content

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
        self._preview = None  # (worker, RenderScope) of the preview being rendered
        self._export_scope = None  # the RenderScope of an export being rendered

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

    def _update_status(self, note: str | None = None) -> None:
        t = self.app.t
        lang_name = t(f"proposal.ui.lang_{self.doc_lang}")
        fmt_name = self.export_format.label(self.app.lang)
        line = f"{t('proposal.ui.language', lang=lang_name)} · {t('proposal.ui.format', format=fmt_name)}"
        self.query_one("#doc-status", Static).update(f"{line} · {note}" if note else line)

    def _render_preview(self, record, lang: str) -> None:
        from ...proposal.isolation import RenderScope

        self._cancel_preview()  # a newer preview replaces the one still rendering, child and all
        scope = RenderScope()
        worker = self._preview_worker(record, lang, scope)
        self._preview = (worker, scope)
        self.set_timer(0.5, lambda: self._say_rendering(scope))

    def _say_rendering(self, scope) -> None:
        """A user template still rendering after half a second: say so, and that escape cancels."""
        if self._preview is not None and self._preview[1] is scope and scope.running and not scope.cancelled:
            self._update_status(self.app.t("tui.document.rendering"))

    @property
    def rendering(self) -> bool:
        """True while a user template renders in a child process for this screen."""
        scopes = [self._preview[1] if self._preview else None, self._export_scope]
        return any(scope is not None and scope.running for scope in scopes)

    def _cancel_preview(self) -> bool:
        """Cancel the preview being rendered, if any (its worker and its child); True if one was."""
        if self._preview is None:
            return False
        worker, scope = self._preview
        self._preview = None
        was_running = scope.running
        scope.cancel()
        worker.cancel()
        return was_running

    @work(thread=True, exclusive=True, group="document-preview")
    def _preview_worker(self, record, lang: str, scope) -> None:
        from ...proposal.isolation import RenderCancelled

        try:
            with scope:
                text = self.render_text(record, self.app.get_banks(), lang, self.PREVIEW_FORMAT)
        except RenderCancelled:
            return  # escape said so already
        except Exception as exc:  # a broken user template or catalog: say so, keep the screen
            if not scope.cancelled:
                self.app.call_from_thread(self._show_error, self.app.t("proposal.ui.render_failed", error=str(exc)), scope)
            return
        if not scope.cancelled:
            self.app.call_from_thread(self._show, record, str(text), scope)

    def _current(self, scope) -> bool:
        """Whether a worker's result is still wanted: it is the preview shown, not cancelled or replaced."""
        if scope is None:
            return True
        if self._preview is None or self._preview[1] is not scope or scope.cancelled:
            return False
        self._preview = None
        self._update_status()
        return True

    async def _show(self, record, text: str, scope=None) -> None:
        if not self._current(scope):
            return
        self.sub_title = self.heading(record)
        self.query_one("#doc-error", Static).add_class("-hidden")
        self.text = text
        await self.query_one("#doc-preview", Markdown).update(text)

    def _show_error(self, message: str, scope=None) -> None:
        if not self._current(scope):
            return
        error = self.query_one("#doc-error", Static)
        error.update(content(message))  # a template's fault quotes its line: text, never markup
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
        """Escape: cancel a user template still rendering; otherwise close the screen."""
        if self.rendering:
            self.action_cancel_render()
            return
        self.app.pop_screen()

    def action_cancel_render(self) -> None:
        """Stop the preview (and any export) being rendered: the worker is cancelled, the child killed."""
        preview = self._cancel_preview()
        export = self._export_scope
        if export is not None and export.running:
            export.cancel()
        if preview:
            self._update_status(self.app.t("tui.document.cancelled"))

    def on_unmount(self) -> None:
        # Leaving the screen never leaves a child process rendering for it.
        self._cancel_preview()
        if self._export_scope is not None:
            self._export_scope.cancel()

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
        from ...proposal.isolation import RenderCancelled, RenderScope

        t = self.app.t
        scope = self._export_scope = RenderScope()
        try:
            with scope:
                result = self.render_text(record, self.app.get_banks(), lang, fmt.name)
            data = result if isinstance(result, bytes) else result.encode("utf-8")
            done = write_export(folder, safe_file_name(name, fmt.suffix), data)
        except RenderCancelled:
            self.app.call_from_thread(self.notify, t("tui.document.export_cancelled"), severity="warning", timeout=8)
            return
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
