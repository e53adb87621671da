"""Gymnasium: `gymnasium.make("tatami/<competition>")`, Text actions and observations, the 5-tuple."""

from __future__ import annotations

import string
from typing import Any, Optional

import gymnasium
from gymnasium import spaces

from .server import shared_server
from .session import Session

#: Observations keep printable ASCII (other characters become "?"), so they always lie in the Text space.
CHARSET = string.printable
MAX_OBSERVATION = 1 << 20
MAX_ACTION = 1 << 16


def _printable(text: str) -> str:
    allowed = set(CHARSET)
    return "".join(c if c in allowed else "?" for c in text)[:MAX_OBSERVATION]


class TatamiEnv(gymnasium.Env[str, str]):
    """One Tatami competition. An action is one JSON action as text (`{"action": "run", "code": "..."}`);
    text that is not one counts as an invalid step. The observation is the task after `reset`, then each
    step's feedback. `terminated` when the agent finishes, `truncated` when the budget runs out.

    Args:
        competition: the competition id.
        url: a running `tatami serve`; None starts a local one (stopped at exit).
        token: the server's token, if it has one.
        reset_options: budget options sent with every reset (steps, time_s, step_timeout_s, memory, reward).
    """

    metadata: dict[str, Any] = {"render_modes": []}

    def __init__(
        self, competition: str, url: Optional[str] = None, token: Optional[str] = None, **reset_options: Any
    ) -> None:
        self.competition = competition
        self.url = url or shared_server().url
        self.reset_options = reset_options
        self.observation_space = spaces.Text(max_length=MAX_OBSERVATION, min_length=0, charset=CHARSET)
        self.action_space = spaces.Text(max_length=MAX_ACTION, min_length=0, charset=CHARSET)
        self._session = Session(self.url, token)
        self._seed = 0
        #: The last step's whole feedback (timings, execution report, submission scores).
        self.last_feedback: dict[str, Any] = {}

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict[str, Any]] = None) -> tuple[str, dict[str, Any]]:
        super().reset(seed=seed)
        if seed is not None:
            self._seed = seed
        sent = {**self.reset_options, **(options or {}), "seed": self._seed}
        outcome = self._session.reset(self.competition, **sent)
        info = {"episode_id": outcome.observation.get("episode_id"), "run_id": outcome.observation.get("run_id")}
        return _printable(outcome.text), info

    def step(self, action: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        outcome = self._session.step(action)
        feedback = outcome.feedback
        self.last_feedback = feedback
        finished = feedback.get("status") == "finished"
        # What is the same for the same seed and actions (check_env compares it); timings are in `last_feedback`.
        error = feedback.get("error") or {}
        info = {"status": feedback.get("status"), "step": feedback.get("step"), "error_type": error.get("type")}
        return _printable(outcome.text), float(outcome.reward or 0.0), outcome.done and finished, outcome.done and not finished, info

    def close(self) -> None:
        self._session.close()
        super().close()


def make_vector(competition: str, num_envs: int, url: Optional[str] = None, **reset_options: Any) -> gymnasium.vector.VectorEnv:
    """N episodes stepped in parallel, one process each, sharing one server (started here when no URL)."""
    target = url or shared_server().url
    return gymnasium.vector.AsyncVectorEnv(
        [lambda: TatamiEnv(competition, url=target, **reset_options) for _ in range(num_envs)], shared_memory=False
    )


def register(competitions: list[str]) -> None:
    """Registers `tatami/<id>` for each competition (done at import for the server's catalog)."""
    for competition in competitions:
        env_id = f"tatami/{competition}"
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point="tatami_env.gym:TatamiEnv", kwargs={"competition": competition})
