import Foundation
import Testing

@testable import Arena

@Suite struct RunFilterTests {
  func entry(_ id: String, competition: String, agent: String, status: String, privateScore: Double?, beats: Bool?)
    throws -> RunIndex.Entry
  {
    let object: [String: Any?] = [
      "run_id": id, "competition": competition, "agent": agent, "steps": 3, "seconds": 1.0, "status": status,
      "metric": "rmse", "higher_is_better": false, "final_private_score": privateScore, "beats_baseline": beats,
      "valid_submissions": privateScore == nil ? 0 : 1, "sandbox": "none", "trajectory": "t", "directory": "d",
    ]
    let data = try JSONSerialization.data(withJSONObject: object.compactMapValues { $0 })
    let result = try JSONDecoder().decode(EpisodeResult.self, from: data)
    return RunIndex.Entry(runID: id, directory: "d", result: result)
  }

  @Test func filtersCombineAndValuesWithinOneAlternate() throws {
    let runs = [
      try entry("a", competition: "x", agent: "search", status: "finished", privateScore: 1, beats: true),
      try entry("b", competition: "x", agent: "cmd:python3 agent.py", status: "budget_exhausted", privateScore: 2, beats: false),
      try entry("c", competition: "y", agent: "llm", status: "agent_error", privateScore: nil, beats: nil),
    ]
    func kept(_ filter: RunFilter) -> [String] { runs.filter(filter.matches).map(\.runID) }
    #expect(kept(RunFilter()) == ["a", "b", "c"])
    #expect(kept(RunFilter(competitions: ["x"])) == ["a", "b"])
    #expect(kept(RunFilter(agents: ["cmd"])) == ["b"])
    #expect(kept(RunFilter(agents: ["search", "llm"])) == ["a", "c"])
    #expect(kept(RunFilter(outcomes: [.beatsBaseline])) == ["a"])
    #expect(kept(RunFilter(outcomes: [.invalid])) == ["c"])
    #expect(kept(RunFilter(outcomes: [.failed, .budgetExhausted])) == ["b", "c"])
    #expect(kept(RunFilter(competitions: ["x"], outcomes: [.valid])) == ["a", "b"])
    #expect(kept(RunFilter(runIDs: ["c"], competitions: ["x"])) == [])
  }

  @Test func aRunStillGoingOnPassesOnlyTheIdFilter() {
    let running = RunIndex.Entry(runID: "r", directory: "d", result: nil)
    #expect(RunFilter(runIDs: ["r"]).matches(running))
    #expect(!RunFilter(competitions: ["x"]).matches(running))
  }
}
