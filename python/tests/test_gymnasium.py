from __future__ import annotations

import json

import gymnasium
from gymnasium.utils.env_checker import check_env

import tatami_env
from tatami_env import TatamiEnv, make_vector

from conftest import COMPETITION


def test_competitions_are_registered() -> None:
    assert f"tatami/{COMPETITION}" in gymnasium.registry


def test_check_env_passes(server) -> None:
    env = gymnasium.make(f"tatami/{COMPETITION}", url=server.url, steps=60)
    check_env(env.unwrapped, skip_render_check=True)
    env.close()


def test_finish_terminates_and_budget_truncates(server) -> None:
    env = TatamiEnv(COMPETITION, url=server.url, steps=2)
    observation, info = env.reset(seed=3)
    assert "Competition" in observation and info["run_id"]
    observation, reward, terminated, truncated, _ = env.step(json.dumps({"action": "finish"}))
    assert (terminated, truncated) == (True, False)
    env.reset()
    _, _, terminated, truncated, info = env.step("not an action")
    assert info["status"] == "invalid_action" and not (terminated or truncated)
    assert env.last_feedback["error"]["type"] == "invalid_action"
    _, _, terminated, truncated, _ = env.step("still not one")
    assert (terminated, truncated) == (False, True)
    env.close()


def test_vector_env_steps_episodes_in_parallel(server) -> None:
    envs = make_vector(COMPETITION, 2, url=server.url, steps=5)
    observations, infos = envs.reset(seed=1)
    assert len(observations) == 2 and len(set(infos["run_id"])) == 2
    action = json.dumps({"action": "run", "code": "print(6 * 7)"})
    observations, rewards, terminated, truncated, infos = envs.step((action, action))
    assert all("42" in text for text in observations)
    assert list(infos["status"]) == ["ok", "ok"]
    envs.close()


def test_module_prefix_form_of_make(server) -> None:
    env = gymnasium.make(f"tatami_env:tatami/{COMPETITION}", url=server.url)
    assert isinstance(env.unwrapped, tatami_env.TatamiEnv)
    env.close()
