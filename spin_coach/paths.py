"""Where spin-coach keeps things on this machine. Nothing here touches the network."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

APP = "spin-coach"


def config_dir() -> Path:
    """The user's config folder: config.toml, banks/, templates/, catalog.toml.

    ``SPIN_COACH_CONFIG_DIR`` overrides it (tests and portable set-ups use this).
    """
    override = os.environ.get("SPIN_COACH_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))


def default_db_path() -> Path:
    """``SPIN_COACH_DB`` if set, else ``spin-coach.db`` in the platform's user data folder."""
    override = os.environ.get("SPIN_COACH_DB")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "spin-coach.db"


def user_banks_dir() -> Path:
    return config_dir() / "banks"


def user_templates_dir() -> Path:
    return config_dir() / "templates"


def bundled_banks_dir() -> Path:
    """The banks shipped with the package.

    In a wheel they sit inside the package; in a source checkout (or an editable
    install) they are the top-level ``question_banks/`` folder.
    """
    here = Path(__file__).resolve().parent
    inside = here / "question_banks"
    return inside if inside.is_dir() else here.parent / "question_banks"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) readable by the user alone (0700).

    Only folders made here get that mode: a folder that is already there keeps
    its own (a shared 1777 or 2775 folder stays as its owner set it).
    """
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, left as it is
        folder.chmod(0o700)  # whatever the umask took away or left
    return path


def write_private(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write a file that holds client data, readable by the user alone (0600).

    ``replace=False`` creates the file only if nothing is at ``path`` yet, in the
    same step as checking (``O_EXCL``), and never follows a symlink planted
    there: it raises :class:`FileExistsError` instead.

    ``replace=True`` writes a new 0600 file beside ``path`` and renames it over
    the old one, so the result is private whatever the old file's mode was, and
    a failed write leaves the old file whole. Something that is not a regular
    file (``/dev/stdout``, a pipe) is written through, its mode untouched.
    """
    if not replace:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return
    path = Path(path)
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        regular = True
    if not regular:
        with open(path, "wb") as fh:
            fh.write(data)
        return
    import contextlib
    import tempfile  # here, not at the top: the command line imports this module at start-up

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
