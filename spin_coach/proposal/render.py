"""Render proposal and call-plan templates in the guarded sandbox.

Templates are looked up in this order: the folder of a ``--template PATH``,
the user's templates folder (``paths.user_templates_dir()``), then the bundled
``templates/``; a file in the user's folder named like a bundled one
(``proposal.en.md.j2``) replaces it. HTML templates autoescape every value,
Markdown templates get a context whose strings are Markdown-escaped
(:func:`~spin_coach.proposal.markdown.markdown_context`), and undefined names
are errors.

Any fault comes back as a :class:`TemplateProblem` naming the template, the
line, the variable when there is one, and the line's text. Which template a
format uses and how its values are escaped is the format's business
(:mod:`spin_coach.proposal.formats`); this module finds and runs templates.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from ..paths import user_templates_dir
from ..safe_text import visible
from .sandbox import MAX_OUTPUT, GuardedSandbox, TemplateLimitError, end_budget, measured_value, start_budget

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
MAX_TEMPLATE_BYTES = 256 * 1024


class TemplateProblem(Exception):
    """A template that cannot be rendered, worded for the person who wrote it."""

    def __init__(self, template: str, message: str, *, line: int | None = None, variable: str | None = None, source_line: str | None = None):
        self.template = template
        self.message = message
        self.line = line
        self.variable = variable
        self.source_line = source_line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"template {self.template}" + (f", line {self.line}" if self.line else "")
        text = f"{where}: {self.message}"
        if self.source_line:
            text += f"\n    {self.line} | {self.source_line.strip()}"
        return text


class _TemplateFolders(FileSystemLoader):
    """A file loader that refuses template files too large to be templates."""

    def get_source(self, environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if len(source) > MAX_TEMPLATE_BYTES:
            raise TemplateProblem(template, f"the file is {len(source):,} characters; a template may have at most {MAX_TEMPLATE_BYTES:,}")
        return source, filename, uptodate


def printed_value(value: Any) -> Any:
    """What every ``{{ value }}`` prints: measured (:func:`measured_value`), then with control
    characters shown as harmless stand-ins (:func:`~spin_coach.safe_text.visible`).

    This runs before HTML autoescaping, so client text is both escaped and visible; markup a
    template made (a macro's output) stays markup and is not escaped twice.
    """
    value = measured_value(value)
    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


@lru_cache(maxsize=16)
def environment(autoescape: bool, folders: tuple[str, ...]) -> GuardedSandbox:
    """The sandboxed environment for one template search path, autoescaping (HTML) or not."""
    env = GuardedSandbox(
        loader=_TemplateFolders(list(folders)),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=printed_value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def find_template(kind: str, fmt: str, lang: str, template: str | Path | None = None) -> tuple[tuple[str, ...], str]:
    """(search folders, template name) for a document ``kind`` (proposal, plan).

    With no ``template``, the name is ``<kind>.<lang>.<fmt>.j2``, found in the
    user's templates folder first. A ``template`` is a file path, or a name in
    the user's templates folder.
    """
    user = user_templates_dir()
    base = (str(user), str(TEMPLATES_DIR))
    if template is None:
        return base, f"{kind}.{lang}.{fmt}.j2"
    path = Path(template).expanduser()
    if path.is_file():
        return (str(path.resolve().parent), *base), path.name
    named = user / str(template)
    if named.is_file() and named.resolve().is_relative_to(user.resolve()):
        return base, str(template)
    raise TemplateProblem(str(template), f"no such template: not a file, and not in the templates folder {user}")


def render_template(name: str, folders: tuple[str, ...], context: dict[str, Any], *, autoescape: bool) -> str:
    """Render template ``name`` with ``context``; raise :class:`TemplateProblem` on any fault.

    A bundled template (nothing in ``folders`` shadows one of the bundled files) renders here,
    in process; any other renders in a child process with hard limits of time and memory
    (:mod:`.isolation`).
    """
    if is_bundled(name, folders):
        return render_in_process(name, (str(TEMPLATES_DIR),), context, autoescape=autoescape)
    from .isolation import render_isolated

    return render_isolated(name, folders, context, autoescape=autoescape)


@lru_cache(maxsize=1)
def _bundled_files() -> frozenset[str]:
    return frozenset(p.name for p in TEMPLATES_DIR.iterdir() if p.is_file())


def is_bundled(name: str, folders: tuple[str, ...]) -> bool:
    """True when ``name`` and everything it can load by name resolve to the bundled templates.

    A file in an earlier folder named like any bundled file (a template or a partial it
    includes) makes it a user template.
    """
    bundled = _bundled_files()
    if name not in bundled:
        return False
    home = str(TEMPLATES_DIR)
    for folder in folders:
        if folder == home:
            return True
        base = Path(folder)
        if base.is_dir() and any((base / other).exists() for other in bundled):
            return False
    return False


def render_in_process(name: str, folders: tuple[str, ...], context: dict[str, Any], *, autoescape: bool) -> str:
    """Render in this process, in the metered sandbox only: for bundled templates, and inside the child."""
    env = environment(autoescape, folders)
    token = start_budget()
    try:
        template = env.get_template(name)
        out: list[str] = []
        total = 0
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise TemplateLimitError(f"the output passed {MAX_OUTPUT:,} characters")
            out.append(chunk)
        return "".join(out)
    except TemplateProblem:
        raise
    except RecursionError:
        raise TemplateProblem(name, "the template calls itself (a macro or an include) too deeply") from None
    except TemplateSyntaxError as exc:
        lines = (exc.source or "").splitlines()
        source_line = lines[exc.lineno - 1] if exc.lineno and 0 < exc.lineno <= len(lines) else None
        raise TemplateProblem(exc.name or name, f"syntax error: {exc.message}", line=exc.lineno, source_line=source_line) from None
    except TemplateNotFound as exc:
        raise TemplateProblem(name, f"template not found: {exc.name} (looked in {', '.join(folders)})") from None
    except Exception as exc:  # anything the template did at run time, named by line
        raise _runtime_problem(exc, name) from None
    finally:
        end_budget(token)


_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'$")


def _runtime_problem(exc: Exception, name: str) -> TemplateProblem:
    template, line = name, None
    tb = exc.__traceback__
    filename = None
    while tb is not None:
        # Jinja2 rewrites tracebacks so template lines appear as frames of the template file.
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    if filename:
        template = Path(filename).name if filename != "<template>" else name
    source_line = _line_of(filename, line)
    message = str(exc)
    variable = None
    if isinstance(exc, UndefinedError):
        m = _UNDEFINED.match(message) or _NO_ATTRIBUTE.search(message)
        if m:
            variable = m.group(1)
            message = f"undefined variable or field {variable!r} ({message})"
    elif isinstance(exc, TemplateLimitError):
        message = f"stopped: {message}"
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a template: {message}"
    else:
        message = f"{type(exc).__name__}: {message}"
    return TemplateProblem(template, message, line=line, variable=variable, source_line=source_line)


def _line_of(filename: str | None, line: int | None) -> str | None:
    if not filename or not line:
        return None
    try:
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None
