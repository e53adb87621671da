import Catalog
import Foundation
import Testing

@testable import Agents
@testable import Arena
import TatamiTestSupport

/// An episode on a real bundle in a scratch runs folder, removed afterwards.
final class AgentFixture {
  let root: String
  let episode: Episode
  let bundle: CompetitionBundle

  init(_ competition: String, budget: Budget) throws {
    root = NSTemporaryDirectory() + "/tatami-agents-\(UUID().uuidString)"
    bundle = try CompetitionBundle.open(TestRuntime.packageRoot.path + "/Competitions/\(competition).tar.gz")
    let sandbox = try Sandbox.make(
      runtime: TestRuntime.runtime(), limits: budget.sandbox, allowUnsafe: false,
      environment: ProcessInfo.processInfo.environment)
    let workspace = try Workspace.create(
      runsDirectory: root + "/runs", competition: competition, agent: "test", bundle: bundle, sandbox: sandbox)
    episode = try Episode(
      config: EpisodeConfig(agent: "test", budget: budget), bundle: bundle, workspace: workspace, sandbox: sandbox,
      ranking: ReferenceBoardRanking(publicScores: [], privateScores: []))
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }
}
