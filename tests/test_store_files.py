"""The app sets modes only on what it creates, warns about a database others can read, and
opens a read-only database read-only (issue 10, item 7)."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest

from spin_coach.actions import DealActions
from spin_coach.cli import main
from spin_coach.demo import add_demo
from spin_coach.store import Store, StoreError


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cli, path, *args):
    return cli.runner.invoke(main, ["--db", str(path), *args])


def demo_database(path):
    store = Store.open(path)
    add_demo(DealActions(store), "en")
    store.close()
    return path


@pytest.mark.parametrize("folder_mode", [0o1777, 0o2775, 0o755])
def test_an_existing_folder_keeps_its_mode(tmp_path, folder_mode):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(folder_mode)
    path = folder / "deals.db"
    Store.open(path).close()
    assert mode(folder) == folder_mode
    assert mode(path) == 0o600  # the file is the app's own: private


def test_folders_the_app_makes_are_private(tmp_path):
    path = tmp_path / "a" / "b" / "deals.db"
    Store.open(path).close()
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700
    assert mode(path) == 0o600


def test_a_database_others_can_read_is_left_as_it_is_with_a_warning(tmp_path, cli):
    path = demo_database(tmp_path / "deals.db")
    path.chmod(0o644)
    store = Store.open(path)
    try:
        assert mode(path) == 0o644
        assert any(str(path) in w and "other users" in w for w in store.db.warnings)
    finally:
        store.close()
    result = run(cli, path, "deals")
    assert result.exit_code == 0
    assert "warning:" in result.stderr and str(path) in result.stderr and "chmod 600" in result.stderr
    assert "Northwind" in result.stdout
    assert mode(path) == 0o644


def test_a_private_database_opens_without_a_warning(tmp_path, cli):
    path = demo_database(tmp_path / "deals.db")
    store = Store.open(path)
    assert store.db.warnings == [] and not store.db.read_only
    store.close()
    assert run(cli, path, "deals").stderr == ""


def test_a_read_only_database_opens_read_only(tmp_path, cli):
    path = demo_database(tmp_path / "deals.db")
    path.chmod(0o400)
    before = digest(path)
    store = Store.open(path)
    try:
        assert store.db.read_only
        assert any(str(path) in w and "read-only" in w for w in store.db.warnings)
        assert store.record("d_demo_en").deal.title
        with pytest.raises(StoreError, match="read-only") as refused:
            store.set_archived("d_demo_en", True)
        assert str(path) in str(refused.value)
    finally:
        store.close()
    assert mode(path) == 0o400
    assert digest(path) == before


def test_browse_review_and_export_work_on_a_read_only_database_and_a_write_is_refused(tmp_path, cli):
    path = demo_database(tmp_path / "deals.db")
    exported = tmp_path / "deal.json"
    exported.write_text(run(cli, path, "export", "North").stdout, encoding="utf-8")
    path.chmod(0o400)
    before = digest(path)

    deals = run(cli, path, "deals")
    assert deals.exit_code == 0 and "Northwind" in deals.stdout
    assert "read-only" in deals.stderr and str(path) in deals.stderr
    assert run(cli, path, "review", "North").exit_code == 0
    assert json.loads(run(cli, path, "export", "North").stdout)["deal"]["id"] == "d_demo_en"
    assert run(cli, path, "search", "penetration").exit_code == 0

    written = run(cli, path, "import", str(exported), "--as-new")
    assert written.exit_code == 1
    assert "read-only" in written.stderr and str(path) in written.stderr
    assert "Traceback" not in written.output
    assert mode(path) == 0o400
    assert digest(path) == before


def test_a_database_in_a_read_only_folder_opens_read_only_and_nothing_is_written_there(tmp_path, cli):
    folder = tmp_path / "archive"
    folder.mkdir()
    path = demo_database(folder / "deals.db")
    folder.chmod(0o555)
    try:
        listing = sorted(p.name for p in folder.iterdir())
        before = digest(path)
        store = Store.open(path)
        try:
            assert store.db.read_only
            assert [d.id for d in store.deals()] == ["d_demo_en"]
            with pytest.raises(StoreError, match="read-only"):
                store.set_archived("d_demo_en", True)
        finally:
            store.close()
        result = run(cli, path, "deals")
        assert result.exit_code == 0 and "Northwind" in result.stdout and "read-only" in result.stderr
        assert mode(folder) == 0o555
        assert mode(path) == 0o600
        assert sorted(p.name for p in folder.iterdir()) == listing
        assert digest(path) == before
    finally:
        folder.chmod(0o755)


def test_a_read_only_database_of_an_older_schema_is_refused_clearly(tmp_path):
    import shutil
    from pathlib import Path

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "schema1.db", path)
    path.chmod(0o400)
    before = digest(path)
    with pytest.raises(StoreError, match="read-only") as refused:
        Store.open(path)
    assert str(path) in str(refused.value) and "schema 1" in str(refused.value)
    assert digest(path) == before
    assert not list(tmp_path.glob("old.db.bak-*"))


def test_a_file_that_is_not_a_database_keeps_its_mode(tmp_path, cli):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 20)
    path.chmod(0o644)
    with pytest.raises(StoreError, match="not a spin-coach database"):
        Store.open(path)
    result = run(cli, path, "deals")
    assert result.exit_code == 1 and str(path) in result.stderr
    assert mode(path) == 0o644
    assert path.read_text().startswith("these are my notes")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.txt"]


def test_the_first_frame_glance_writes_nothing_next_to_a_read_only_database(tmp_path):
    from spin_coach.store.peek import peek_deals

    folder = tmp_path / "archive"
    folder.mkdir()
    path = demo_database(folder / "deals.db")
    folder.chmod(0o555)
    try:
        listing = sorted(p.name for p in folder.iterdir())
        rows = peek_deals(path)
        assert [r["id"] for r in rows] == ["d_demo_en"]
        assert sorted(p.name for p in folder.iterdir()) == listing
    finally:
        folder.chmod(0o755)
