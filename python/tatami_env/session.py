"""A blocking WebSocket session with `tatami serve`: one episode at a time, OpenEnv's messages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect


class TatamiError(RuntimeError):
    """A typed error from the server: `code` is OpenEnv's (VALIDATION_ERROR, CAPACITY_REACHED, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class StepOutcome:
    """One reset's or step's answer: the observation object, its text, the reward and whether it is over."""

    observation: dict[str, Any]
    reward: Optional[float]
    done: bool

    @property
    def text(self) -> str:
        return str(self.observation.get("text", ""))

    @property
    def feedback(self) -> dict[str, Any]:
        return dict(self.observation.get("feedback") or {})


@dataclass
class Session:
    """`reset`, `step`, `state` and `close` over one WebSocket connection to `<url>/ws`."""

    url: str
    token: Optional[str] = None
    timeout_s: float = 3600.0
    _connection: Optional[ClientConnection] = field(default=None, init=False, repr=False)

    def _ws(self) -> ClientConnection:
        if self._connection is None:
            target = self.url.rstrip("/").replace("http://", "ws://", 1).replace("https://", "wss://", 1)
            if not target.endswith("/ws"):
                target += "/ws"
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else None
            # Entered as a context manager (websockets 17 asks for it); `close` leaves it.
            self._connection = connect(
                target, additional_headers=headers, max_size=64 << 20, open_timeout=30
            ).__enter__()
        return self._connection

    def _send(self, message: dict[str, Any]) -> dict[str, Any]:
        ws = self._ws()
        try:
            ws.send(json.dumps(message))
        except ConnectionClosed:
            pass  # the server may have said why before closing (CAPACITY_REACHED): read that below
        try:
            reply = json.loads(ws.recv(timeout=self.timeout_s))
        except ConnectionClosed as closed:
            self._connection = None
            raise TatamiError("SESSION_ERROR", f"the server closed the connection: {closed}") from closed
        if reply.get("type") == "error":
            data = reply.get("data", {})
            raise TatamiError(str(data.get("code", "UNKNOWN")), str(data.get("message", "")))
        return dict(reply.get("data", {}))

    def reset(self, competition: str, **options: Any) -> StepOutcome:
        """Starts an episode; options: seed, episode_id, steps, time_s, step_timeout_s, memory, reward, agent."""
        data = self._send({"type": "reset", "data": {"competition": competition, **options}})
        return StepOutcome(data["observation"], data.get("reward"), bool(data.get("done")))

    def step(self, action: dict[str, Any] | str, timeout_s: Optional[float] = None) -> StepOutcome:
        """One action: an object like {"action": "run", "code": "print(1)"}, or raw text holding one."""
        payload: dict[str, Any] = dict(action) if isinstance(action, dict) else {"text": action}
        if timeout_s is not None:
            payload["timeout_s"] = timeout_s
        data = self._send({"type": "step", "data": payload})
        return StepOutcome(data["observation"], data.get("reward"), bool(data.get("done")))

    def state(self) -> dict[str, Any]:
        return self._send({"type": "state"})

    def close(self) -> None:
        """Ends the episode (recorded as aborted if it was not over) and the connection."""
        if self._connection is not None:
            try:
                self._connection.send(json.dumps({"type": "close"}))
            except Exception:
                pass
            self._connection.close()
            self._connection = None
