"""Shared fixtures: every test gets its own database and config folder, never the user's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from spin_coach.cli import main
from spin_coach.store import Store

pytest_plugins = ["tui_helpers"]  # the TUI fixtures: tui_env, make_app


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Point config and database at a temp folder so no test touches real user data."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("SPIN_COACH_CONFIG_DIR", str(config))
    monkeypatch.setenv("SPIN_COACH_DB", str(tmp_path / "data" / "spin-coach.db"))
    return config


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "spin-coach.db"


@pytest.fixture
def store(db_path):
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def memory_store():
    s = Store.open(":memory:")
    yield s
    s.close()


class Cli:
    """Runs `spin-coach` in process against the test database."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(main, ["--db", str(self.db_path), *args], input=input, catch_exceptions=False)

    def json(self, *args: str):
        result = self(*args)
        assert result.exit_code == 0, result.output + result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def cli(db_path) -> Cli:
    return Cli(db_path)
