"""Pre-sell proposals and call plans: from the shared problem definition to Markdown, HTML and Word.

    from spin_coach.proposal import render_proposal, render_plan
    text = render_proposal(record, banks, fmt="md", lang="en")

The building blocks are importable on their own: :mod:`.views` (what a template
sees, documented in docs/templates.md), :mod:`.context` (builds a proposal's
context from the deal, the coach and the catalog), :mod:`.plan` (call plans),
:mod:`.render` and :mod:`.sandbox` (the guarded Jinja2 environment),
:mod:`.markdown` (escaping), :mod:`.docx` (Word), :mod:`.files` (safe export names),
:mod:`.formats` (the output formats: one entry each, read by the CLI and the screens).
Nothing here imports Textual, and importing this package loads nothing heavy.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "render_proposal": "documents",
    "render_plan": "documents",
    "FORMATS": "formats",
    "OutputFormat": "formats",
    "formats_for": "formats",
    "build_proposal_context": "context",
    "build_plan_context": "plan",
    "TemplateProblem": "render",
    "export_path": "files",
    "export_name": "files",
    "write_export": "files",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    # Lazy, so `spin-coach --help` does not pay for Jinja2 and python-docx.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
