"""Fixtures: the built `tatami` binary, a private TATAMI_HOME, and a server on 127.0.0.1."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Before tatami_env is imported: it registers the catalog's competitions with Gymnasium at import.
os.environ.setdefault("TATAMI_BIN", str(ROOT / ".build" / "debug" / "tatami"))
os.environ.setdefault("TATAMI_COMPETITIONS", str(ROOT / "Competitions"))

from tatami_env import LocalServer  # noqa: E402

COMPETITION = "catsup-brand-choice"




@pytest.fixture(scope="session", autouse=True)
def tatami_home(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    home = tmp_path_factory.mktemp("tatami-home")
    os.environ["TATAMI_HOME"] = str(home)
    os.environ.pop("TATAMI_DB", None)
    os.environ.pop("TATAMI_RUNS", None)
    return home


@pytest.fixture(scope="session")
def server(tatami_home: pathlib.Path) -> Iterator[LocalServer]:
    with LocalServer(max_sessions=20) as running:
        yield running
