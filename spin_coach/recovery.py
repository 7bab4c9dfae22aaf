"""Text that could not be saved, kept in a private file until the seller restores it.

When the database refuses a write (a full disk, a read-only file, a lock held
too long) the app keeps the seller's text on screen and tries again. If the
app has to close before it can save — the seller quits anyway after choosing
"save to a file", or a SIGTERM / SIGHUP arrives — what is still unsaved is
written here instead of being dropped; the next start offers to restore it.

The file is JSON, one per quit, in the folder ``recovery/`` next to the
database (made 0700; each file 0600, never following a planted link)::

    {"format": "spin-coach-recovery", "version": 1,
     "database": "/home/me/.local/share/spin-coach/spin-coach.db",
     "written_at": "2026-12-03T20:15:07+00:00", "reason": "SIGTERM",
     "items": [
       {"kind": "answer", "deal_id": "d_…", "when": "2026-12-03T20:15:06+00:00",
        "ids": {"answer_id": "ans_…", "stakeholder_id": "s_…", "question_id": "pain-1"},
        "text": "Orders wait two days",
        "details": {"stage": "problem", "question_text": "…", "at": "…"}},
       {"kind": "meeting_lines", "deal_id": "d_…", "when": "…", "ids": {"meeting_id": "m_…"},
        "text": "the budget is approved in March\\nand in September",
        "details": {"meeting": {…Meeting…}, "lines": [{…Note…}], "deleted": ["n_…"]}},
       {"kind": "goals", "deal_id": "d_…", "when": "…", "ids": {},
        "text": "…", "details": {"goals": {"solution_review": "…"}}}]}

Restoring goes through the write layer (:func:`restore`): an answer is saved
again under its id, meeting lines are saved to their meeting (which is made
again if it is gone), goals are set again. Saving under the same ids makes a
restore safe to repeat. No Textual here.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal, Mapping

if TYPE_CHECKING:
    from .actions import DealActions
    from .models import Meeting, Note

__all__ = [
    "FORMAT",
    "Item",
    "Kind",
    "RecoveryFile",
    "answer_item",
    "discard",
    "find",
    "goals_item",
    "keep_only",
    "meeting_item",
    "recovery_dir",
    "restore",
    "write",
]

FORMAT = "spin-coach-recovery"
VERSION = 1
FOLDER = "recovery"

Kind = Literal["answer", "meeting_lines", "goals"]
KINDS: tuple[str, ...] = ("answer", "meeting_lines", "goals")


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Item:
    """One save that did not happen: what it was (``kind``), for which deal, the ids it writes,
    the seller's text (to show), when it was kept, and what else is needed to redo it."""

    kind: Kind
    deal_id: str
    text: str
    ids: Mapping[str, str | None] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)
    when: str = field(default_factory=_now)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "deal_id": self.deal_id, "when": self.when, "ids": dict(self.ids), "text": self.text, "details": dict(self.details)}

    @classmethod
    def from_json(cls, data: Any) -> "Item":
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            raise ValueError("not a recovered item")
        deal_id, text, ids, details = data.get("deal_id"), data.get("text", ""), data.get("ids") or {}, data.get("details") or {}
        if not isinstance(deal_id, str) or not isinstance(text, str) or not isinstance(ids, dict) or not isinstance(details, dict):
            raise ValueError("a recovered item is missing its deal or text")
        return cls(data["kind"], deal_id, text, ids, details, str(data.get("when") or ""))


# ------------------------------------------------------------ what a pending save was


def answer_item(
    *,
    deal_id: str,
    answer_id: str,
    stakeholder_id: str,
    stage: str,
    text: str,
    question_id: str | None,
    question_text: str,
    at: datetime | None,
    was: str = "",
) -> Item:
    """An answer typed in the workspace that is not in the database; ``was`` is the text last
    saved under its id (empty for a new answer), so restoring it is not mistaken for another
    window's edit."""
    return Item(
        "answer",
        deal_id,
        text,
        {"answer_id": answer_id, "stakeholder_id": stakeholder_id, "question_id": question_id},
        {"stage": stage, "question_text": question_text, "at": at.isoformat() if at else None, "was": was},
    )


def meeting_item(meeting: "Meeting", lines: Iterable["Note"], deleted: Iterable[str] = ()) -> Item:
    """Meeting lines (new or edited, the one being typed included) that are not in the database."""
    lines = [n for n in lines if n.text.strip()]
    return Item(
        "meeting_lines",
        meeting.deal_id,
        "\n".join(n.text for n in lines),
        {"meeting_id": meeting.id},
        {
            "meeting": meeting.model_dump(mode="json"),
            "lines": [n.model_dump(mode="json") for n in lines],
            "deleted": list(deleted),
        },
    )


def goals_item(deal_id: str, goals: Mapping[str, str]) -> Item:
    """The seller's goals per journey stage, typed on the strategy screen and not saved."""
    return Item("goals", deal_id, "\n".join(t for t in goals.values() if t.strip()), {}, {"goals": dict(goals)})


# ------------------------------------------------------------ the files


@dataclass(frozen=True)
class RecoveryFile:
    path: Path
    items: tuple[Item, ...]
    written_at: str = ""
    reason: str = ""


def recovery_dir(db_path: Path) -> Path:
    """Where the recovery files of the database ``db_path`` go: ``recovery/`` beside it."""
    return Path(db_path).expanduser().absolute().parent / FOLDER


def _prefix(db_path: Path) -> str:
    return f"{Path(db_path).name}."


def write(db_path: Path, items: Iterable[Item], *, reason: str = "") -> Path:
    """Write ``items`` to a new private recovery file for ``db_path``; its path. Raises OSError."""
    from .paths import private_dir, write_private

    items = list(items)
    folder = private_dir(recovery_dir(db_path))
    body = {
        "format": FORMAT,
        "version": VERSION,
        "database": str(Path(db_path).expanduser().absolute()),
        "written_at": _now(),
        "reason": reason,
        "items": [item.to_json() for item in items],
    }
    data = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    for n in range(100):
        path = folder / f"{_prefix(db_path)}{stamp}.{os.getpid()}{f'.{n}' if n else ''}.json"
        try:
            write_private(path, data, replace=False)  # O_EXCL, never through a planted link
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free recovery file name in {folder}")


def read(path: Path) -> RecoveryFile:
    """One recovery file; ValueError (or OSError) if it cannot be read as one."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or not isinstance(raw.get("items"), list):
        raise ValueError(f"{path} is not a spin-coach recovery file")
    items = tuple(Item.from_json(i) for i in raw["items"])
    return RecoveryFile(Path(path), items, str(raw.get("written_at") or ""), str(raw.get("reason") or ""))


def find(db_path: Path) -> list[RecoveryFile]:
    """The recovery files kept for ``db_path``, oldest first (files that cannot be read are left alone)."""
    folder = recovery_dir(db_path)
    try:
        paths = sorted(p for p in folder.iterdir() if p.name.startswith(_prefix(db_path)) and p.suffix == ".json")
    except OSError:
        return []
    found = []
    for path in paths:
        try:
            kept = read(path)
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        if kept.items:
            found.append(kept)
    return found


def discard(kept: RecoveryFile) -> None:
    """Delete a recovery file (restored, or the seller chose to throw it away)."""
    try:
        kept.path.unlink()
    except FileNotFoundError:
        pass


def keep_only(kept: RecoveryFile, items: Iterable[Item], db_path: Path) -> Path | None:
    """Replace a recovery file by one holding ``items`` only (those not restored); None if none are left."""
    items = list(items)
    path = write(db_path, items, reason=kept.reason) if items else None
    discard(kept)
    return path


# ------------------------------------------------------------ putting it back


def restore(actions: "DealActions", item: Item) -> None:
    """Save ``item`` again through the write layer. Raises what the write layer raises."""
    from .models import Meeting, Note

    details = item.details
    if item.kind == "answer":
        at = details.get("at")
        actions.save_answer(
            answer_id=str(item.ids["answer_id"]),
            deal_id=item.deal_id,
            stakeholder_id=str(item.ids["stakeholder_id"]),
            stage=details["stage"],
            text=item.text,
            question_id=item.ids.get("question_id"),
            question_text=str(details.get("question_text") or ""),
            at=datetime.fromisoformat(at) if at else None,
            was=details.get("was") or "",
        )
    elif item.kind == "meeting_lines":
        meeting_id = item.ids.get("meeting_id")
        stored = next((m for m in actions.store.meetings(item.deal_id) if m.id == meeting_id), None)
        # A meeting still in the store keeps what it is now (ended since, say); only one that is gone is made again.
        meeting = stored or Meeting.model_validate(details["meeting"])
        lines = [Note.model_validate(n) for n in details.get("lines", [])]
        actions.save_meeting(meeting, lines, details.get("deleted", []))
    elif item.kind == "goals":
        goals = {str(k): str(v) for k, v in dict(details.get("goals") or {}).items()}
        actions.set_strategy(item.deal_id, goals=goals)
    else:  # pragma: no cover - from_json refuses other kinds
        raise ValueError(f"unknown recovered item {item.kind}")
