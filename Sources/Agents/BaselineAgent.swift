import Arena

/// Runs the bundle's baseline script as one submission, then finishes.
public final class BaselineAgent: Agent {
  public let name = "baseline"
  private let script: String
  private var submitted = false

  /// - Parameter script: the baseline's Python source (it reads `$TATAMI_INPUT`, writes `$TATAMI_SUBMISSION`).
  public init(script: String) {
    self.script = script
  }

  public func begin(_ task: TaskInfo) throws(AgentError) {}

  public func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn {
    if !submitted {
      submitted = true
      return AgentTurn(action: .submit(.python(script)))
    }
    return AgentTurn(action: .finish(submission: nil))
  }
}
