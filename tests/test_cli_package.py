"""The command line as one package: every command of the README, light to start, no way back into it from the core."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from spin_coach.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
SPIN_COACH = ROOT / "spin_coach"


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_every_command_in_the_readme_is_a_command_and_no_other():
    table = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `spin-coach ([a-z]+)", table, re.M))
    assert documented == set(COMMANDS) == set(main.list_commands(None))
    for name in COMMANDS:
        assert main.get_command(None, name).name == name


def test_importing_the_cli_loads_none_of_the_core():
    code = (
        "import sys, spin_coach.cli\n"
        "heavy = ('spin_coach.coach', 'spin_coach.proposal', 'spin_coach.store.repo', 'spin_coach.store.db', 'spin_coach.exchange',\n"
        "         'spin_coach.models', 'spin_coach.actions', 'jinja2', 'docx', 'pydantic', 'sqlite_utils', 'textual')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr


def test_spin_coach_alone_opens_the_app_before_loading_the_core():
    # The app module is replaced by one that reports what was loaded when it is asked to run.
    code = (
        "import sys, types\n"
        "app = types.ModuleType('spin_coach.tui.app')\n"
        "def run(db, banks, lang):\n"
        "    heavy = ('spin_coach.coach', 'spin_coach.store.repo', 'spin_coach.exchange', 'spin_coach.models', 'jinja2', 'pydantic')\n"
        "    print([m for m in heavy if m in sys.modules])\n"
        "app.run = run\n"
        "import spin_coach.tui\n"
        "sys.modules['spin_coach.tui.app'] = app\n"
        "from spin_coach.cli import main\n"
        "main(['--db', sys.argv[1]], standalone_mode=False)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "never-created.db")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_each_command_module_imports_on_its_own():
    for module in sorted({target.partition(":")[0] for target in COMMANDS.values()}):
        done = run_python(f"import spin_coach.cli.{module}")
        assert done.returncode == 0, f"spin_coach.cli.{module}: {done.stderr}"


def test_nothing_outside_the_cli_package_imports_it():
    """The core, the proposal package and the app never reach back into the command line."""
    offenders = []
    for path in SPIN_COACH.rglob("*.py"):
        if path.parent.name == "cli" and path.parent.parent == SPIN_COACH or path.name == "__main__.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(from\s+(spin_coach\.cli|\.+cli)\b|import\s+spin_coach\.cli\b)", text, re.M):
            offenders.append(str(path.relative_to(SPIN_COACH)))
    assert not offenders, offenders


def test_one_function_writes_private_files():
    """Export, plan, proposal and the app's export all write through paths.write_private."""
    writers = [p.relative_to(SPIN_COACH).as_posix() for p in SPIN_COACH.rglob("*.py") if "def write_private" in p.read_text(encoding="utf-8")]
    assert writers == ["paths.py"]
    # 0600 is spelt out only there and where the database file itself is created.
    modes = sorted(p.relative_to(SPIN_COACH).as_posix() for p in SPIN_COACH.rglob("*.py") if "0o600" in p.read_text(encoding="utf-8"))
    assert modes == ["paths.py", "store/db.py"]


def test_exported_deal_files_are_private(cli, tmp_path):
    cli("demo")
    out = tmp_path / "deal.json"
    result = cli("export", "North", "-o", str(out))
    assert result.exit_code == 0 and result.stderr == f"wrote {out}\n"
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["deal"]["id"] == "d_demo_en"
