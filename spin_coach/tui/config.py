"""The user's settings file, ``config.toml`` in the config folder.

```toml
lang = "ru"             # en | ru; --lang wins over it, the locale is the fallback
theme = "textual-light" # any Textual theme; the app saves it when you switch

[keymap]                # binding id = "keys" (comma-separated for several)
"home.new_deal" = "ctrl+n"
"workspace.meeting" = "f6"
```

A broken file never stops the app: it starts with defaults and says what was wrong.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import config_dir, private_dir

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


def default_config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass
class Config:
    """What the config file says, plus where it lives and any fault found reading it."""

    path: Path
    lang: str | None = None
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def save_setting(self, key: str, value: str) -> None:
        """Write one top-level ``key = "value"`` line, keeping the rest of the file as the user wrote it."""
        setattr(self, key, value)
        line = f"{key} = {_quote(value)}"
        text = self.path.read_text("utf-8") if self.path.is_file() else ""
        pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
        head, sep, tail = text.partition("\n[")  # top-level keys live before the first table
        if pattern.search(head):
            head = pattern.sub(line, head, count=1)
        else:
            head = (head.rstrip("\n") + "\n" if head.strip() else "") + line + "\n"
        private_dir(self.path.parent)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(head + sep + tail, "utf-8")
        os.replace(tmp, self.path)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives defaults, a broken one defaults plus a note why."""
    path = path or default_config_path()
    config = Config(path=path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return config
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        config.problems.append(f"{path}: {exc}")
        return config
    for key in ("lang", "theme"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            setattr(config, key, value)
        else:
            config.problems.append(f"{path}: {key} should be a string, got {value!r}")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.problems.append(f"{path}: [keymap] should be a table of binding id = \"keys\"")
        keymap = {}
    for binding_id, keys in keymap.items():
        if isinstance(keys, str) and keys.strip():
            config.keymap[binding_id] = keys.replace(" ", "")
        else:
            config.problems.append(f"{path}: keymap.{binding_id} should be a string of keys such as \"ctrl+n\"")
    return config
