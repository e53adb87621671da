"""Starting and stopping a local `tatami serve` when the caller gives no URL."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import threading
from typing import Optional


class ServerNotFound(RuntimeError):
    """No `tatami` binary: set TATAMI_BIN or put `tatami` on PATH."""


def tatami_binary() -> str:
    """The `tatami` executable: $TATAMI_BIN, else `tatami` on PATH."""
    configured = os.environ.get("TATAMI_BIN")
    if configured:
        return configured
    found = shutil.which("tatami")
    if found is None:
        raise ServerNotFound("no tatami binary: set TATAMI_BIN or put tatami on PATH (swift build; .build/debug/tatami)")
    return found


class LocalServer:
    """A `tatami serve` on 127.0.0.1 with a port it picks itself; `stop()` (or leaving the `with`) ends it.

    Its `stop` method also makes it an OpenEnv runtime provider: `EnvClient.close()` stops it.
    """

    def __init__(self, max_sessions: int = 16, extra_args: Optional[list[str]] = None, start_timeout_s: float = 120.0):
        args = [tatami_binary(), "serve", "--host", "127.0.0.1", "--port", "0", "--max-sessions", str(max_sessions)]
        args += extra_args or os.environ.get("TATAMI_SERVE_ARGS", "").split()
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=None, stdin=subprocess.DEVNULL, text=True)
        line = self._first_line(start_timeout_s)
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"tatami serve did not start (exit code {self.process.returncode}): {line!r}")
        self.url = line.split("listening on ", 1)[1].strip()
        atexit.register(self.stop)

    def _first_line(self, timeout_s: float) -> str:
        assert self.process.stdout is not None
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(self.process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout_s)
        return box[0] if box else ""

    @property
    def ws_url(self) -> str:
        """The WebSocket URL of the session route."""
        return self.url.replace("http://", "ws://", 1) + "/ws"

    def stop(self) -> None:
        """Ends the server (its open episodes end as aborted) and waits for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> "LocalServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


_shared: Optional[LocalServer] = None
_shared_lock = threading.Lock()


def shared_server() -> LocalServer:
    """One local server for the whole process (stopped when the process exits)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.process.poll() is not None:
            _shared = LocalServer(max_sessions=int(os.environ.get("TATAMI_MAX_SESSIONS", "16")))
        return _shared
