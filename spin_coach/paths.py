"""Where spin-coach keeps things on this machine. Nothing here touches the network."""

from __future__ import annotations

import os
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
    """Create ``path`` (and parents) if needed, readable by the user alone."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        path.chmod(0o700)
    except OSError:
        pass
    return path


def write_private(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write a file that holds client data, readable by the user alone (0600).

    ``replace=False`` creates the file only if nothing is at ``path`` yet, in the
    same step as checking (``O_EXCL``), and never follows a symlink planted
    there: it raises :class:`FileExistsError` instead.
    """
    flags = os.O_WRONLY | os.O_CREAT
    flags |= os.O_TRUNC if replace else os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
