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

Refused, each by JSON path, before anything is written: a file over ``MAX_FILE_BYTES``
(unread), a key given twice in one object, a string with an unpaired surrogate, nesting
deeper than ``MAX_DEPTH``, a field over its size limit (:data:`spin_coach.models.LIMITS`,
also in the JSON Schema), an id used twice in one table, and every schema fault. Times
are read into UTC (a time without an offset is UTC).
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Literal

from pydantic import ValidationError

from .models import DealRecord, new_id
from .actions import DealActions
from .store import Store

FORMAT = "spin-coach/deal"
VERSION = 2
READS = (1, 2)  # every version this spin-coach imports
MAX_DEPTH = 64
MAX_FILE_BYTES = 50 * 1024 * 1024  # a real deal is well under 5 MB; larger is refused unread


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


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def json_path(loc: tuple) -> str:
    """A pydantic error location as a JSON path: ``$.stakeholders[2].name``.

    A key that is not a plain word is written quoted and escaped (``$.deal["\\u001b[2J"]``),
    so a path never carries a control character or an unpaired surrogate."""
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            out += f".{part}"
        else:
            out += f"[{json.dumps(str(part))}]"
    return out


def _shown(value: Any, limit: int = 60) -> str:
    """A value from the file, as it may appear in a message: quoted, escaped and short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


class _Duplicates(dict):
    """A JSON object in which a key was given more than once (the keys in ``duplicates``)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict:
    """Build a JSON object, remembering any key given twice (plain JSON keeps the last silently)."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    marked = _Duplicates(obj)
    marked.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]
    return marked


_SURROGATE = re.compile("[\ud800-\udfff]")


def _not_text(value: str) -> str | None:
    """Why a string from the file is not text (an unpaired surrogate), or None."""
    found = _SURROGATE.search(value)
    return f"contains an unpaired surrogate (\\u{ord(found.group()):04x}), which is not text" if found else None


def _faults_in_values(data: Any) -> list[str]:
    """Duplicate keys and strings that are not text, each by JSON path (the tree is shallow:
    its depth was checked first)."""
    faults: list[str] = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                faults.append(f"{json_path(loc)}: duplicate key {_shown(key)}")
            for key, item in reversed(value.items()):
                if (why := _not_text(key)) is not None:
                    faults.append(f"{json_path((*loc, key))}: {why}")
                stack.append((item, (*loc, key)))
        elif isinstance(value, list):
            stack += [(item, (*loc, i)) for i, item in reversed(list(enumerate(value)))]
        elif isinstance(value, str) and (why := _not_text(value)) is not None:
            faults.append(f"{json_path(loc)}: {why}")
    return faults


def read_deal_file(file: str) -> str:
    """The text of a deal file (``-``: standard input), refusing one of absurd size before
    reading it and one that is not UTF-8."""
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            size = os.stat(file).st_size
            if size > MAX_FILE_BYTES:
                raise ExchangeError(file, [f"file is {size:,} bytes; a deal file may be at most {MAX_FILE_BYTES:,}"])
            with open(file, "rb") as fh:
                raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExchangeError(file, [f"cannot read: {exc.strerror}"]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ExchangeError(file, [f"file is larger than {MAX_FILE_BYTES:,} bytes, the most a deal file may be"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(file, [f"not UTF-8 text (byte {exc.start})"]) from None


def parse(text: str, source: str = "<input>") -> DealRecord:
    """Parse and validate a deal file; raise ExchangeError naming each faulty JSON path."""
    if len(text) > MAX_FILE_BYTES:  # characters: never more than the file's bytes
        raise ExchangeError(source, [f"file is larger than {MAX_FILE_BYTES:,} bytes, the most a deal file may be"])
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) else ""
        raise ExchangeError(source, [f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"]) from None
    except ValueError as exc:
        raise ExchangeError(source, [f"$: {exc}"]) from None
    except RecursionError:
        raise ExchangeError(source, [f"$: nested too deeply (a deal file is at most {MAX_DEPTH} levels deep)"]) from None
    if not isinstance(data, dict):
        raise ExchangeError(source, [f"$: expected a JSON object with \"format\": \"{FORMAT}\", got {type(data).__name__}"])
    if _depth(data) > MAX_DEPTH:
        raise ExchangeError(source, [f"$: nested too deeply (a deal file is at most {MAX_DEPTH} levels deep)"])
    faults = _faults_in_values(data)
    if faults:
        raise ExchangeError(source, faults)
    if data.get("format") != FORMAT:
        raise ExchangeError(source, [f"$.format: expected {FORMAT!r}, got {_shown(data.get('format'))}"])
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version not in READS:
        readable = " and ".join(str(v) for v in READS)
        raise ExchangeError(source, [f"$.version: this spin-coach reads versions {readable}, the file has {_shown(version)}"])
    if version == 1 and isinstance(data.get("notes"), list):
        faults = [f"$.notes[{i}].{field}: not in version 1 files" for i, n in enumerate(data["notes"]) if isinstance(n, dict) for field in ("kind", "promoted_to") if field in n]
        if faults:
            raise ExchangeError(source, faults)
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
    """The same deal under fresh ids (for ``import --as-new``), references kept intact.

    Ids are unique per table, not across tables, so each table has its own map; and only
    fields that hold ids are mapped, never free text that happens to equal one. ``felt_by``
    holds stakeholder ids or free labels ("sales team"): only the ids are mapped. The
    account is kept: the copy belongs to the same account.
    """
    pd = record.problem_definition

    def fresh(ids, prefix: str) -> dict[str, str]:
        return {old: new_id(prefix) for old in ids}

    deals = fresh([record.deal.id], "d")
    people = fresh((s.id for s in record.stakeholders), "s")
    meetings = fresh((m.id for m in record.meetings), "m")
    answers = fresh((a.id for a in record.answers), "ans")
    notes = fresh((n.id for n in record.notes), "n")
    problems = fresh((p.id for p in pd.problems), "p")
    implications = fresh((i.id for p in pd.problems for i in p.implications), "imp")
    needs = fresh((n.id for p in pd.problems for n in p.need_payoffs), "np")
    promotable = {**problems, **implications, **needs}  # unique across the three (checked on parse)

    def one(mapping: dict[str, str], value: str | None) -> str | None:
        return None if value is None else mapping.get(value, value)

    def many(mapping: dict[str, str], values: list[str]) -> list[str]:
        return [mapping.get(v, v) for v in values]

    deal_id = deals[record.deal.id]
    data = record.model_dump(mode="json")
    data["deal"]["id"] = deal_id
    for s in data["stakeholders"]:
        s.update(id=people[s["id"]], deal_id=deal_id)
    for m in data["meetings"]:
        m.update(id=meetings[m["id"]], deal_id=deal_id, attendees=many(people, m["attendees"]))
    for a in data["answers"]:
        a.update(
            id=answers[a["id"]], deal_id=deal_id,
            stakeholder_id=one(people, a["stakeholder_id"]), meeting_id=one(meetings, a["meeting_id"]),
        )
    for n in data["notes"]:
        n.update(
            id=notes[n["id"]], deal_id=deal_id, stakeholder_id=one(people, n["stakeholder_id"]),
            meeting_id=one(meetings, n["meeting_id"]), promoted_to=one(promotable, n["promoted_to"]),
        )
    for p in data["problem_definition"]["problems"]:
        problem_id = problems[p["id"]]
        p.update(
            id=problem_id, deal_id=deal_id, raised_by=one(people, p["raised_by"]),
            confirmed_by=many(people, p["confirmed_by"]), source_answers=many(answers, p["source_answers"]),
        )
        for i in p["implications"]:
            i.update(
                id=implications[i["id"]], problem_id=problem_id,
                stated_by=one(people, i["stated_by"]), felt_by=many(people, i["felt_by"]),
            )
        for n in p["need_payoffs"]:
            n.update(id=needs[n["id"]], problem_id=problem_id, said_by=one(people, n["said_by"]))
    return DealRecord.model_validate(data)


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
