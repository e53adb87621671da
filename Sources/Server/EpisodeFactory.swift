import Arena
import Catalog
import Foundation

/// Where the server's episodes come from: the catalog and the one episode setup `tatami run` uses too.
public struct ServerEnvironment {
  public var catalog: Catalog
  /// The sandbox, runtime, runs folder, reference boards and database, as for `tatami run`.
  public var setup: EpisodeSetup
  /// The competition of a reset that names none.
  public var defaultCompetition: String?

  public init(catalog: Catalog, setup: EpisodeSetup, defaultCompetition: String? = nil) {
    self.catalog = catalog
    self.setup = setup
    self.defaultCompetition = defaultCompetition
  }
}

/// Sets episodes up through `EpisodeSetup`, the way `tatami run` does.
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
      let budget = try Budget.resolve(options.budget, limits: bundle.manifest.limits, processors: processors)
      let config = EpisodeConfig(agent: options.agent, budget: budget, seed: options.seed, reward: options.reward)
      return try environment.setup.episode(bundle, config: config, sandbox: try sandbox(for: budget.sandbox))
    } catch let error as BundleError {
      throw .factory("\(error.message) (\(error.hint))")
    } catch let error as BudgetError {
      throw .validation(error.message)
    } catch let error as SandboxError {
      throw .factory(error.description)
    } catch {
      throw .factory("\(error)")
    }
  }

  private func sandbox(for limits: SandboxLimits) throws(SandboxError) -> Sandbox {
    if let known = lock.withLock({ sandboxes.first { $0.limits == limits }?.sandbox }) { return known }
    let made = try environment.setup.sandbox(limits)
    lock.withLock { sandboxes.append((limits, made)) }
    return made
  }
}
