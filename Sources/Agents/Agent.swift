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

  /// What the user should set or change, as data: a front end with flags (the CLI) names its own.
  public enum Remedy: Sendable, Equatable {
    /// The model server could not be used: point the llm agent's base URL at an OpenAI-compatible server that
    /// is running, and, when `keyVariable` is given, set that variable to its API key.
    case runModelServer(keyVariable: String?)
    /// The server answered 404: the base URL (it should end in /v1) or the model name is wrong.
    case checkModelAddress(model: String)
    /// Advice that names no flag.
    case text(String)

    /// The remedy in words that name no flag.
    public var text: String {
      switch self {
      case .runModelServer(let keyVariable):
        return "point the llm agent's base URL (or OPENAI_BASE_URL) at an OpenAI-compatible server that is running"
          + (keyVariable.map { ", and set \($0) to its API key" } ?? "")
      case .checkModelAddress(let model):
        return "check the llm agent's base URL (it should end in /v1) and its model \(model)"
      case .text(let text): return text
      }
    }
  }

  public var kind: Kind
  public var message: String
  /// What the user should set or change, when the harness knows.
  public var remedy: Remedy?

  public init(_ message: String, kind: Kind = .failed, remedy: Remedy? = nil) {
    self.kind = kind
    self.message = message
    self.remedy = remedy
  }

  public init(_ message: String, kind: Kind = .failed, hint: String) {
    self.init(message, kind: kind, remedy: .text(hint))
  }

  /// The remedy in words that name no flag.
  public var hint: String? { remedy?.text }

  public var description: String { described(by: \.text) }

  /// The message and the remedy as `render` words it.
  public func described(by render: (Remedy) -> String) -> String {
    message + (remedy.map { "; \(render($0))" } ?? "")
  }
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
  ///   - describe: words an agent's error for the episode's note (the default names no flag).
  public static func run(
    _ agent: any Agent, in episode: Episode, progress: (StepProgress) -> Void = { _ in },
    shouldStop: () -> Bool = { false }, describe: (AgentError) -> String = { $0.description }
  ) -> EpisodeResult {
    let clock = ContinuousClock()
    do {
      try agent.begin(episode.task)
    } catch {
      let result = episode.end(.agentUnavailable, note: "the agent could not start: \(describe(error))")
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
        episode.end(error.kind == .unavailable ? .agentUnavailable : .agentError, note: describe(error))
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
      let result = episode.take(turn)
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
