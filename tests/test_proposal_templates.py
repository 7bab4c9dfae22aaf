"""The seller's own templates: found where the docs say, fed the documented context, kept apart from the TUI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from spin_coach.banks import load_banks
from spin_coach.demo import build_demo
from spin_coach.i18n import SUPPORTED
from spin_coach.models import BankInfo, ServiceCatalog
from spin_coach.paths import user_templates_dir
from spin_coach.proposal.context import build_proposal_context
from spin_coach.proposal.documents import render_plan, render_proposal
from spin_coach.proposal.formats import DOCUMENTS, formats_for
from spin_coach.proposal.plan import build_plan_context
from spin_coach.proposal.reference import context_models, reference_markdown
from spin_coach.proposal.render import TEMPLATES_DIR, TemplateProblem
from spin_coach.proposal.views import CallPlanContext, ProposalContext

DAY = date(2026, 10, 20)
NO_OFFERS = ServiceCatalog(catalog=BankInfo(id="none"), offers=[])
DOCS = Path(__file__).resolve().parent.parent / "docs" / "templates.md"


@pytest.fixture
def banks():
    return load_banks([])


def test_a_template_in_the_users_folder_replaces_the_bundled_one(banks):
    folder = user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "proposal.en.md.j2").write_text("Our own layout for {{ account.name }}: {{ problems|length }} problems\n", encoding="utf-8")
    text = render_proposal(build_demo("en"), banks, fmt="md", lang="en", catalog=NO_OFFERS, today=DAY)
    assert text == "Our own layout for Northwind Freight: 3 problems\n"
    # The Russian one is still the bundled template.
    assert render_proposal(build_demo("ru"), banks, fmt="md", lang="ru", catalog=NO_OFFERS, today=DAY).startswith("# Предварительное")


def test_template_by_path_can_include_its_neighbours_and_extend_a_bundled_template(tmp_path, banks):
    (tmp_path / "_money.j2").write_text("{% for m in cost_of_inaction %}{{ m.text }}{% endfor %}", encoding="utf-8")
    mine = tmp_path / "board.md.j2"
    mine.write_text("Board note — cost: {% include '_money.j2' %}\n", encoding="utf-8")
    text = render_proposal(build_demo("en"), banks, fmt="md", lang="en", template=mine, catalog=NO_OFFERS, today=DAY)
    assert text == "Board note — cost: EUR\u00a03,252,000 a year\n"
    child = tmp_path / "child.md.j2"
    child.write_text("{% extends 'plan.en.md.j2' %}", encoding="utf-8")
    plan = render_plan(build_demo("en"), banks, fmt="md", lang="en", template=child, today=DAY)
    assert plan.startswith("# Call plan: Northwind Freight")


def test_template_by_name_is_found_in_the_users_folder(banks):
    folder = user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "short.html.j2").write_text("<p>{{ deal.title }}</p>", encoding="utf-8")
    html = render_proposal(build_demo("en"), banks, fmt="html", lang="en", template="short.html.j2", catalog=NO_OFFERS, today=DAY)
    assert html == "<p>Northwind — order-to-cash automation</p>\n"


def test_a_missing_template_says_where_it_looked(banks):
    with pytest.raises(TemplateProblem) as caught:
        render_proposal(build_demo("en"), banks, fmt="md", template="nowhere.md.j2", catalog=NO_OFFERS)
    assert "no such template" in str(caught.value) and str(user_templates_dir()) in str(caught.value)


def test_word_output_does_not_take_a_template(tmp_path, banks):
    with pytest.raises(TemplateProblem) as caught:
        render_proposal(build_demo("en"), banks, fmt="docx", template=tmp_path / "x.j2", catalog=NO_OFFERS)
    assert "use --format md or html" in str(caught.value)


def test_every_bundled_template_renders_in_both_languages(banks):
    templated = {kind: [f.name for f in formats_for(kind) if f.templates] for kind in DOCUMENTS}
    names = sorted(p.name for p in TEMPLATES_DIR.glob("*.j2"))
    assert names == sorted(f"{kind}.{lang}.{fmt}.j2" for kind in DOCUMENTS for fmt in templated[kind] for lang in SUPPORTED)
    for lang in SUPPORTED:
        for fmt in templated["proposal"]:
            assert render_proposal(build_demo(lang), banks, fmt=fmt, lang=lang, catalog=NO_OFFERS, today=DAY).strip()
        for fmt in templated["plan"]:
            assert render_plan(build_demo(lang), banks, fmt=fmt, lang=lang, today=DAY).strip()


# ---------------------------------------------------------------- the documented context


def test_docs_describe_every_context_variable_with_its_type():
    """docs/templates.md holds the tables generated from the models, unchanged."""
    docs = DOCS.read_text(encoding="utf-8")
    start = docs.index("<!-- context reference:")
    start = docs.index("\n", start) + 1
    end = docs.index("<!-- end of context reference -->")
    assert docs[start:end].strip() == reference_markdown().strip(), "regenerate with: python -m spin_coach.proposal.reference"


def test_every_context_field_has_a_description():
    for model in context_models(ProposalContext, CallPlanContext):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description for docs/templates.md"


def test_the_context_templates_receive_is_plain_data(banks):
    """What a template gets is JSON-able data (no objects with methods to call) and matches the models."""
    ctx = build_proposal_context(build_demo("en"), banks, lang="en", catalog=NO_OFFERS, today=DAY)
    data = ctx.model_dump(mode="json")
    assert json.loads(json.dumps(data)) == data
    assert ProposalContext.model_validate(data) == ctx
    plan = build_plan_context(build_demo("en"), banks, lang="en", today=DAY)
    assert CallPlanContext.model_validate(plan.model_dump(mode="json")) == plan


def test_bundled_templates_use_only_documented_names():
    """Every ``name.field`` a bundled template reads is a field of some context model."""
    fields = {name for model in context_models(ProposalContext, CallPlanContext) for name in model.model_fields}
    loop_and_jinja = {"text", "index", "last", "first", "length", "id"}
    for path in TEMPLATES_DIR.glob("*.j2"):
        source = path.read_text(encoding="utf-8")
        used = set(re.findall(r"\b[a-z_]+\.([a-z_]+)\b", " ".join(re.findall(r"\{[{%](.*?)[}%]\}", source, re.S))))
        unknown = used - fields - loop_and_jinja - {"css", "j2"}
        assert not unknown, f"{path.name} reads undocumented fields {sorted(unknown)}"


# ---------------------------------------------------------------- import hygiene


def test_the_proposal_core_never_imports_textual():
    code = (
        "import sys\n"
        "import spin_coach.proposal.documents, spin_coach.proposal.docx, spin_coach.proposal.formats, spin_coach.proposal.files, spin_coach.cli.documents\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_starting_the_cli_does_not_load_jinja2_or_python_docx():
    code = "import sys, spin_coach.cli\nheavy = [m for m in ('jinja2', 'docx') if m in sys.modules]\nassert not heavy, heavy\n"
    subprocess.run([sys.executable, "-c", code], check=True)
