import Arena

/// An agent: gets the task, then one feedback per step, and answers each with an action.
public protocol Agent: AnyObject {
  /// The name recorded in the run (`search`, `baseline`, `llm`, `cmd:…`).
  var name: String { get }
  /// Called once before the first step.
  func begin(_ task: TaskInfo) throws(AgentError)
  /// The next action; `feedback` is nil before the first step.
  /// - Parameter secondsLeft: the episode's wall time left; an agent must answer within it.
  func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn
  /// Called once when the episode is over (the result carries private scores; built-in agents ignore them).
  func end(status: EpisodeStatus)
}

extension Agent {
  public func end(status: EpisodeStatus) {}
}

/// Why an agent could not go on: the episode ends with status `agent_error`, or `agent_unavailable` when the
/// agent could not start or its server could not be reached.
public struct AgentError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The agent ran and then failed (crashed, broke the protocol, gave up).
    case failed
    /// The agent never worked: its program is missing or exited at once, or its server cannot be reached.
    case unavailable
  }

  public var kind: Kind
  public var message: String
  /// What the user should set or change, when the harness knows.
  public var hint: String?

  public init(_ message: String, kind: Kind = .failed, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  public var description: String { message + (hint.map { "; \($0)" } ?? "") }
}

/// What the driver reports after each step, for the progress display.
public struct StepProgress: Sendable {
  public var step: Int
  public var steps: Int
  public var elapsed: Double
  public var secondsLeft: Double
  public var bestPublicScore: Double?
  public var feedback: Feedback
}

/// Runs an agent through an episode: begin, then action → feedback until the episode is over.
public enum EpisodeDriver {
  /// - Parameters:
  ///   - progress: called after each step.
  ///   - shouldStop: polled between steps (Ctrl-C); ends the episode as `aborted`.
  public static func run(
    _ agent: any Agent, in episode: Episode, progress: (StepProgress) -> Void = { _ in },
    shouldStop: () -> Bool = { false }
  ) -> EpisodeResult {
    let clock = ContinuousClock()
    do {
      try agent.begin(episode.task)
    } catch {
      let result = episode.end(.agentUnavailable, note: "the agent could not start: \(error.description)")
      agent.end(status: .agentUnavailable)
      return result
    }
    var feedback: Feedback?
    while !episode.isOver {
      if shouldStop() {
        episode.end(.aborted, note: "interrupted")
        break
      }
      if episode.meter.secondsLeft <= 0 {
        episode.end(.budgetExhausted, note: "no time left")
        break
      }
      let start = clock.now
      var turn: AgentTurn
      do {
        turn = try agent.next(after: feedback, secondsLeft: episode.meter.secondsLeft)
      } catch {
        episode.end(error.kind == .unavailable ? .agentUnavailable : .agentError, note: error.description)
        break
      }
      turn.agentSeconds = (clock.now - start).seconds
      if shouldStop() {
        episode.end(.aborted, note: "interrupted")
        break
      }
      if episode.meter.secondsLeft <= 0 {
        episode.end(.budgetExhausted, note: "no time left after the agent's turn")
        break
      }
      let result: Feedback
      if let action = turn.action {
        result = episode.perform(action, turn: turn)
      } else {
        result = episode.reject(turn, error: turn.parseError ?? StepError.invalidAction("no action"))
      }
      feedback = result
      progress(StepProgress(
        step: result.step, steps: episode.config.budget.steps, elapsed: episode.meter.elapsed.seconds,
        secondsLeft: episode.meter.secondsLeft, bestPublicScore: episode.bestPublicScore, feedback: result))
    }
    let result = episode.result ?? episode.end(.aborted)
    agent.end(status: result.status)
    return result
  }
}
