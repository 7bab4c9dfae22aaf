"""Question banks: find the TOML files, parse and validate them, merge them by id.

Banks load in order — bundled, the user's banks folder, then any ``--banks DIR`` —
and a later bank adds questions and roles or overrides them by id. A bad file
is reported (file, line or question id, field) and skipped; the others load.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .models import STAGES, Question, QuestionBank, Role, Stage
from .paths import bundled_banks_dir, user_banks_dir

MAX_BANK_BYTES = 1024 * 1024
MAX_BANK_DEPTH = 16  # a bank nests about five levels deep; a catalog about six


@dataclass(frozen=True)
class BankProblem:
    """One fault found in a bank file, worded for the person who edits it."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    question: str | None = None  # the id of the question (or role, offer: see kind)
    field: str | None = None
    kind: str = "question"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.question:
            parts.append(f"{self.kind} {self.question}")
        if self.field:
            parts.append(f"field {self.field}")
        return ": ".join(parts) + f": {self.message}"


class BankError(Exception):
    def __init__(self, problems: list[BankProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class BankSet:
    """The merged banks: every role and question by id, plus what was skipped and why."""

    roles: dict[str, Role] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    problems: list[BankProblem] = field(default_factory=list)

    def for_role(self, role: str | None, stage: Stage | None = None) -> list[Question]:
        """Questions that suit a role (role-specific first), optionally of one stage."""
        chosen = [q for q in self.questions.values() if q.suits(role) and (stage is None or q.stage == stage)]
        return sorted(chosen, key=lambda q: (STAGES.index(q.stage), not q.roles))

    def role_label(self, role_id: str, lang: str = "en") -> str:
        role = self.roles.get(role_id)
        return role.label(lang) if role else role_id


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class TomlLines:
    """Line numbers of the items of a TOML array of tables and of their keys, for error messages.

    ``tomllib`` keeps no positions, so this reads the text: the n-th ``[[questions]]``
    (or ``[[offers]]``…) header starts item n, and a key line inside it (``text.en =``,
    ``stage =``, ``[[offers.proof]]``) is where that field is written.
    """

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self._starts: dict[str, list[int]] = {}

    def _items(self, array: str) -> list[int]:
        if array not in self._starts:
            header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
            self._starts[array] = [n for n, line in enumerate(self.lines) if header.match(line)]
        return self._starts[array]

    def table(self, key: str) -> int | None:
        """The line of a ``[key]`` table header."""
        pattern = re.compile(rf"^\s*\[\s*{re.escape(key)}\s*\]")
        return next((n + 1 for n, line in enumerate(self.lines) if pattern.match(line)), None)

    def field(self, array: str, index: int, key: str = "") -> int | None:
        """The line where item ``index`` of ``array`` sets ``key`` (else where the item starts)."""
        starts = self._items(array)
        if index >= len(starts):
            return None
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(self.lines)
        if key:
            pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*[.=]|\[\[\s*{re.escape(array)}\.{re.escape(key)}\s*\]\])")
            for n in range(start + 1, end):
                if pattern.match(self.lines[n]):
                    return n + 1
        return start + 1


def _read_toml(path: Path) -> tuple[dict, TomlLines]:
    """Parse a bank or catalog file: its data, and where each item sits in the text."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BankError([BankProblem(name, f"cannot read: {exc.strerror}")]) from None
    if size > MAX_BANK_BYTES:
        raise BankError([BankProblem(name, f"file is {size:,} bytes; a bank may be at most {MAX_BANK_BYTES:,} (split it)")])
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BankError([BankProblem(name, "starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM", line=1, column=1)])
    if not raw.strip():
        raise BankError([BankProblem(name, "file is empty; a bank needs a [bank] table and [[questions]]")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BankError([BankProblem(name, f"not UTF-8 text (byte {exc.start})")]) from None
    too_deep = BankError([BankProblem(name, f"nested too deeply (a bank is at most {MAX_BANK_DEPTH} levels deep)")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POSITION.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise BankError([BankProblem(name, "TOML syntax error: " + _TOML_POSITION.sub("", msg).strip(), line, col)]) from None
    except RecursionError:  # tomllib recurses once per level of nesting: x = [[[[…
        raise too_deep from None
    if _depth(data) > MAX_BANK_DEPTH:
        raise too_deep
    return data, TomlLines(text)


def _depth(value: object) -> int:
    """How deeply tables and arrays nest (without recursing, whatever the depth)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_BANK_DEPTH:
            break
        if isinstance(item, dict):
            stack += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]
    return deepest


_KINDS = {"questions": "question", "roles": "role", "offers": "offer"}


def pydantic_problems(name: str, data: dict, exc: ValidationError, lines: TomlLines | None = None) -> list[BankProblem]:
    """People-readable faults from a validation error of a bank or catalog file:
    the item (question, role or offer) by id, the field, and its line where known."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "literal_error":
            msg = f"{msg} (got {err['input']!r})"
        if len(loc) >= 2 and loc[0] in _KINDS and isinstance(loc[1], int):
            items = data.get(loc[0]) or []
            item = items[loc[1]] if loc[1] < len(items) and isinstance(items[loc[1]], dict) else {}
            line = lines.field(loc[0], loc[1], str(loc[2]) if len(loc) > 2 else "") if lines else None
            out.append(
                BankProblem(
                    name, msg, line=line, question=str(item.get("id") or f"#{loc[1] + 1}"),
                    field=".".join(str(p) for p in loc[2:]) or loc[0], kind=_KINDS[loc[0]],
                )
            )
        else:
            line = lines.table(str(loc[0])) if lines and loc else None
            out.append(BankProblem(name, msg, line=line, field=".".join(str(p) for p in loc) or None))
    return out


def parse_bank(path: Path) -> QuestionBank:
    """Read and validate one bank file; raise BankError listing every fault found."""
    return _parse(path)[0]


def _parse(path: Path) -> tuple[QuestionBank, TomlLines]:
    name = str(path)
    data, lines = _read_toml(path)
    problems: list[BankProblem] = []
    seen: set[str] = set()
    for i, q in enumerate(data.get("questions") or []):
        qid = q.get("id") if isinstance(q, dict) else None
        if qid in seen:
            problems.append(BankProblem(name, "duplicate question id in this file", line=lines.field("questions", i, "id"), question=qid, field="id"))
        seen.add(qid)
        if isinstance(q, dict) and q.get("stage") not in (None, *STAGES):
            problems.append(
                BankProblem(
                    name, f"unknown stage {q.get('stage')!r}; expected one of {', '.join(STAGES)}",
                    line=lines.field("questions", i, "stage"), question=qid or f"#{i + 1}", field="stage",
                )
            )
    try:
        bank = QuestionBank.model_validate(data)
    except ValidationError as exc:
        known = {(p.question, p.field) for p in problems}
        problems += [p for p in pydantic_problems(name, data, exc, lines) if (p.question, p.field) not in known]
    if problems:
        raise BankError(problems)
    for q in bank.questions:
        q.source = name
    return bank, lines


def _references(bank: QuestionBank, name: str, lines: TomlLines, roles: set[str], questions: set[str]) -> list[BankProblem]:
    out = []
    for i, q in enumerate(bank.questions):
        for r in q.roles:
            if r not in roles:
                out.append(BankProblem(name, f"unknown role {r!r}", line=lines.field("questions", i, "roles"), question=q.id, field="roles"))
        for f in q.follow_ups:
            if f not in questions:
                out.append(
                    BankProblem(
                        name, f"follow-up {f!r} is not a question in any bank",
                        line=lines.field("questions", i, "follow_ups"), question=q.id, field="follow_ups",
                    )
                )
    return out


def bank_files(extra: Iterable[Path] = (), *, include_user: bool = True) -> list[Path]:
    """Bank files in load order: bundled, the user's folder, then each extra folder or file."""
    places = [bundled_banks_dir()]
    if include_user:
        places.append(user_banks_dir())
    places += [Path(p) for p in extra]
    files: list[Path] = []
    for place in places:
        if place.is_file():
            files.append(place)
        elif place.is_dir():
            files += sorted(place.glob("*.toml"))
    return files


def load_banks(extra: Iterable[Path] = (), *, include_user: bool = True, files: list[Path] | None = None) -> BankSet:
    """Load and merge banks; faulty files are skipped and listed in ``BankSet.problems``."""
    files = bank_files(extra, include_user=include_user) if files is None else files
    result = BankSet()
    parsed: list[tuple[str, QuestionBank, TomlLines]] = []
    for path in files:
        try:
            parsed.append((str(path), *_parse(path)))
        except BankError as exc:
            result.problems += exc.problems
    # A bank whose roles or follow-ups point nowhere is dropped; dropping it may
    # leave another bank pointing nowhere, so repeat until nothing changes.
    while True:
        roles = {r.id for _, b, _ in parsed for r in b.roles}
        questions = {q.id for _, b, _ in parsed for q in b.questions}
        bad = {name: probs for name, b, lines in parsed if (probs := _references(b, name, lines, roles, questions))}
        if not bad:
            break
        for probs in bad.values():
            result.problems += probs
        parsed = [item for item in parsed if item[0] not in bad]
    for name, bank, _ in parsed:
        result.files.append(name)
        for role in bank.roles:
            result.roles[role.id] = role
        for q in bank.questions:
            result.questions[q.id] = q
    return result


def validate_paths(paths: Iterable[Path]) -> tuple[BankSet, list[BankProblem]]:
    """Validate the given bank files or folders together with the bundled banks.

    Returns the merged set and the faults found in any file (bundled ones included).
    """
    extra = list(paths)
    banks = load_banks(extra, include_user=not extra)
    return banks, banks.problems
