/// How an exported run ended, for `tatami runs export --outcome`.
public enum ExportOutcome: String, Sendable, CaseIterable {
  /// The final submission beats the baseline on the Private rows.
  case beatsBaseline = "beats-baseline"
  /// A valid final submission, scored on the Private rows.
  case valid
  /// No valid submission (nothing to score at the end).
  case invalid
  /// A medal on the reference board.
  case medal
  /// The agent finished by itself (status `finished`).
  case finished
  /// Steps or time ran out.
  case budgetExhausted = "budget-exhausted"
  /// The agent failed, or the run was interrupted.
  case failed

  func matches(_ result: EpisodeResult) -> Bool {
    switch self {
    case .beatsBaseline: return result.beatsBaseline == true
    case .valid: return result.finalPrivateScore != nil
    case .invalid: return result.finalPrivateScore == nil
    case .medal: return result.medal != nil
    case .finished: return result.status == .finished
    case .budgetExhausted: return result.status == .budgetExhausted
    case .failed: return result.status == .agentError || result.status == .aborted
    }
  }
}

/// Which runs an export keeps: each filter given must match (any of its values); an empty filter keeps all.
public struct RunFilter: Sendable {
  public var runIDs: [String]
  public var competitions: [String]
  public var agents: [String]
  public var outcomes: [ExportOutcome]

  public init(runIDs: [String] = [], competitions: [String] = [], agents: [String] = [], outcomes: [ExportOutcome] = []) {
    self.runIDs = runIDs
    self.competitions = competitions
    self.agents = agents
    self.outcomes = outcomes
  }

  /// A run still going on (no result) passes only the id filter.
  public func matches(_ run: RunIndex.Entry) -> Bool {
    if !runIDs.isEmpty && !runIDs.contains(run.runID) { return false }
    if competitions.isEmpty && agents.isEmpty && outcomes.isEmpty { return true }
    guard let result = run.result else { return false }
    if !competitions.isEmpty && !competitions.contains(result.competition) { return false }
    // `cmd` matches every `cmd:PROGRAM` agent.
    let kind = result.agent.split(separator: ":").first.map(String.init) ?? result.agent
    if !agents.isEmpty && !agents.contains(result.agent) && !agents.contains(kind) { return false }
    if !outcomes.isEmpty && !outcomes.contains(where: { $0.matches(result) }) { return false }
    return true
  }
}
