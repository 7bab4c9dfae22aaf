"""The template context as reference tables: every variable, its type and meaning.

``docs/templates.md`` holds one table per context model; a test regenerates
them from the models in :mod:`.views` and compares, so the documentation
cannot drift. Regenerate with ``python -m spin_coach.proposal.reference``.
"""

from __future__ import annotations

import types
import typing
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from .views import CallPlanContext, ProposalContext


def type_name(annotation) -> str:
    """A type as a template author reads it: ``list[Person]``, ``Money | None``, ``str``."""
    origin = get_origin(annotation)
    if origin is Literal:
        return "str"
    if origin in (typing.Union, types.UnionType):
        return " | ".join("None" if a is type(None) else type_name(a) for a in get_args(annotation))
    if origin is list:
        return f"list[{type_name(get_args(annotation)[0])}]"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation)


def _models_in(annotation) -> list[type[BaseModel]]:
    """The models an annotation names: ``Person``, ``list[Person]``, ``Person | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def context_models(*roots: type[BaseModel]) -> list[type[BaseModel]]:
    """The roots and every model reachable from their fields, each once, in reading order."""
    seen: list[type[BaseModel]] = []
    queue = list(roots)
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        for info in model.model_fields.values():
            queue += [m for m in _models_in(info.annotation) if m not in seen]
    return seen


def model_table(model: type[BaseModel]) -> str:
    """One model as a Markdown section: its name, what it is, and a field table."""
    doc = (model.__doc__ or "").strip().splitlines()[0]
    lines = [f"### `{model.__name__}`", "", doc, "", "| field | type | meaning |", "|---|---|---|"]
    for name, info in model.model_fields.items():
        kind = type_name(info.annotation).replace("|", "\\|")  # a bare | would end the table cell
        lines.append(f"| `{name}` | `{kind}` | {info.description or ''} |")
    return "\n".join(lines)


def reference_markdown() -> str:
    """Every context model of proposals and call plans, as docs/templates.md shows them."""
    return "\n\n".join(model_table(m) for m in context_models(ProposalContext, CallPlanContext)) + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")
