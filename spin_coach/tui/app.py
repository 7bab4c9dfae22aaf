"""The spin-coach terminal app: one factory builds it for the CLI and for the tests.

What every screen may rely on:
- ``app.store`` — the :class:`spin_coach.store.Store`, opened right after the first
  frame (or at once, on first use); screens that show data on their first frame
  reload on ``messages.StoreOpened``;
- ``app.banks`` — the merged question banks, or ``None`` while they load in the
  background; ``app.get_banks()`` returns them, loading them now if need be;
- ``app.lang`` and ``app.t(key, **values)`` — the UI language and its messages;
- ``app.actions`` — the write layer (:class:`spin_coach.actions.DealActions`): the only
  way a screen, widget or dialog changes data. Every action it carries out reaches
  every screen as one ``messages.DealChanged``, so screens showing that deal redraw
  (a screen never announces a change itself); ``with app.saving(): ...`` around an
  action tells the seller when it is refused or the database fails;
- ``app.open_deal``, ``open_meeting``, ``open_strategy``, ``open_call_plan``,
  ``open_proposal`` — the ways between screens.

Startup stays light: the first frame needs neither pydantic nor sqlite-utils, so
the store is opened just after it; screens are imported when first shown; the
banks are parsed in a thread after that.
"""

from __future__ import annotations

import signal
import sqlite3
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import i18n
from .autosave import flush_all
from .config import DARK_THEME, LIGHT_THEME, Config, load_config
from .keys import localize_bindings
from .messages import BanksLoaded, DealChanged, StoreOpened

if TYPE_CHECKING:
    from ..actions import Change, DealActions
    from ..banks import BankSet
    from ..store import Store


def _screen_commands():
    from .commands import ScreenCommands

    return ScreenCommands


class SpinCoachApp(App):
    """SPIN discovery across the buying group, one shared problem definition."""

    CSS_PATH = "app.tcss"
    TITLE = "spin-coach"
    COMMANDS = App.COMMANDS | {_screen_commands}
    # Narrow terminals stack the workspace panels instead of squeezing them side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "tui.key.help", id="app.help"),
        Binding("f2", "toggle_theme", "tui.key.theme", id="app.theme", show=False),
        # Declared here (Textual adds it otherwise) so its footer label is translated and it can be remapped.
        Binding("ctrl+p", "command_palette", "tui.key.palette", id="app.palette", show=False),
        Binding("ctrl+q", "quit", "tui.key.quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(self, db_path: Path, bank_dirs: list[Path], lang: str, config: Config) -> None:
        self.db_path = db_path
        self._store: Store | None = None
        self._actions: DealActions | None = None
        self.store_error: str | None = None
        self.bank_dirs = list(bank_dirs)
        self.lang = lang
        self.config = config
        self.banks: BankSet | None = None
        self._banks_lock = threading.Lock()
        self._signals_installed: list[int] = []
        super().__init__()
        localize_bindings(self)
        self.theme = config.theme if config.theme in self.available_themes else DARK_THEME
        if config.keymap:
            self.set_keymap(config.keymap)

    # ------------------------------------------------------------ what screens use

    @property
    def store(self) -> "Store":
        """The open store; opens it now if the app has not yet (raises StoreError if it cannot)."""
        if self._store is None:
            from ..store import Store

            self._store = Store.open(self.db_path)
        return self._store

    @property
    def actions(self) -> "DealActions":
        """The seller's actions on the open store; each change reaches every screen as ``DealChanged``."""
        if self._actions is None:
            from ..actions import DealActions

            self._actions = DealActions(self.store, [self._announce])
        return self._actions

    def _announce(self, change: "Change") -> None:
        self.deal_changed(change.deal_id, change)

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Around a seller action: if it is refused or the database fails, the seller is told
        (nothing was changed) and the rest of the block is skipped."""
        from ..store import StoreError

        try:
            yield
        except (StoreError, ValueError, sqlite3.Error) as exc:  # ValueError: a value the models refuse
            self.notify(self.t("tui.common.not_saved", error=str(exc)), severity="error", timeout=10)

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    def t(self, key: str, **values) -> str:
        """The UI message ``key`` (``domain.name``) in the app's language."""
        return i18n.t(key, self.lang, **values)

    def get_banks(self) -> "BankSet":
        """The question banks; loads them now if the background load has not finished."""
        if self.banks is None:
            with self._banks_lock:
                if self.banks is None:
                    from ..banks import load_banks

                    self.banks = load_banks(self.bank_dirs)
        return self.banks

    def deal_changed(self, deal_id: str, change: "Change | None" = None) -> None:
        """Tell every open screen that ``deal_id`` changed in the store (``app.actions`` does this for each action)."""
        for screen in self.screen_stack:
            screen.post_message(DealChanged(deal_id, change))

    def open_deal(self, deal_id: str) -> None:
        from .screens.workspace import WorkspaceScreen

        self.push_screen(WorkspaceScreen(deal_id))

    def open_meeting(self, deal_id: str, attendees: list[str]) -> None:
        self._open("meeting", "MeetingScreen", deal_id, attendees)

    def open_strategy(self, deal_id: str) -> None:
        self._open("strategy", "StrategyScreen", deal_id)

    def open_call_plan(self, deal_id: str, stakeholder_id: str) -> None:
        self._open("call_plan", "CallPlanScreen", deal_id, stakeholder_id)

    def open_proposal(self, deal_id: str) -> None:
        self._open("proposal", "ProposalScreen", deal_id)

    def _open(self, module: str, name: str, *args) -> None:
        import importlib

        try:
            screen_class = getattr(importlib.import_module(f"{__package__}.screens.{module}"), name)
        except (ImportError, AttributeError):
            self.notify(self.t("tui.app.screen_missing", name=name), severity="warning")
            return
        self.push_screen(screen_class(*args))

    # ------------------------------------------------------------ life cycle

    def get_default_screen(self) -> Screen:
        from .screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._install_signal_handlers()
        for problem in self.config.problems:
            self.notify(problem, title=self.t("tui.app.config_problem"), severity="warning", timeout=10)
        # The store and the banks are opened off the path to the first frame.
        self.call_after_refresh(self._open_store)

    def _open_store(self) -> None:
        from ..store import StoreError

        try:
            self.store
        except StoreError as exc:
            self.store_error = str(exc)
            self.notify(self.store_error, title=self.t("tui.app.store_failed"), severity="error", timeout=30)
        for screen in self.screen_stack:
            screen.post_message(StoreOpened())
        self._load_banks_in_background()

    def _load_banks_in_background(self) -> None:
        self.run_worker(self._load_banks, thread=True, name="banks", exit_on_error=False)

    def _load_banks(self) -> None:
        banks = self.get_banks()
        self.call_from_thread(self._banks_ready, banks)
        # Warm what opening a deal needs, so the first open does not wait for the imports.
        import importlib

        for module in ("spin_coach.coach", "spin_coach.tui.screens.workspace"):
            importlib.import_module(module)

    def _banks_ready(self, banks: "BankSet") -> None:
        for problem in banks.problems:
            self.notify(str(problem), title=self.t("tui.app.bank_skipped"), severity="warning", timeout=10)
        for screen in self.screen_stack:
            screen.post_message(BanksLoaded())

    def _install_signal_handlers(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is None:
                continue
            try:
                loop.add_signal_handler(signum, self._save_and_exit)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # not the main thread, or a platform without it
            self._signals_installed.append(signum)

    def _save_and_exit(self) -> None:
        if self._store is not None:
            flush_all(self)
        self.exit()

    def on_unmount(self) -> None:
        if self._store is not None:
            flush_all(self)
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum in self._signals_installed:
            loop.remove_signal_handler(signum)
        self._signals_installed.clear()

    # ------------------------------------------------------------ actions

    async def action_quit(self) -> None:
        if self._store is not None:
            flush_all(self)
        self.exit()

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def _remember_theme(self, theme) -> None:
        if theme.name != self.config.theme:
            try:
                self.config.save_setting("theme", theme.name)
            except OSError as exc:
                self.notify(self.t("tui.app.config_not_saved", error=str(exc)), severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands, in the app's language where we have the words.
        yield SystemCommand(self.t("tui.cmd.theme"), self.t("tui.cmd.theme_help"), self.action_change_theme)
        yield SystemCommand(self.t("tui.cmd.toggle_theme"), self.t("tui.cmd.toggle_theme_help"), self.action_toggle_theme)
        yield SystemCommand(self.t("tui.cmd.help"), self.t("tui.cmd.help_help"), self.action_help)
        yield SystemCommand(self.t("tui.cmd.quit"), self.t("tui.cmd.quit_help"), self.action_quit)
        yield SystemCommand(
            self.t("tui.cmd.screenshot"), self.t("tui.cmd.screenshot_help"), lambda: self.set_timer(0.1, self.deliver_screenshot)
        )


def create_app(db_path: Path, bank_dirs: list[Path], lang: str | None, config_path: Path | None = None) -> SpinCoachApp:
    """The one way to build the app, for ``spin-coach`` and for the tests.

    ``lang`` (from ``--lang``) wins over the config file, which wins over the locale.
    The database opens just after the first frame; a database that cannot be
    opened is reported in the app.
    """
    config = load_config(config_path)
    return SpinCoachApp(Path(db_path), bank_dirs, i18n.resolve_language(lang, config.lang), config)


def run(db_path: Path, bank_dirs: list[Path], lang: str | None) -> None:
    """Open the terminal app (``spin-coach`` with no command)."""
    app = create_app(db_path, bank_dirs, lang)
    try:
        app.run()
    finally:
        if app.store_is_open:
            app.store.close()
    if app.store_error:
        print(f"error: {app.store_error}", file=sys.stderr)
        sys.exit(1)
    if app.return_code:
        sys.exit(app.return_code)
