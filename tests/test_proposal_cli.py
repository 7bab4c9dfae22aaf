"""`spin-coach proposal` and `spin-coach plan` as a seller or a script uses them."""

from __future__ import annotations

import zipfile

import pytest

from spin_coach.demo import demo_deal_id


@pytest.fixture
def demo(cli) -> str:
    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_proposal_prints_markdown_by_default(cli, demo):
    result = cli("proposal", demo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Pre-sell proposal: Northwind Freight\n")
    assert "## The problems we agreed on" in result.stdout


def test_the_deal_can_be_named_by_a_title_prefix_and_the_language_chosen(cli, demo):
    result = cli("proposal", "Northwind", "--lang", "ru")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Предварительное предложение: Northwind Freight\n")


def test_the_group_language_applies_when_the_command_has_none(cli, demo):
    result = cli("--lang", "ru", "plan", demo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# План встречи: Northwind Freight")


def test_html_goes_to_a_file_and_the_format_follows_its_extension(cli, demo, tmp_path):
    out = tmp_path / "draft.html"
    result = cli("proposal", demo, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "@page" in html
    assert "<link" not in html and "<script" not in html  # one self-contained file
    assert out.stat().st_mode & 0o777 == 0o600
    assert f"wrote {out}" in result.stderr


def test_word_document_into_a_folder_gets_a_name_from_the_title_and_never_replaces_one(cli, demo, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    first = cli("proposal", demo, "--format", "docx", "-o", str(folder))
    second = cli("proposal", demo, "--format", "docx", "-o", str(folder))
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    made = sorted(p.name for p in folder.iterdir())
    assert made == ["northwind-order-to-cash-automation-proposal-en-2.docx", "northwind-order-to-cash-automation-proposal-en.docx"]
    assert "already exists; wrote" in second.stderr and "-en-2.docx instead" in second.stderr
    with zipfile.ZipFile(folder / made[1]) as docx:
        assert "Northwind Freight" in docx.read("word/document.xml").decode("utf-8")


def test_an_existing_file_is_replaced_only_with_force(cli, demo, tmp_path):
    out = tmp_path / "draft.md"
    out.write_text("the seller's own edits")
    refused = cli("proposal", demo, "-o", str(out))
    assert refused.exit_code == 1
    assert "already exists; use --force" in refused.stderr
    assert out.read_text() == "the seller's own edits"
    forced = cli("proposal", demo, "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Pre-sell proposal")


def test_a_broken_user_template_is_one_clear_error(cli, demo, tmp_path):
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ deal.titel }}\n", encoding="utf-8")
    result = cli("proposal", demo, "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: template mine.md.j2, line 1: undefined variable or field 'titel' ('dict object' has no attribute 'titel')",
        "    1 | # {{ deal.titel }}",
    ]


def test_a_user_template_from_the_templates_folder(cli, demo, isolated_home):
    folder = isolated_home / "templates"
    folder.mkdir()
    (folder / "one-pager.md.j2").write_text("{{ account.name }} — {{ summary.points|length }} points\n", encoding="utf-8")
    result = cli("proposal", demo, "--template", "one-pager.md.j2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Northwind Freight — 6 points\n"


def test_a_broken_service_catalog_is_reported_and_left_out(cli, demo, isolated_home):
    (isolated_home / "catalog.toml").write_text("[catalog]\nid = 'mine'\n[[offers]]\nid = 'x'\n", encoding="utf-8")
    result = cli("proposal", demo)
    assert result.exit_code == 0
    assert "warning: service catalog skipped:" in result.stderr
    assert "No offer in our catalogue matches this problem yet" in result.stdout


def test_unknown_deal_is_an_error(cli, demo):
    result = cli("proposal", "no such deal")
    assert result.exit_code == 1
    assert result.stderr.startswith("error:")


def test_plan_for_one_stakeholder_by_name_prefix(cli, demo):
    result = cli("plan", demo, "--stakeholder", "marcus")
    assert result.exit_code == 0, result.stderr
    assert "## Marcus Lee, CFO" in result.stdout
    assert "## Helen Park" not in result.stdout


def test_plan_with_an_unknown_stakeholder_lists_who_is_known(cli, demo):
    result = cli("plan", demo, "--stakeholder", "Zed")
    assert result.exit_code == 1
    assert "no stakeholder 'Zed'" in result.stderr and "Marcus Lee" in result.stderr


def test_plan_html_has_a_page_per_stakeholder(cli, demo, tmp_path):
    out = tmp_path / "plans.html"
    result = cli("plan", demo, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.count('<section class="plan"') == 5
    assert ".plan { page-break-after: always; break-after: page; }" in html


def test_plan_refuses_word(cli, demo):
    result = cli("plan", demo, "--format", "docx")
    assert result.exit_code == 2  # a usage error: plans are Markdown or HTML


def test_word_to_a_pipe_is_the_document_itself(cli, demo):
    result = cli("proposal", demo, "--format", "docx")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")  # a zip: `spin-coach proposal X --format docx > x.docx` works


def test_the_sample_deal_id_is_stable():
    assert demo_deal_id("en") == "d_demo_en"
