"""The README's two commands, as a newcomer copies them: the app and the tests never share an environment."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> tuple[str, str]:
    blocks = re.findall(r"```sh\n(.*?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    run, test = blocks[0].strip(), blocks[1].strip()
    assert "spin-coach" in run and "pytest" in test
    return run, test


def venv_of(command: str) -> str:
    return re.search(r"-m venv (\S+)", command).group(1)


def test_installing_the_test_tools_never_touches_the_apps_environment():
    # Installing the test extras into the app's own .venv broke a running app (issue 10, item 16).
    run, test = commands()
    assert venv_of(run) != venv_of(test)
    assert f"{venv_of(test)}/bin/pip install -e \".[test]\"" in test


def test_ci_runs_the_readmes_test_command_in_the_same_environment():
    _, test = commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    env = venv_of(test)
    assert f'"$PY" -m venv {env}' in ci and f"{env}/bin/python -m pytest -n auto" in ci
