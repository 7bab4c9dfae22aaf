"""Client text is data, user templates are sandboxed, exports stay where they are put.

A client (or a seller pasting an e-mail) can put anything into an answer; a
template downloaded from a colleague can try anything. Neither may run code,
become live HTML, exhaust the machine or write outside the chosen folder.
"""

from __future__ import annotations

import io
import os
import time
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from spin_coach.banks import load_banks
from spin_coach.demo import build_demo
from spin_coach.models import Answer, BankInfo, NeedPayoff, ServiceCatalog
from spin_coach.proposal.documents import render_plan, render_proposal
from spin_coach.proposal.files import export_name, safe_file_name, slug, write_export
from spin_coach.proposal.markdown import escape_markdown
from spin_coach.proposal.render import TemplateProblem

DAY = date(2026, 10, 20)
NO_OFFERS = ServiceCatalog(catalog=BankInfo(id="none"), offers=[])
TEMPLATE_TEXT = "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}"
SCRIPT = "<script>alert('pwned')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
LINK = "[see our terms](javascript:alert(document.cookie))"


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPIN_COACH_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        return load_banks([])


def hostile_deal():
    """The sample deal after a client answered with template code, a script, an image and a link."""
    record = build_demo("en")
    ops = next(s for s in record.stakeholders if s.role == "end_user")
    ops.notes = f"Prefers calls. {SCRIPT}"
    record.answers.append(Answer(deal_id=record.deal.id, stakeholder_id=ops.id, stage="situation", text=f"We use {TEMPLATE_TEXT} in our ERP"))
    problem = record.problem_definition.problems[0]
    problem.statement = f"Orders {SCRIPT} are keyed by hand {IMAGE}"
    problem.need_payoffs.append(NeedPayoff(problem_id=problem.id, text=f"Read {LINK} | and {{% raw %}}", said_by=ops.id, explicit=True))
    record.deal.title = "Northwind {{ deal.id }} <b>deal</b>"
    return record


# ---------------------------------------------------------------- client text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_template_code_in_an_answer_is_printed_literally_in_every_format(banks, lang):
    record = hostile_deal()
    md = render_proposal(record, banks, fmt="md", lang=lang, catalog=NO_OFFERS, today=DAY)
    html = render_proposal(record, banks, fmt="html", lang=lang, catalog=NO_OFFERS, today=DAY)
    word = render_proposal(record, banks, fmt="docx", lang=lang, catalog=NO_OFFERS, today=DAY)
    assert "{{ 7\\*7 }} {% for x in range(3) %}loop{% endfor %}" in md  # escaped for Markdown, never run
    assert "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}" in html
    assert "looploop" not in md + html and " 49 " not in md + html
    assert "Northwind {{ deal.id }}" in html and "d_demo_en" not in html.split("<body>")[1].split("Northwind")[0]
    texts = "\n".join(p.text for p in Document(io.BytesIO(word)).paragraphs)
    assert "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}" in texts


def test_scripts_images_and_javascript_links_never_become_live_html(banks):
    html = render_proposal(hostile_deal(), banks, fmt="html", lang="en", catalog=NO_OFFERS, today=DAY)
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert 'href="javascript:' not in html.lower() and "<a " not in html.lower()
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html
    assert "onerror=&#34;alert(1)&#34;" in html  # text, inside an element's content, not an attribute
    assert "&lt;b&gt;deal&lt;/b&gt;" in html


@pytest.mark.parametrize("kind", ["proposal", "plan"])
def test_markdown_output_stays_text_even_in_a_viewer_that_allows_html(banks, kind):
    record = hostile_deal()
    if kind == "proposal":
        md = render_proposal(record, banks, fmt="md", lang="en", catalog=NO_OFFERS, today=DAY)
    else:
        md = render_plan(record, banks, fmt="md", lang="en", today=DAY)
    # The worst case: a CommonMark viewer with raw HTML switched on (GitHub-like previews, static sites).
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<script" not in rendered and "<img" not in rendered
    assert 'href="javascript:' not in rendered
    assert "&lt;script&gt;" in rendered


def test_client_text_cannot_break_a_markdown_table_or_start_a_heading():
    assert escape_markdown("a | b") == "a \\| b"
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("1. not a list") == "1\\. not a list"
    assert escape_markdown("two\nlines\n\n## and a heading") == "two lines ## and a heading"  # one line: no heading
    assert escape_markdown("end_use stays, _emphasis_ does not") == "end_use stays, \\_emphasis\\_ does not"
    assert escape_markdown("EUR\u00a060,000") == "EUR\u00a060,000"


# ---------------------------------------------------------------- control characters and escape sequences

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
HIDDEN_LINK = "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\"


def escaping_deal():
    """The sample deal after text pasted from a terminal and from Word: escape sequences, a vertical tab, C1 and bidi controls."""
    record = build_demo("en")
    record.deal.title = f"Renewal {CLEAR} Q3"
    ops = next(s for s in record.stakeholders if s.role == "end_user")
    ops.name = f"Ops {CLIPBOARD}lead"
    record.answers.append(Answer(deal_id=record.deal.id, stakeholder_id=ops.id, stage="situation", text=f"Pasted\vfrom Word\x9b2J {HIDDEN_LINK}"))
    problem = record.problem_definition.problems[0]
    problem.statement = f"Orders <b>keyed</b>\vby hand {CLEAR} \u202etxt.exe"
    return record


def controls(text: str) -> set[str]:
    """The control characters (newline and tab aside) and bidi overrides in ``text``."""
    return {c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"}


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("kind", ["proposal", "plan"])
def test_no_document_carries_a_control_character_of_the_client_s(banks, kind, fmt):
    record = escaping_deal()
    if kind == "proposal":
        text = render_proposal(record, banks, fmt=fmt, lang="en", catalog=NO_OFFERS, today=DAY)
    else:
        text = render_plan(record, banks, fmt=fmt, lang="en", today=DAY)
    assert controls(text) == set()
    shown = text.replace("\\", "") if fmt == "md" else text  # Markdown escapes the brackets too
    assert "Renewal ␛[2J Q3" in shown  # shown, harmlessly
    assert "␛]52;c;cHduZWQ=␇" in shown
    if kind == "proposal":
        assert "⟨U+202E⟩txt.exe" in shown


def test_html_still_escapes_what_it_shows_visibly(banks, tmp_path):
    record = escaping_deal()
    html = render_proposal(record, banks, fmt="html", lang="en", catalog=NO_OFFERS, today=DAY)
    assert "Orders &lt;b&gt;keyed&lt;/b&gt;␋by hand ␛[2J" in html
    # A user template's macro returns markup: shown once, never escaped twice.
    path = tmp_path / "mine.html.j2"
    path.write_text("{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}<h1>{{ m(problems[0].statement) }}</h1>", encoding="utf-8")
    html = render_proposal(record, banks, fmt="html", lang="en", template=path, catalog=NO_OFFERS, today=DAY)
    assert html.startswith("<h1><i>Orders &lt;b&gt;keyed&lt;/b&gt;␋by hand ␛[2J ⟨U+202E⟩txt.exe</i></h1>")


def test_a_word_export_takes_a_vertical_tab_and_an_escape(banks):
    record = escaping_deal()
    word = render_proposal(record, banks, fmt="docx", lang="en", catalog=NO_OFFERS, today=DAY)
    document = Document(io.BytesIO(word))
    texts = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Orders <b>keyed</b>␋by hand ␛[2J ⟨U+202E⟩txt.exe" in texts
    assert "Ops ␛]52;c;cHduZWQ=␇lead" in cells
    assert document.core_properties.subject == "Renewal ␛[2J Q3"
    assert controls(texts + cells) == set()


# ---------------------------------------------------------------- hostile templates


def render_with(tmp_path: Path, banks, source: str, fmt: str = "md") -> str:
    path = tmp_path / f"mine.{fmt}.j2"
    path.write_text(source, encoding="utf-8")
    return render_proposal(build_demo("en"), banks, fmt=fmt, lang="en", template=path, catalog=NO_OFFERS, today=DAY)


@pytest.mark.parametrize(
    "source, says",
    [
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ ''|attr('__class__') }}", "unsafe"),
        ("{{ deal.__class__.__init__.__globals__ }}", "unsafe"),
        ("{{ problems.append(1) }}", "unsafe"),
        ("{{ cycler.__init__.__globals__.os }}", "unsafe"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range() calls created more than"),
        ("{% for a in problems %}{% for b in stakeholders %}{% for c in range(99999) %}{% endfor %}{% endfor %}{% endfor %}", "more than"),
        ("{% set s = [1,2,3,4,5,6,7,8,9,10] %}{% for a in s %}{% for b in s %}{% for c in s %}{% for d in s %}{% for e in s %}{% for f in s %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}", "loops ran more than"),
        ("{{ 'x' * 100000000 }}", "would pass 1,000,000 characters"),
        ("{% set a = 'x' * 900000 %}{% set b = a ~ a %}{{ b }}", "longer than 1,000,000 characters"),
        ("{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "longer than"),
        ("{{ 'x'|center(1000000000) }}", "width 1,000,000,000"),
        ("{{ '%0999999999d'|format(1) }}", "width 999999999"),
        ("{{ 9 ** 99999999 }}", "exponent"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
        ("{% for i in range(1000) %}{% for j in range(150) %}{{ title }}{% endfor %}{% endfor %}", "output passed"),
    ],
)
def test_a_hostile_template_stops_with_a_clear_message(tmp_path, banks, source, says):
    started = time.perf_counter()
    with pytest.raises(TemplateProblem) as caught:
        render_with(tmp_path, banks, source)
    assert says in str(caught.value)
    assert str(caught.value).startswith("template mine.md.j2")
    assert time.perf_counter() - started < 6


def test_a_misspelt_variable_names_the_template_the_line_and_the_variable(tmp_path, banks):
    with pytest.raises(TemplateProblem) as caught:
        render_with(tmp_path, banks, "# {{ title }}\n\n{% for p in problems %}\n- {{ p.statment }}\n{% endfor %}\n")
    problem = caught.value
    assert (problem.template, problem.line, problem.variable) == ("mine.md.j2", 4, "statment")
    assert str(problem).splitlines() == [
        "template mine.md.j2, line 4: undefined variable or field 'statment' ('dict object' has no attribute 'statment')",
        "    4 | - {{ p.statment }}",
    ]


def test_a_syntax_error_names_the_line(tmp_path, banks):
    with pytest.raises(TemplateProblem) as caught:
        render_with(tmp_path, banks, "ok\n{% if %}\n")
    assert caught.value.line == 2
    assert "syntax error" in str(caught.value)


def test_an_html_template_cannot_turn_autoescape_off_for_client_text_by_accident(tmp_path, banks):
    record = hostile_deal()
    path = tmp_path / "mine.html.j2"
    path.write_text("<h1>{{ problems[0].statement }}</h1>", encoding="utf-8")
    html = render_proposal(record, banks, fmt="html", lang="en", template=path, catalog=NO_OFFERS, today=DAY)
    assert "<script" not in html and "&lt;script&gt;" in html


def test_a_huge_template_file_is_refused(tmp_path, banks):
    with pytest.raises(TemplateProblem) as caught:
        render_with(tmp_path, banks, "x" * 300_000)
    assert "a template may have at most" in str(caught.value)


# ---------------------------------------------------------------- export names


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Northwind — Order-to-Cash (Q3)", "northwind-order-to-cash-q3"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "deal"),
        ("a/b\\c", "a-b-c"),
        ("ТрансЛогистик: автоматизация", "транслогистик-автоматизация"),
        ("", "deal"),
        ("CON", "con-file"),
        ("x" * 300, "x" * 80),
    ],
)
def test_a_deal_title_becomes_a_file_name_without_separators(title, expected):
    assert slug(title) == expected
    name = export_name(title, "proposal", "md", "en")
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name == f"{expected}-proposal-en.md"


def test_a_typed_name_loses_its_folders_and_keeps_the_format():
    assert safe_file_name("../../escaped.md") == "escaped.md"
    assert safe_file_name("C:\\Users\\x\\draft.docx", "docx") == "draft.docx"
    assert safe_file_name("draft", "html") == "draft.html"
    assert safe_file_name("draft.txt", "md") == "draft.md"


def test_export_never_replaces_a_file_and_says_so(tmp_path):
    first = write_export(tmp_path, "proposal.md", b"one")
    second = write_export(tmp_path, "proposal.md", b"two")
    third = write_export(tmp_path, "proposal.md", b"three")
    assert (first.renamed, second.renamed, third.renamed) == (False, True, True)
    assert [p.name for p in (first.path, second.path, third.path)] == ["proposal.md", "proposal-2.md", "proposal-3.md"]
    assert first.path.read_bytes() == b"one"
    assert second.requested == "proposal.md"
    assert first.path.stat().st_mode & 0o777 == 0o600


def test_export_does_not_write_through_a_planted_symlink(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    folder = tmp_path / "exports"
    folder.mkdir()
    os.symlink(outside, folder / "proposal.md")
    done = write_export(folder, "proposal.md", b"new")
    assert outside.read_text() == "keep me"
    assert done.path == folder / "proposal-2.md"


def test_export_refuses_a_folder_that_is_not_one(tmp_path):
    with pytest.raises(NotADirectoryError):
        write_export(tmp_path / "missing", "x.md", b"")
