from __future__ import annotations

import asyncio

from openenv.core import EnvClient

from tatami_env.openenv_client import TatamiClient

from conftest import COMPETITION

BASELINE = (
    "import pandas as pd\n"
    "s = pd.read_csv('/workspace/input/sample_submission.csv')\n"
    "s.to_csv('/workspace/working/submission.csv', index=False)\n"
)


def test_is_an_openenv_env_client() -> None:
    assert issubclass(TatamiClient, EnvClient)


def test_sync_episode_against_tatami_serve(server) -> None:
    with TatamiClient(base_url=server.url).sync() as env:
        result = env.reset(competition=COMPETITION, seed=7, steps=5)
        assert result.done is False and result.reward is None
        assert "Competition" in result.observation.text and result.observation.task is not None
        result = env.step({"action": "submit", "code": BASELINE})
        assert result.observation.feedback["submission"]["valid"] is True
        assert isinstance(result.reward, float)
        state = env.state()
        assert state["step_count"] == 1 and state["episode_id"] == result.observation.episode_id
        result = env.step({"action": "finish"})
        assert result.done is True
        state = env.state()
        assert state["status"] == "finished" and state["result"]["final_private_score"] is not None


def test_async_episode_and_typed_errors(server) -> None:
    async def episode() -> None:
        async with TatamiClient(base_url=server.url) as env:
            try:
                await env.step({"action": "info"})
                raise AssertionError("a step before a reset must fail")
            except RuntimeError as error:
                assert "SESSION_ERROR" in str(error)
            result = await env.reset(competition=COMPETITION, episode_id="async-1")
            assert result.observation.episode_id == "async-1"
            result = await env.step({"action": "run", "code": "print('hi')"})
            assert "hi" in result.observation.feedback["execution"]["stdout_tail"]

    asyncio.run(episode())


def test_starts_and_stops_a_local_server_without_url() -> None:
    client = TatamiClient()
    server_process = client._provider.process  # type: ignore[union-attr]
    with client.sync() as env:
        result = env.reset(competition=COMPETITION)
        assert result.done is False
    assert server_process.poll() is not None
