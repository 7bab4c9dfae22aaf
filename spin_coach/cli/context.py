"""What every command shares: the group's options, the store and banks opened on first use, and how to fail."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from ..safe_text import visible

# The core's errors that are worded for the seller: (module, class). They are
# looked up in sys.modules rather than imported, so that catching them costs
# nothing at start-up: an error can only come from a module that was loaded.
CORE_ERRORS = (
    ("spin_coach.store.db", "StoreError"),  # DealNotFound too
    ("spin_coach.exchange", "ExchangeError"),
    ("spin_coach.proposal.render", "TemplateProblem"),
)


class Context:
    """What the group's options say, and the store, write layer and banks opened on first use."""

    def __init__(self, db_path: Path, bank_dirs: list[Path], lang: str | None):
        self.db_path = db_path
        self.bank_dirs = bank_dirs
        self.lang = lang
        self._store = None
        self._actions = None
        self._banks = None

    @property
    def store(self):
        if self._store is None:
            from ..store import Store

            self._store = Store.open(self.db_path)
            # Opened read-only, or readable by other users: one line each on stderr.
            for warning in getattr(self._store.db, "warnings", ()):
                say(f"warning: {warning}", err=True)
        return self._store

    @property
    def actions(self):
        """The write layer over the store: every command that changes data goes through it."""
        if self._actions is None:
            from ..actions import DealActions

            self._actions = DealActions(self.store)
        return self._actions

    @property
    def banks(self):
        if self._banks is None:
            from ..banks import load_banks

            self._banks = load_banks(self.bank_dirs)
            for problem in self._banks.problems:
                say(f"warning: skipped bank: {problem}", err=True)
        return self._banks

    def deal(self, ref: str):
        """The deal named by an id or a unique prefix of its title."""
        return self.store.resolve_deal(ref)

    def language(self, explicit: str | None = None) -> str:
        """The output language: a command's own ``--lang``, then the group's, then the locale."""
        from ..i18n import resolve_language

        return resolve_language(explicit or self.lang)


pass_context = click.make_pass_decorator(Context)


def emit_json(data) -> None:
    """JSON on stdout. Stored text goes out verbatim: ``json.dumps`` writes every control
    character as a ``\\u`` escape, so none reaches the terminal."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` for a person to read, with control characters (escape sequences) shown
    as visible stand-ins (:func:`~spin_coach.safe_text.visible`): stored client text never
    acts on the terminal. Every human line of the CLI goes through here."""
    click.echo(visible(text), err=err, nl=nl)


def fail(message: str) -> NoReturn:
    """One line (or a few, for a template's fault) on stderr, and exit status 1."""
    say(f"error: {message}", err=True)
    sys.exit(1)


def is_core_error(exc: BaseException) -> bool:
    """Whether ``exc`` is one of the core's errors that are worded for the seller."""
    for module, name in CORE_ERRORS:
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False
