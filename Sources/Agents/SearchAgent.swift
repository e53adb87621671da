import Arena

/// Placeholder until the search layer lands.
public final class SearchAgent: Agent {
  public let name = "search"
  public init(seed: Int) {}
  public func begin(_ task: TaskInfo) throws(AgentError) { throw AgentError("search is not built yet") }
  public func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn {
    AgentTurn(action: .finish(submission: nil))
  }
}
