"""ARCHITECTURE.md stays true: the files it names exist, the core never imports Textual,
and nothing but the write layer calls a store method that writes."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

from spin_coach.store import Store

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "spin_coach"
MAP = ROOT / "ARCHITECTURE.md"

# The core: everything a script can use with no terminal.
CORE = [
    "spin_coach.models", "spin_coach.banks", "spin_coach.catalog", "spin_coach.amounts", "spin_coach.mentions",
    "spin_coach.store", "spin_coach.store.repo", "spin_coach.actions", "spin_coach.coach", "spin_coach.proposal",
    "spin_coach.exchange", "spin_coach.demo", "spin_coach.meeting_notes", "spin_coach.recovery", "spin_coach.safe_text",
    "spin_coach.proposal.isolation",
]

WRITE_PREFIXES = ("add_", "save_", "update_", "delete_", "remove_", "set_", "insert_")


def store_writes() -> set[str]:
    """The Store's public methods that change the database, read off the class itself."""
    return {
        name for name, _ in inspect.getmembers(Store, inspect.isfunction) if name.startswith(WRITE_PREFIXES)
    } | {"transaction"}


def _through_actions(receiver: ast.expr) -> bool:
    # ``self.app.actions.save_answer(...)``, ``obj.actions.…``, ``actions.…``: the write layer, which
    # shares some names with the store (save_answer, add_stakeholder, delete_deal …).
    return (isinstance(receiver, ast.Attribute) and receiver.attr == "actions") or (
        isinstance(receiver, ast.Name) and receiver.id == "actions"
    )


def store_writes_in(source: str, filename: str = "<module>") -> list[str]:
    """Every ``x.<store write method>`` in ``source`` whose ``x`` is not the write layer, as ``line: code``.

    Any receiver counts (``store = self.app.store; store.save_answer(...)`` too), and a bare
    reference counts like a call (``Autosaver(self, store.save_answer)`` writes just the same).
    """
    writes = store_writes()
    return [
        f"{filename}:{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(ast.parse(source, filename=filename))
        if isinstance(node, ast.Attribute) and node.attr in writes and not _through_actions(node.value)
    ]


def test_the_check_knows_the_stores_write_methods():
    # Renamed store methods would make the check below pass without looking at anything.
    writes = store_writes()
    assert {"add_stakeholder", "remove_stakeholder", "save_answer", "delete_answer", "save_problem", "delete_problem"} <= writes
    assert {"update_deal", "set_archived", "delete_deal", "insert_record", "save_notes", "transaction"} <= writes
    assert not any(name.startswith(("deal", "record", "stakeholders", "problems")) for name in writes)  # reads stay allowed


def test_only_the_write_layer_writes_to_the_store():
    """Screens, widgets, dialogs, CLI commands, the importer and the sample deal all go through actions.py."""
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if p.parent.name != "store" and p != PACKAGE / "actions.py"]
    assert len(modules) > 40 and any(p.parent.name == "tui" for p in modules) and any(p.parent.name == "cli" for p in modules)
    offenders = []
    for path in modules:
        offenders += store_writes_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert offenders == [], "change data through spin_coach/actions.py (app.actions, obj.actions) instead:\n" + "\n".join(offenders)


def test_the_check_catches_a_widget_writing_to_the_store():
    for sneaky in (
        "def save(self):\n    self.app.store.save_answer(answer)\n",
        "def save(self):\n    store = self.app.store\n    with store.transaction():\n        store.update_deal(deal)\n",
        "def save(self):\n    Autosaver(self, self.app.store.save_problem)\n",
    ):
        assert store_writes_in(sneaky), sneaky


def test_the_write_layer_is_the_way_it_is_done():
    polite = (
        "def save(self):\n"
        "    self.app.actions.save_answer(answer_id=a, deal_id=d, stakeholder_id=s, stage='problem', text=t)\n"
        "    actions = self.app.actions\n"
        "    actions.remove_stakeholder(s)\n"
        "    self.app.store.record(d)\n"
    )
    assert store_writes_in(polite) == []


def test_the_core_imports_without_textual():
    code = f"import sys; import {', '.join(CORE)}; bad = [m for m in sys.modules if m.split('.')[0] == 'textual']; assert not bad, bad"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_file_the_map_names_exists():
    text = MAP.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:spin_coach|tests|docs)/[\w/.]+\.(?:py|toml|md))`", text))
    assert len(named) >= 10, "the map should name the files to change"
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert missing == [], f"ARCHITECTURE.md names files that are not there: {missing}"


def test_every_layer_the_map_draws_is_a_real_module():
    text = MAP.read_text(encoding="utf-8")
    for name in re.findall(r"\*\*`([\w./]+)`\*\*", text):
        target = PACKAGE / name.rstrip("/")
        assert target.exists() or target.with_suffix(".py").exists(), name
