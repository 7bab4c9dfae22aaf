"""A hostile bank file (issue 10, item 11): nesting thousands deep is one skipped bank
with a message naming the file, never a RecursionError; the other banks still load."""

from __future__ import annotations

import pytest

from spin_coach.banks import BankError, load_banks, parse_bank

from test_banks import GOOD, write

DEEP = {
    "arrays": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "inline_tables": "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
    "moderately_deep": GOOD + "\n[bank.extra]\nx = " + "[" * 200 + "]" * 200 + "\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_a_deeply_nested_bank_is_one_skipped_bank_naming_the_file(case, tmp_path):
    folder = tmp_path / "banks"
    bad = write(folder, "deep.toml", DEEP[case])
    write(folder, "good.toml", GOOD)
    with pytest.raises(BankError) as err:
        parse_bank(bad)
    assert all(p.file == str(bad) for p in err.value.problems)
    banks = load_banks([folder])
    assert [p.file for p in banks.problems] == [str(bad)]
    assert "nested too deeply" in banks.problems[0].message
    assert "x.p.delays" in banks.questions  # the good bank loads
    assert "gen.p.biggest_difficulty" in banks.questions  # and so do the bundled ones


def test_banks_validate_reports_a_deep_bank_without_a_traceback(tmp_path, cli):
    bad = write(tmp_path, "deep.toml", DEEP["arrays"])
    result = cli("banks", "validate", str(bad))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{bad}: nested too deeply" in result.stderr


def test_a_deep_user_bank_only_warns_review(cli, isolated_home):
    write(isolated_home / "banks", "deep.toml", DEEP["arrays"])
    assert cli("demo").exit_code == 0
    result = cli("review", "d_demo_en")
    assert result.exit_code == 0, result.output
    assert "deep.toml" in result.stderr and "nested too deeply" in result.stderr
