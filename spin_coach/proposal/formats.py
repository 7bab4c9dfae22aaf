"""The output formats of documents, in one table: adding a format is one entry in :data:`FORMATS`.

Each entry says what the seller sees (its label), how a file of it is named
(its suffix), whether it is binary, which documents it serves, and how it is
rendered. The ``proposal`` and ``plan`` commands take their ``--format``
choices and their guess from ``-o FILE`` from here; the proposal and call-plan
screens cycle through and label the same entries; export names take the suffix.

Importing this module loads nothing heavy: each renderer imports Jinja2 or
python-docx when it runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOCUMENTS = ("proposal", "plan")
"""The documents there are: the client-facing proposal and the seller's call plans."""

Renderer = Callable[[str, Any, str, str | Path | None], str | bytes]
"""``render(document, context, lang, template)``: a document's context (a pydantic model) to text or bytes."""


@dataclass(frozen=True)
class OutputFormat:
    """One output format: what it is called, how its files are named and how it is made."""

    name: str  # the --format value and the templates' file-name part: proposal.en.<name>.j2
    labels: Mapping[str, str]  # what screens show, by language; English is the fallback
    suffix: str  # of a file written in this format, dot included
    binary: bool  # bytes (never to a terminal), not text
    documents: tuple[str, ...]  # which of DOCUMENTS it can render
    render: Renderer
    templates: bool = True  # drawn by a Jinja2 template the seller can replace (--template)
    other_suffixes: tuple[str, ...] = ()  # also recognised in an -o FILE name
    export_note: str = ""  # translation key of a note for the export dialog

    def label(self, lang: str = "en") -> str:
        """What a screen calls this format, in ``lang``."""
        return self.labels.get(lang) or self.labels["en"]


# ---------------------------------------------------------------- renderers

_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


def _markdown(document: str, context, lang: str, template) -> str:
    from .markdown import markdown_context
    from .render import find_template, render_template

    folders, name = find_template(document, "md", lang, template)
    # Markdown has no autoescape: every string the template gets is escaped beforehand.
    text = render_template(name, folders, markdown_context(context.model_dump(mode="json")), autoescape=False)
    # Macros and loops leave runs of blank lines; Markdown reads one as many.
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"


def _html(document: str, context, lang: str, template) -> str:
    from .render import find_template, render_template

    folders, name = find_template(document, "html", lang, template)
    return render_template(name, folders, context.model_dump(mode="json"), autoescape=True).strip() + "\n"


def _word(document: str, context, lang: str, template) -> bytes:
    from .render import TemplateProblem

    if template is not None:
        others = " or ".join(f.name for f in formats_for(document) if f.templates)
        raise TemplateProblem(str(template), f"a Word document is built from the context, not from a template; use --format {others} with --template")
    from .docx import proposal_docx

    return proposal_docx(context)


# ---------------------------------------------------------------- the registry

FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("md", {"en": "Markdown", "ru": "Markdown"}, ".md", False, ("proposal", "plan"), _markdown, other_suffixes=(".markdown",)),
        OutputFormat("html", {"en": "HTML", "ru": "HTML"}, ".html", False, ("proposal", "plan"), _html, other_suffixes=(".htm",)),
        OutputFormat(
            "docx",
            {"en": "Word (.docx)", "ru": "Word (.docx)"},
            ".docx",
            True,
            ("proposal",),
            _word,
            templates=False,
            export_note="proposal.ui.export.preview_note",
        ),
    )
}
"""Every output format by name, in the order screens cycle through them; the first is the default."""


def formats_for(document: str) -> tuple[OutputFormat, ...]:
    """The formats ``document`` (``proposal`` or ``plan``) can be rendered in, default first."""
    if document not in DOCUMENTS:
        raise ValueError(f"unknown document {document!r}; expected one of {', '.join(DOCUMENTS)}")
    return tuple(f for f in FORMATS.values() if document in f.documents)


def names_for(document: str) -> tuple[str, ...]:
    """The ``--format`` values of ``document``."""
    return tuple(f.name for f in formats_for(document))


def output_format(document: str, name: str) -> OutputFormat:
    """The format ``name`` of ``document``; :class:`ValueError` if it has no such format."""
    for f in formats_for(document):
        if f.name == name:
            return f
    raise ValueError(f"unknown format {name!r}; expected one of {', '.join(names_for(document))}")


def format_of_file(document: str, path: Path | str) -> OutputFormat | None:
    """The format of ``document`` a file name asks for by its suffix (``draft.HTM`` → html), if any."""
    suffix = Path(path).suffix.lower()
    for f in formats_for(document):
        if suffix == f.suffix or suffix in f.other_suffixes:
            return f
    return None
