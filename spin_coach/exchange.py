"""The JSON deal exchange format: export, import (all or nothing) and its JSON Schema.

A file is ``{"format": "spin-coach/deal", "version": 2, "deal": …, "account": …,
"stakeholders": […], "meetings": […], "answers": […], "notes": […],
"problem_definition": {"problems": […]}}``. Export → import → export is byte-identical.

Versions:
- 1: the first format. Its meeting lines have no ``kind``; they are read as
  :func:`spin_coach.models.line_kind` reads them (attributed: what that person
  said; ending in "?": the seller's question; else a note), so they mean the same.
- 2: meeting lines carry ``kind`` (question, said, next_step, note) and
  ``promoted_to`` (what in the problem definition the line became).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import ValidationError

from .models import DealRecord, new_id
from .actions import DealActions
from .store import Store

FORMAT = "spin-coach/deal"
VERSION = 2
READS = (1, 2)  # every version this spin-coach imports
MAX_DEPTH = 64


class DealFile(DealRecord):
    """A deal as written to a file."""

    format: Literal["spin-coach/deal"] = FORMAT
    version: Literal[1, 2] = VERSION


class ExchangeError(Exception):
    """A deal file that cannot be imported; ``faults`` holds one line per JSON path."""

    def __init__(self, source: str, faults: list[str]):
        self.source = source
        self.faults = faults
        super().__init__("\n".join(f"{source}: {f}" for f in faults))


def json_path(loc: tuple) -> str:
    """A pydantic error location as a JSON path: ``$.stakeholders[2].name``."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def dumps(record: DealRecord) -> str:
    """The deal in the exchange format, as stable, human-diffable JSON."""
    body = DealFile(**record.model_dump(), version=VERSION).model_dump(mode="json")
    ordered = {"format": body.pop("format"), "version": body.pop("version"), **body}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def export_deal(store: Store, deal_id: str) -> str:
    return dumps(store.record(deal_id))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a deal file (JSON has no NaN or Infinity)")


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        if isinstance(item, dict):
            stack += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]
    return deepest


def parse(text: str, source: str = "<input>") -> DealRecord:
    """Parse and validate a deal file; raise ExchangeError naming each faulty JSON path."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) else ""
        raise ExchangeError(source, [f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"]) from None
    except ValueError as exc:
        raise ExchangeError(source, [f"$: {exc}"]) from None
    except RecursionError:
        raise ExchangeError(source, [f"$: nested too deeply (a deal file is at most {MAX_DEPTH} levels deep)"]) from None
    if not isinstance(data, dict):
        raise ExchangeError(source, [f"$: expected a JSON object with \"format\": \"{FORMAT}\", got {type(data).__name__}"])
    if data.get("format") != FORMAT:
        raise ExchangeError(source, [f"$.format: expected {FORMAT!r}, got {data.get('format')!r}"])
    if data.get("version") not in READS or isinstance(data.get("version"), bool):
        readable = " and ".join(str(v) for v in READS)
        raise ExchangeError(source, [f"$.version: this spin-coach reads versions {readable}, the file has {data.get('version')!r}"])
    if data["version"] == 1:
        faults = [f"$.notes[{i}].{field}: not in version 1 files" for i, n in enumerate(data.get("notes") or []) if isinstance(n, dict) for field in ("kind", "promoted_to") if field in n]
        if faults:
            raise ExchangeError(source, faults)
    if _depth(data) > MAX_DEPTH:
        raise ExchangeError(source, [f"$: nested too deeply (a deal file is at most {MAX_DEPTH} levels deep)"])
    try:
        parsed = DealFile.model_validate(data)
    except ValidationError as exc:
        faults = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            if not err["loc"]:  # the cross-reference check reports its own paths
                faults += [f"$.{m.strip()}" for m in msg.split("; ")]
            else:
                faults.append(f"{json_path(tuple(err['loc']))}: {msg}")
        raise ExchangeError(source, faults) from None
    return DealRecord(**parsed.model_dump(exclude={"format", "version"}))


def renumber(record: DealRecord) -> DealRecord:
    """The same deal under fresh ids (for ``import --as-new``), references kept intact."""
    data = record.model_dump(mode="json")
    mapping: dict[str, str] = {}

    def fresh(old: str, prefix: str) -> str:
        mapping[old] = new_id(prefix)
        return mapping[old]

    data["deal"]["id"] = fresh(record.deal.id, "d")
    for s in data["stakeholders"]:
        s["id"] = fresh(s["id"], "s")
    for m in data["meetings"]:
        m["id"] = fresh(m["id"], "m")
    for a in data["answers"]:
        a["id"] = fresh(a["id"], "ans")
    for n in data["notes"]:
        n["id"] = fresh(n["id"], "n")
    for p in data["problem_definition"]["problems"]:
        p["id"] = fresh(p["id"], "p")
        for i in p["implications"]:
            i["id"] = fresh(i["id"], "imp")
        for n in p["need_payoffs"]:
            n["id"] = fresh(n["id"], "np")

    def remap(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v if k == "account_id" else remap(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [remap(v) for v in value]
        if isinstance(value, str):
            return mapping.get(value, value)
        return value

    # Ids were already replaced where they are defined; remap the references to them.
    return DealRecord.model_validate(remap(data))


def import_deal(actions: DealActions, text: str, source: str = "<input>", *, as_new: bool = False) -> str:
    """Import a deal file, all or nothing; return the deal's id."""
    record = parse(text, source)
    if as_new:
        record = renumber(record)
    else:
        clashes = actions.store.ids_in_use(record)
        if clashes:
            shown = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
            raise ExchangeError(
                source,
                [f"ids already in this database: {shown}; the deal was not imported (use --as-new to import a copy under new ids)"],
            )
    return actions.import_record(record)


def json_schema() -> dict:
    schema = DealFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"spin-coach/deal/v{VERSION}"
    return schema
