"""Tatami competitions as RL environments, over `tatami serve` (started locally when no URL is given).

- Gymnasium: `gymnasium.make("tatami/<competition>")` (after `import tatami_env`), `make_vector(...)`.
- OpenEnv: `TatamiClient`, an `openenv.core.EnvClient` (needs the `openenv` extra).
- TRL: `TatamiToolEnv` and `reward_func` for `GRPOTrainer(environment_factory=...)`.
"""

from __future__ import annotations

import json
import subprocess

from .gym import TatamiEnv, make_vector, register
from .server import LocalServer, ServerNotFound, tatami_binary
from .session import Session, StepOutcome, TatamiError
from .trl import TatamiToolEnv, reward_func

__all__ = [
    "LocalServer", "ServerNotFound", "Session", "StepOutcome", "TatamiEnv", "TatamiError", "TatamiToolEnv",
    "make_vector", "register", "register_catalog", "reward_func",
]


def register_catalog() -> list[str]:
    """Registers `tatami/<id>` for every competition `tatami list` knows; returns the ids (none without a binary)."""
    try:
        listing = subprocess.run([tatami_binary(), "list", "--json"], capture_output=True, text=True, timeout=60)
        ids = [entry["id"] for entry in json.loads(listing.stdout)]
    except (ServerNotFound, OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError):
        return []
    register(ids)
    return ids


def __getattr__(name: str) -> object:
    if name == "TatamiClient":  # imported on first use: openenv-core is an optional extra
        from .openenv_client import TatamiClient

        return TatamiClient
    raise AttributeError(name)


register_catalog()
