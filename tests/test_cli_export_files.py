"""`spin-coach export -o FILE` never replaces a file silently, and what it writes is private (issue 10, item 3)."""

from __future__ import annotations

import json
import stat

from spin_coach.paths import write_private


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_export_refuses_to_replace_a_file_without_force(cli, tmp_path):
    cli("demo")
    out = tmp_path / "deal.json"
    out.write_text("my own notes\n")
    out.chmod(0o644)
    result = cli("export", "North", "-o", str(out))
    assert result.exit_code == 1
    assert str(out) in result.stderr and "already exists" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.output
    assert out.read_text() == "my own notes\n"
    assert mode(out) == 0o644


def test_export_with_force_replaces_the_file_and_makes_it_private(cli, tmp_path):
    cli("demo")
    out = tmp_path / "deal.json"
    out.write_text("an older export\n")
    out.chmod(0o644)
    result = cli("export", "North", "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out}\n"
    assert json.loads(out.read_text(encoding="utf-8"))["deal"]["id"] == "d_demo_en"
    assert mode(out) == 0o600
    assert [p.name for p in tmp_path.glob("*deal.json*")] == ["deal.json"]  # no temporary file left behind


def test_export_into_a_missing_folder_is_a_clear_error(cli, tmp_path):
    cli("demo")
    out = tmp_path / "no-such-folder" / "deal.json"
    result = cli("export", "North", "-o", str(out))
    assert result.exit_code == 1
    assert "no-such-folder" in result.stderr
    assert "Traceback" not in result.output


def test_replacing_a_file_leaves_it_0600_whatever_its_mode_was(tmp_path):
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "proposal.md"
    path.write_text("old")
    path.chmod(0o664)
    write_private(path, b"new")
    assert path.read_bytes() == b"new"
    assert mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["proposal.md"]
