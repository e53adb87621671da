"""OpenEnv: `TatamiClient`, an `openenv.core.EnvClient` (async, `.sync()` for blocking use)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from openenv.core import EnvClient
from openenv.core.client_types import StepResult

from .server import LocalServer


@dataclass
class TatamiObservation:
    """What a reset or step returns: the rendered `text`, the task (after reset) or the step's feedback."""

    text: str
    episode_id: str
    run_id: str
    competition: str
    step: int
    task: Optional[dict[str, Any]] = None
    feedback: Optional[dict[str, Any]] = None
    extra: dict[str, Any] = field(default_factory=dict)


class TatamiClient(EnvClient[dict[str, Any], TatamiObservation, dict[str, Any]]):  # type: ignore[misc]
    """A Tatami session over OpenEnv's WebSocket protocol.

    Actions are dicts like `{"action": "run", "code": "print(1)"}` (or `{"text": raw_reply}`); `reset` takes
    `competition=` and the budget options. With no `base_url`, a local `tatami serve` starts and `close()` stops it.
    """

    def __init__(self, base_url: Optional[str] = None, token: Optional[str] = None, **kwargs: Any) -> None:
        provider = None
        if base_url is None:
            provider = LocalServer(max_sessions=int(kwargs.pop("max_sessions", 16)))
            base_url = provider.url
        super().__init__(base_url=base_url, provider=provider, **kwargs)
        if token:
            # EnvClient connects to `<url>/ws` without headers; the server also reads the token from the query.
            self._ws_url = f"{getattr(self, '_ws_url')}?token={token}"

    def _step_payload(self, action: dict[str, Any]) -> dict[str, Any]:
        return dict(action)

    def _parse_result(self, payload: dict[str, Any]) -> StepResult[TatamiObservation]:
        raw = dict(payload.get("observation", {}))
        known = {k: raw.pop(k) for k in list(raw) if k in TatamiObservation.__dataclass_fields__ and k != "extra"}
        observation = TatamiObservation(**known, extra=raw)
        return StepResult(observation=observation, reward=payload.get("reward"), done=bool(payload.get("done", False)))

    def _parse_state(self, payload: dict[str, Any]) -> dict[str, Any]:
        return dict(payload)
