"""Shared pieces of the TUI tests: a fresh database and config folder, the app, and small Pilot helpers.

The fixtures (``tui_env``, ``make_app``) reach every test through ``pytest_plugins`` in conftest.py.
"""

from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from spin_coach.actions import DealActions
from spin_coach.tui.app import SpinCoachApp, create_app
from spin_coach.tui.autosave import flush_all


def pilot_test(test):
    """Run an ``async def`` test (Pilot needs a loop) without an async pytest plugin."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


@dataclass
class TuiEnv:
    db: Path
    config_dir: Path

    @property
    def config(self) -> Path:
        return self.config_dir / "config.toml"


@pytest.fixture
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TuiEnv:
    """A temp database and config folder; local time pinned to UTC so screens read the same everywhere."""
    config_dir = tmp_path / "config"
    config_dir.mkdir(exist_ok=True)  # the shared conftest may have made it already
    db = tmp_path / "data" / "spin-coach.db"
    monkeypatch.setenv("SPIN_COACH_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("SPIN_COACH_DB", str(db))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield TuiEnv(db=db, config_dir=config_dir)
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def make_app(tui_env: TuiEnv):
    """Build the app the way ``spin-coach`` does; close its store afterwards."""
    apps: list[SpinCoachApp] = []

    def build(lang: str | None = "en", *, sample: bool = False) -> SpinCoachApp:
        app = create_app(tui_env.db, [], lang)
        if sample:
            from spin_coach.demo import add_demo

            add_demo(DealActions(app.store), app.lang)
        apps.append(app)
        return app

    yield build
    for app in apps:
        if app.store_is_open:
            app.store.close()


def no_blink(app: SpinCoachApp) -> None:
    """Steady cursors, so screenshots do not depend on when they are taken."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False


async def type_text(pilot, text: str) -> None:
    """Type like a person: one key a character (spaces included)."""
    await pilot.press(*text)


async def settle(pilot, seconds: float = 0.0) -> None:
    """Let timers and follow-up messages run."""
    await pilot.pause(seconds) if seconds else await pilot.pause()
    await pilot.pause()


async def autosave_due(pilot) -> bool:
    """Do now what the autosave timers do once they come due — every saver with unsaved text saves —
    instead of sleeping past them (a loaded machine fires timers late). True when all saved."""
    saved = flush_all(pilot.app)
    await settle(pilot)
    return saved


async def until(pilot, condition, turns: int = 200) -> None:
    """Let the app run, a turn at a time and never on the clock, until ``condition()`` holds."""
    for _ in range(turns):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"still not true after {turns} turns of the event loop")


def hold_autosave(saver) -> None:
    """Let an :class:`~spin_coach.tui.autosave.Autosaver` save only when asked (flush: on blur, Enter …):
    its timers wait an hour, so how fast the machine types cannot add saves to what a test counts."""
    saver.delay = saver.max_wait = 3600.0


def answer_box_text(app: SpinCoachApp) -> str:
    return app.screen.query_one("#answer", TextArea).text


def input_value(app: SpinCoachApp, selector: str) -> str:
    return app.screen.query_one(selector, Input).value
