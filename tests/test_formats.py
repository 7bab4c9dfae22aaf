"""The one table of output formats: whatever it lists, the commands offer, the screens cycle through and the renderers make."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import click
import pytest

from spin_coach.banks import load_banks
from spin_coach.demo import build_demo
from spin_coach.models import BankInfo, ServiceCatalog
from spin_coach.proposal.documents import render_plan, render_proposal
from spin_coach.proposal.formats import DOCUMENTS, FORMATS, format_of_file, formats_for, names_for, output_format
from spin_coach.proposal.render import TemplateProblem

DAY = date(2026, 10, 20)
NO_OFFERS = ServiceCatalog(catalog=BankInfo(id="none"), offers=[])
SPIN_COACH = Path(__file__).resolve().parent.parent / "spin_coach"


@pytest.fixture(scope="module")
def banks():
    return load_banks([])


def render(document: str, fmt: str, banks, lang: str = "en"):
    if document == "proposal":
        return render_proposal(build_demo(lang), banks, fmt=fmt, lang=lang, catalog=NO_OFFERS, today=DAY)
    return render_plan(build_demo(lang), banks, fmt=fmt, lang=lang, today=DAY)


def format_choices(command: click.Command) -> list[str]:
    [option] = [p for p in command.params if p.name == "fmt"]
    return list(option.type.choices)


def test_the_commands_offer_exactly_the_formats_the_registry_lists():
    from spin_coach.cli.documents import plan_command, proposal_command

    assert format_choices(proposal_command) == list(names_for("proposal")) == ["md", "html", "docx"]
    assert format_choices(plan_command) == list(names_for("plan")) == ["md", "html"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_format_of_every_document_renders_in_both_languages(document, banks):
    for spec in formats_for(document):
        for lang in ("en", "ru"):
            result = render(document, spec.name, banks, lang)
            assert isinstance(result, bytes) is spec.binary, spec.name
            assert result.strip(), f"{document} as {spec.name} in {lang} is empty"


def test_a_word_file_is_a_real_word_document(banks):
    data = render("proposal", "docx", banks)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert "Northwind Freight" in docx.read("word/document.xml").decode("utf-8")


def test_a_format_a_document_does_not_have_is_refused_naming_the_ones_it_has(banks):
    with pytest.raises(ValueError, match="expected one of md, html$"):
        render("plan", "docx", banks)
    with pytest.raises(ValueError, match="unknown format 'pdf'; expected one of md, html, docx"):
        output_format("proposal", "pdf")
    with pytest.raises(ValueError, match="unknown document"):
        formats_for("invoice")


def test_a_format_drawn_without_a_template_says_which_formats_take_one(banks, tmp_path):
    with pytest.raises(TemplateProblem, match="use --format md or html with --template"):
        render_proposal(build_demo("en"), banks, fmt="docx", template=tmp_path / "x.j2", catalog=NO_OFFERS)


def test_every_format_has_a_label_a_suffix_and_a_document():
    for name, spec in FORMATS.items():
        assert spec.name == name
        assert spec.label("en") and spec.label("ru") and spec.label("de") == spec.label("en")
        assert spec.suffix.startswith(".") and all(s.startswith(".") for s in spec.other_suffixes)
        assert spec.documents and set(spec.documents) <= set(DOCUMENTS)
    assert [f.label() for f in formats_for("proposal")] == ["Markdown", "HTML", "Word (.docx)"]


def test_an_output_file_name_picks_the_format_by_its_suffix():
    for document in DOCUMENTS:
        for spec in formats_for(document):
            for suffix in (spec.suffix, *spec.other_suffixes):
                assert format_of_file(document, f"draft{suffix.upper()}") is spec
    assert format_of_file("proposal", "notes.htm").name == "html"
    assert format_of_file("proposal", "notes.markdown").name == "md"
    assert format_of_file("plan", "plans.docx") is None  # plans have no Word format: the command falls back to md
    assert format_of_file("proposal", "notes.txt") is None


def test_no_module_keeps_its_own_list_of_formats():
    """Format names appear as a list or a table only in the registry; everyone else reads it."""
    hand_kept = ('("md", "html"', '["md", "html"', '"md": "Markdown"', '".docx": "docx"', 'Literal["md"')
    offenders = []
    for path in SPIN_COACH.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "formats.py" and any(snippet in text for snippet in hand_kept):
            offenders.append(str(path.relative_to(SPIN_COACH)))
    assert not offenders, offenders


def test_adding_a_format_is_one_entry(tmp_path):
    """A format added to the table is offered by `plan`, guessed from -o, and rendered: no other edit."""
    code = textwrap.dedent(
        f"""
        import sys
        from click.testing import CliRunner
        from spin_coach.proposal import formats

        def plain(document, context, lang, template):
            return "plain text plan for " + context.deal.title + "\\n"

        formats.FORMATS["txt"] = formats.OutputFormat("txt", {{"en": "Plain text"}}, ".txt", False, ("plan",), plain, templates=False)

        from spin_coach.cli import main
        db = {str(tmp_path / "t.db")!r}
        runner = CliRunner()
        assert runner.invoke(main, ["--db", db, "demo"]).exit_code == 0
        done = runner.invoke(main, ["--db", db, "plan", "North", "--format", "txt"])
        assert done.exit_code == 0, done.output
        assert done.stdout.startswith("plain text plan for Northwind"), done.stdout
        out = {str(tmp_path / "plans.txt")!r}
        done = runner.invoke(main, ["--db", db, "plan", "North", "-o", out])
        assert done.exit_code == 0, done.output
        assert open(out, encoding="utf-8").read().startswith("plain text plan"), "the suffix did not pick the format"
        assert runner.invoke(main, ["--db", db, "proposal", "North", "--format", "txt"]).exit_code == 2
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_importing_the_registry_loads_no_renderer():
    code = (
        "import sys, spin_coach.proposal.formats\n"
        "heavy = [m for m in ('jinja2', 'docx', 'spin_coach.proposal.render', 'pydantic') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
