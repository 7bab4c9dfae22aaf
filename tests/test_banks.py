"""Question banks: bundled ones load, later banks override, and every bad file is named and skipped."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from spin_coach.banks import load_banks, parse_bank, BankError

GOOD = textwrap.dedent(
    """
    [bank]
    id = "extra"
    name = "Extra"

    [[questions]]
    id = "x.p.delays"
    stage = "problem"
    roles = ["end_user"]
    follow_ups = ["x.i.delays_cost"]
    text = { en = "Where do delays hurt most?", ru = "Где задержки болезненнее всего?" }

    [[questions]]
    id = "x.i.delays_cost"
    stage = "implication"
    text = { en = "What does a day of delay cost?", ru = "Во что обходится день задержки?" }
    """
)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_bundled_banks_load_without_problems():
    banks = load_banks(include_user=False)
    assert banks.problems == []
    assert {"economic_buyer", "technical_buyer", "end_user"} <= set(banks.roles)
    stages = {q.stage for q in banks.questions.values()}
    assert stages == {"situation", "problem", "implication", "need_payoff"}
    assert all(q.text["en"] and q.text["ru"] for q in banks.questions.values())


def test_user_bank_adds_questions_and_extra_folder_overrides_by_id(isolated_home, tmp_path):
    write(isolated_home / "banks", "extra.toml", GOOD)
    override = GOOD.replace("Where do delays hurt most?", "Which delays hurt the most?").replace('id = "extra"', 'id = "team"')
    write(tmp_path / "team", "team.toml", override)
    banks = load_banks()
    assert banks.questions["x.p.delays"].ask("en") == "Where do delays hurt most?"
    banks = load_banks([tmp_path / "team"])
    assert banks.questions["x.p.delays"].ask("en") == "Which delays hurt the most?"
    assert banks.questions["x.p.delays"].source.endswith("team.toml")


BAD = {
    "syntax": (GOOD.replace('stage = "problem"', 'stage = "problem'), [".toml:8:17: TOML syntax error"]),
    "empty": ("", ["empty"]),
    "bom": (b"\xef\xbb\xbf" + GOOD.encode(), ["byte-order mark"]),
    "duplicate": (GOOD.replace('id = "x.i.delays_cost"', 'id = "x.p.delays"').replace('follow_ups = ["x.i.delays_cost"]', ""), ["x.p.delays", "duplicate"]),
    "stage": (GOOD.replace('stage = "implication"', 'stage = "consequence"'), ["x.i.delays_cost", "field stage", "consequence"]),
    "follow_up": (GOOD.replace('follow_ups = ["x.i.delays_cost"]', 'follow_ups = ["x.i.nowhere"]'), ["x.p.delays", "follow_ups", "x.i.nowhere"]),
    "role": (GOOD.replace('roles = ["end_user"]', 'roles = ["janitor"]'), ["x.p.delays", "roles", "janitor"]),
    "no_russian": (GOOD.replace(', ru = "Во что обходится день задержки?"', ""), ["x.i.delays_cost", "field text", "ru"]),
    "no_english": (GOOD.replace('en = "Where do delays hurt most?", ', ""), ["x.p.delays", "field text", "en"]),
    "huge": (GOOD + "#" + "x" * (1024 * 1024) + "\n", ["at most 1,048,576"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_bank_is_named_skipped_and_fails_validation(case, tmp_path, cli, isolated_home):
    text, expected = BAD[case]
    folder = tmp_path / "banks"
    bad = write(folder, f"bad_{case}.toml", text)
    good_folder = tmp_path / "good"
    write(good_folder, "good.toml", GOOD.replace('id = "extra"', 'id = "good"').replace("x.", "g."))

    banks = load_banks([folder, good_folder])
    messages = [str(p) for p in banks.problems]
    assert messages, "the bad bank must be reported"
    assert all(str(bad) in m for m in messages)
    joined = "\n".join(messages)
    for fragment in expected:
        assert fragment in joined
    # the good bank and the bundled ones still load
    assert "g.p.delays" in banks.questions
    assert "gen.p.biggest_difficulty" in banks.questions

    result = cli("banks", "validate", str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.stderr
    assert "Traceback" not in result.output


def test_syntax_error_names_line_and_column(tmp_path):
    path = write(tmp_path, "broken.toml", '[bank]\nid = "b"\n\n[[questions]]\nid = "q" stage = "problem"\n')
    with pytest.raises(BankError) as err:
        parse_bank(path)
    problem = err.value.problems[0]
    assert (problem.line, problem.column) == (5, 10)
    assert str(problem).startswith(f"{path}:5:10: TOML syntax error")


def test_banks_list_json_gives_every_merged_question_with_its_source(cli):
    rows = cli.json("banks", "list", "--json")
    by_id = {r["id"]: r for r in rows}
    q = by_id["eb.p.growth_blockers"]
    assert q["stage"] == "problem"
    assert q["roles"] == ["economic_buyer"]
    assert q["languages"] == ["en", "ru"]
    assert q["journey"] == "shared_problem_understanding"
    assert "eb.i.margin_impact" in q["follow_ups"]
    assert q["source"].endswith("core.toml")
    assert len(by_id) == len(rows)


def test_banks_validate_passes_on_bundled_banks(cli):
    result = cli("banks", "validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok:")


def test_a_bad_user_bank_only_warns_other_commands(cli, isolated_home):
    write(isolated_home / "banks", "broken.toml", "")
    result = cli("banks", "list", "--json")
    assert result.exit_code == 0
    assert "broken.toml" in result.stderr and "empty" in result.stderr
    assert any(r["id"] == "gen.p.biggest_difficulty" for r in json.loads(result.stdout))


def test_a_fault_in_a_role_names_the_role(tmp_path):
    path = write(tmp_path, "roles.toml", '[bank]\nid = "r"\n\n[[roles]]\nid = "cio"\nname = { en = "CIO" }\n')
    with pytest.raises(BankError) as err:
        parse_bank(path)
    assert str(err.value.problems[0]) == f"{path}:6: role cio: field name: name needs text in ru (has: en)"


def test_faults_inside_a_question_name_the_line_of_the_field(tmp_path):
    bad = GOOD.replace('stage = "implication"', 'stage = "consequence"').replace(
        'follow_ups = ["x.i.delays_cost"]', 'follow_ups = ["x.i.nowhere"]'
    )
    path = write(tmp_path / "banks", "lines.toml", bad)
    lines = bad.splitlines()
    stage_line = lines.index('stage = "consequence"') + 1
    follow_line = lines.index('follow_ups = ["x.i.nowhere"]') + 1
    with pytest.raises(BankError) as err:
        parse_bank(path)
    assert f"{path}:{stage_line}: question x.i.delays_cost: field stage" in str(err.value)
    fixed = bad.replace('stage = "consequence"', 'stage = "implication"')
    path.write_text(fixed)
    problems = load_banks([path.parent]).problems
    assert [str(p).split(": ")[0] for p in problems] == [f"{path}:{follow_line}"]
