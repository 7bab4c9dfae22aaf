"""Export file names that stay in the chosen folder and never replace a file silently.

A name made from a deal title ("Northwind / Q3 ../../etc") becomes a slug with
no path separators and no ``..``; writing refuses to follow it out of the
folder, and when the name is taken the file gets a ``-2``, ``-3`` … suffix that
the caller reports. Files are created 0600: they hold client data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..paths import write_private

MAX_STEM = 80
MAX_SUFFIX = 999
# Names Windows will not create whatever the extension (a shared folder may be one).
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slug(text: str, fallback: str = "deal") -> str:
    """``Northwind — Order-to-Cash (Q3)`` → ``northwind-order-to-cash-q3``; letters of any script are kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NOT_WORD.sub("-", text).replace("_", "-")
    text = re.sub(r"-{2,}", "-", text).strip("-")[:MAX_STEM].strip("-")
    if not text:
        return fallback
    return f"{text}-file" if text in _RESERVED else text


def export_name(title: str, kind: str, fmt: str, lang: str) -> str:
    """The default file name of a document: ``<title slug>-<kind>-<lang>.<fmt>``."""
    return f"{slug(title)}-{slug(kind, 'document')}-{slug(lang, 'en')}.{slug(fmt, 'txt')}"


def safe_file_name(name: str, ext: str | None = None) -> str:
    """A bare file name from whatever was typed: directories dropped, the stem slugged, ``ext`` enforced."""
    base = re.split(r"[\\/]", name.strip())[-1]
    stem, dot, given = base.rpartition(".")
    if not dot:
        stem, given = base, ""
    wanted = (ext or given).lstrip(".")
    return f"{slug(stem, 'export')}.{slug(wanted, 'txt')}" if wanted else slug(stem, "export")


@dataclass(frozen=True)
class Exported:
    """Where a document was written, and whether the requested name was taken."""

    path: Path
    requested: str
    renamed: bool


def _inside(folder: Path, name: str) -> Path:
    # The name itself is checked, not where it resolves: a symlink planted under
    # that name is refused by O_EXCL below, never followed.
    if name in ("", ".", "..") or Path(name).name != name or "\\" in name:
        raise ValueError(f"{name!r} would leave the folder {folder}")
    return folder / name


def _candidates(name: str):
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    yield name
    for n in range(2, MAX_SUFFIX + 1):
        yield f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"


def write_export(folder: Path, name: str, data: bytes) -> Exported:
    """Create a new 0600 file in ``folder`` from ``name`` (made safe); never replace an existing one."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    safe = safe_file_name(name)
    for candidate in _candidates(safe):
        target = _inside(folder, candidate)
        try:
            # Checking and creating in one step, so a file appearing meanwhile is not replaced either.
            write_private(target, data, replace=False)
        except FileExistsError:
            continue
        return Exported(path=target, requested=safe, renamed=candidate != safe)
    raise FileExistsError(f"{safe} and {MAX_SUFFIX - 1} numbered variants already exist in {folder}")


def export_path(folder: Path, name: str) -> Path:
    """The path ``write_export`` would try first (made safe, inside ``folder``)."""
    return _inside(Path(folder).expanduser(), safe_file_name(name))
