import Arena
import Catalog
import Foundation
import Leaderboard
import Scoring

/// Where the server's episodes come from and go: the catalog, the runtime, the runs folder and the leaderboard.
public struct ServerEnvironment {
  public var catalog: Catalog
  /// Folders holding reference leaderboards (`Leaderboards/`), searched in order.
  public var leaderboardFolders: [String]
  /// The SQLite store final results are recorded in, as `tatami run` does.
  public var storePath: String?
  /// Where run folders go (`$TATAMI_HOME/runs` by default), the same records as `tatami run`.
  public var runsDirectory: String
  public var runtime: PythonRuntime
  /// Run agent code without bubblewrap (tests on machines without it; unsafe).
  public var unsafeNoSandbox: Bool
  /// The environment the sandbox reads its tools from (`TATAMI_BWRAP`, `PATH`).
  public var environment: [String: String]
  /// The competition of a reset that names none.
  public var defaultCompetition: String?

  public init(
    catalog: Catalog, leaderboardFolders: [String], storePath: String?, runsDirectory: String, runtime: PythonRuntime,
    unsafeNoSandbox: Bool, environment: [String: String], defaultCompetition: String? = nil
  ) {
    self.catalog = catalog
    self.leaderboardFolders = leaderboardFolders
    self.storePath = storePath
    self.runsDirectory = runsDirectory
    self.runtime = runtime
    self.unsafeNoSandbox = unsafeNoSandbox
    self.environment = environment
    self.defaultCompetition = defaultCompetition
  }
}

/// Sets episodes up the way `tatami run` does: bundle, budget, sandbox, workspace, ranking.
///
/// A sandbox is probed (bubblewrap started once) the first time a set of limits is seen, not at every reset.
final class EpisodeFactory: @unchecked Sendable {
  let environment: ServerEnvironment
  private let lock = NSLock()
  private var sandboxes: [(limits: SandboxLimits, sandbox: Sandbox)] = []
  private let processors = ProcessInfo.processInfo.activeProcessorCount

  init(environment: ServerEnvironment) { self.environment = environment }

  func make(_ options: ResetOptions) throws(ServerError) -> Episode {
    do {
      let bundle = try environment.catalog.open(options.competition)
      let budget = options.budget(bundle.manifest.limits, processors: processors)
      let sandbox = try sandbox(for: budget.sandbox)
      let workspace = try Workspace.create(
        runsDirectory: environment.runsDirectory, competition: bundle.manifest.id, agent: options.agent, bundle: bundle,
        sandbox: sandbox)
      let ranking = ReferenceBoardRanking.load(
        id: bundle.manifest.id,
        folders: environment.leaderboardFolders + [ReferenceBoard.directory(besideBundleAt: bundle.location)],
        higherIsBetter: try bundle.scorer().key.metric.higherIsBetter, storePath: environment.storePath)
      return try Episode(
        config: EpisodeConfig(agent: options.agent, budget: budget, seed: options.seed, reward: options.reward),
        bundle: bundle, workspace: workspace, sandbox: sandbox, ranking: ranking)
    } catch let error as BundleError {
      throw .factory("\(error.message) (\(error.hint))")
    } catch let error as SandboxError {
      throw .factory(error.description)
    } catch {
      throw .factory("\(error)")
    }
  }

  private func sandbox(for limits: SandboxLimits) throws(SandboxError) -> Sandbox {
    if let known = lock.withLock({ sandboxes.first { $0.limits == limits }?.sandbox }) { return known }
    let made = try Sandbox.make(
      runtime: environment.runtime, limits: limits, allowUnsafe: environment.unsafeNoSandbox,
      unsafeRequested: environment.unsafeNoSandbox, environment: environment.environment)
    lock.withLock { sandboxes.append((limits, made)) }
    return made
  }
}
