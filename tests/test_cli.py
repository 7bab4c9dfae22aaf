"""The command line as scripts and sellers use it."""

from __future__ import annotations

import json
import subprocess
import sys


def test_demo_adds_one_sample_deal_however_often_it_runs(cli):
    first = cli("demo")
    second = cli("demo")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout == "d_demo_en\n"
    deals = cli.json("deals", "--json")
    assert [d["id"] for d in deals] == ["d_demo_en"]
    assert deals[0]["stakeholders"] == 5
    assert deals[0]["account"] == "Northwind Freight"


def test_russian_demo_deal_is_in_russian(cli):
    assert cli("demo", "--lang", "ru").stdout.strip() == "d_demo_ru"
    deal = cli.json("deals", "--json")[0]
    assert deal["title"].startswith("ТрансЛогистик")
    exported = json.loads(cli("export", "d_demo_ru").stdout)
    assert exported["deal"]["currency"] == "RUB"
    assert any("ERP" in a["text"] and "вручную" in a["text"] for a in exported["answers"])


def test_deals_on_an_empty_database_points_to_demo(cli):
    result = cli("deals")
    assert result.exit_code == 0
    assert "spin-coach demo" in result.stdout
    assert cli.json("deals", "--json") == []


def test_search_finds_what_a_stakeholder_said(cli):
    cli("demo")
    cli("demo", "--lang", "ru")
    hits = cli.json("search", "penetration", "--json")
    assert [h["id"] for h in hits] == ["ans_demo_en_20"]
    assert hits[0]["stakeholder_id"] == "s_demo_en_it"
    only_ru = cli.json("search", "ERP", "--deal", "ТрансЛогистик", "--json")
    assert only_ru and {h["deal_id"] for h in only_ru} == {"d_demo_ru"}
    plain = cli("search", "penetration")
    assert "[penetration]" in plain.stdout


def test_unknown_deal_is_a_clear_error(cli):
    result = cli("export", "Contoso")
    assert result.exit_code == 1
    assert "no deal" in result.stderr and "Contoso" in result.stderr


def test_usage_errors_exit_2(cli):
    assert cli("export").exit_code == 2
    assert cli("no-such-command").exit_code == 2


def test_db_option_and_env_variable_choose_the_database(tmp_path, monkeypatch, cli):
    env_db = tmp_path / "from-env.db"
    monkeypatch.setenv("SPIN_COACH_DB", str(env_db))
    result = cli.runner.invoke(__import__("spin_coach.cli", fromlist=["main"]).main, ["demo"])
    assert result.exit_code == 0
    assert env_db.is_file()
    assert cli.json("deals", "--json") == []  # --db wins over the environment


def test_python_m_runs_the_cli(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "spin_coach", "--db", str(tmp_path / "m.db"), "demo"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "d_demo_en"


def test_core_modules_do_not_import_textual():
    code = (
        "import sys\n"
        "import spin_coach.cli, spin_coach.models, spin_coach.banks, spin_coach.store, spin_coach.exchange, spin_coach.demo\n"
        "assert 'textual' not in sys.modules, 'the core imported textual'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_opening_the_app_does_not_load_the_coach_or_the_proposal_renderer():
    # `spin-coach` alone starts the TUI: the commands that need them load on demand.
    code = (
        "import sys\n"
        "import spin_coach.cli\n"
        "heavy = [m for m in ('spin_coach.coach', 'spin_coach.proposal', 'jinja2', 'docx') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_lazily_loaded_commands_are_listed_and_run(cli):
    help_text = cli("--help").stdout
    for name in ("review", "plan", "proposal"):
        assert name in help_text
    cli("demo")
    assert cli("review", "North").stdout.startswith("Review: Northwind")
