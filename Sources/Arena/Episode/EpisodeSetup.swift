import Basics
import Catalog
import Leaderboard

/// What a caller asks of an episode's budget; nil takes the bundle's limit, else Tatami's default.
///
/// `tatami run`'s flags, a `tatami serve` reset and `tatami bench` (through `run`) all fill one of these, so the
/// same request gives the same budget everywhere.
public struct BudgetRequest: Sendable, Equatable {
  public var steps: Int?
  public var seconds: Int?
  public var stepTimeoutSeconds: Int?
  public var memoryBytes: Int?
  public var diskBytes: Int?
  public var fileSizeBytes: Int?
  public var outputBytes: Int?
  public var processes: Int?

  public init(
    steps: Int? = nil, seconds: Int? = nil, stepTimeoutSeconds: Int? = nil, memoryBytes: Int? = nil,
    diskBytes: Int? = nil, fileSizeBytes: Int? = nil, outputBytes: Int? = nil, processes: Int? = nil
  ) {
    self.steps = steps
    self.seconds = seconds
    self.stepTimeoutSeconds = stepTimeoutSeconds
    self.memoryBytes = memoryBytes
    self.diskBytes = diskBytes
    self.fileSizeBytes = fileSizeBytes
    self.outputBytes = outputBytes
    self.processes = processes
  }
}

/// A budget request that cannot make an episode.
public enum BudgetError: Error, Equatable, Sendable {
  case tooFewSteps(Int)
  case tooFewProcesses(Int)
  /// A duration past `Quantities.maxSeconds` or a size past `Quantities.maxBytes`, named by what it limits.
  case beyondMaximum(limit: String)

  public var message: String {
    switch self {
    case .tooFewSteps(let steps): "an episode needs at least 1 step, not \(steps)"
    case .tooFewProcesses(let count): "agent code needs at least 8 processes (Python starts several), not \(count)"
    case .beyondMaximum(let limit): "the \(limit) is more than the maximum (30 days, or 64 TiB for a size)"
    }
  }
}

extension Budget {
  /// The default of each limit when neither the caller nor the bundle sets it.
  public static let defaults = Budget(
    steps: 20, seconds: 3600, stepTimeoutSeconds: 600, diskBytes: 8 << 30, outputBytes: 16 << 20, tailBytes: 4096,
    sandbox: SandboxLimits(
      memoryBytes: 4 << 30, cpuSeconds: 0, fileSizeBytes: 2 << 30, processes: 256, openFiles: 1024, tmpBytes: 1 << 30))

  /// The budget policy: the request, else the bundle's `limits`, else `defaults`.
  ///
  /// A step never outlasts the episode; CPU time per process allows every core busy for twice the step's wall
  /// time (plus 10 s), so the wall clock, not RLIMIT_CPU, ends a slow step; /tmp holds at most the memory limit.
  public static func resolve(
    _ request: BudgetRequest, limits: Manifest.Limits, processors: Int
  ) throws(BudgetError) -> Budget {
    try checkMaxima(request)
    let steps = request.steps ?? limits.steps ?? defaults.steps
    guard steps > 0 else { throw .tooFewSteps(steps) }
    let processes = request.processes ?? defaults.sandbox.processes
    guard processes >= 8 else { throw .tooFewProcesses(processes) }
    let seconds = request.seconds ?? limits.timeSeconds ?? defaults.seconds
    let stepSeconds = min(request.stepTimeoutSeconds ?? limits.stepTimeoutSeconds ?? defaults.stepTimeoutSeconds, seconds)
    let memory = request.memoryBytes ?? limits.memoryBytes ?? defaults.sandbox.memoryBytes
    let sandbox = SandboxLimits(
      memoryBytes: memory, cpuSeconds: stepSeconds * 2 * max(1, processors) + 10,
      fileSizeBytes: request.fileSizeBytes ?? defaults.sandbox.fileSizeBytes, processes: processes,
      openFiles: defaults.sandbox.openFiles, tmpBytes: min(memory, defaults.sandbox.tmpBytes))
    return Budget(
      steps: steps, seconds: seconds, stepTimeoutSeconds: stepSeconds,
      diskBytes: request.diskBytes ?? defaults.diskBytes, outputBytes: request.outputBytes ?? defaults.outputBytes,
      tailBytes: defaults.tailBytes, sandbox: sandbox)
  }

  /// Whatever the caller parsed the request from, no duration or size may overflow the arithmetic on it.
  private static func checkMaxima(_ request: BudgetRequest) throws(BudgetError) {
    let durations = [("episode time", request.seconds), ("step timeout", request.stepTimeoutSeconds)]
    for case (let limit, let value?) in durations where value > Quantities.maxSeconds { throw .beyondMaximum(limit: limit) }
    let sizes = [
      ("memory", request.memoryBytes), ("disk budget", request.diskBytes), ("file size", request.fileSizeBytes),
      ("output limit", request.outputBytes),
    ]
    for case (let limit, let value?) in sizes where value > Quantities.maxBytes { throw .beyondMaximum(limit: limit) }
  }
}

/// Sets episodes up the one way every command does: the sandbox, the workspace in the runs folder, the reference
/// board (from `TATAMI_LEADERBOARDS`, else beside the bundle's catalog folder) and the database results go into.
public struct EpisodeSetup: Sendable {
  public let locations: Locations
  public let environment: Environment
  public let runtime: PythonRuntime
  /// Agent code runs without bubblewrap (only rlimits and timeouts).
  public let unsafeNoSandbox: Bool

  /// Finds bubblewrap (unless `unsafeNoSandbox`) and the agents' Python runtime, creating it on first use.
  public init(
    locations: Locations, environment: Environment, unsafeNoSandbox: Bool, progress: (String) -> Void
  ) throws(SandboxError) {
    if !unsafeNoSandbox { _ = try Sandbox.locateBubblewrap(environment: environment.values) }
    self.runtime = try PythonRuntime.resolve(environment: environment.values, home: locations.home, progress: progress)
    self.locations = locations
    self.environment = environment
    self.unsafeNoSandbox = unsafeNoSandbox
  }

  /// A sandbox with these limits (bubblewrap is started once per boot to check it works; see `Sandbox.probe`).
  public func sandbox(_ limits: SandboxLimits) throws(SandboxError) -> Sandbox {
    try Sandbox.make(
      runtime: runtime, limits: limits, allowUnsafe: unsafeNoSandbox, unsafeRequested: unsafeNoSandbox,
      environment: environment.values, checkCache: locations.home + "/cache")
  }

  /// A new episode of `bundle` in its own workspace, ranked on the competition's reference board.
  ///
  /// The bundle is decompressed once: the public files, the answers and what the task description shows come
  /// from one pass (`Workspace.prepare`).
  public func episode(_ bundle: CompetitionBundle, config: EpisodeConfig, sandbox: Sandbox) throws -> Episode {
    let (workspace, pass) = try Workspace.prepare(
      runsDirectory: locations.runsDirectory, competition: bundle.manifest.id, agent: config.agent, bundle: bundle,
      sandbox: sandbox, reading: EpisodeMaterial.reading(bundle.manifest))
    let folders = locations.leaderboardDirectories + [ReferenceBoard.directory(besideBundleAt: bundle.location)]
    let ranking = ReferenceBoardRanking.load(id: bundle.manifest.id, folders: folders, storePath: locations.database)
    return try Episode(
      config: config, bundle: bundle, material: EpisodeMaterial(pass, manifest: bundle.manifest),
      workspace: workspace, sandbox: sandbox, ranking: ranking)
  }
}
