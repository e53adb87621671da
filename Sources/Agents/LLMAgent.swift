import Arena

/// Placeholder until the llm layer lands.
public final class LLMAgent: Agent {
  public let name = "llm"
  public init(options: LLMOptions) throws(AgentError) { throw AgentError("llm is not built yet") }
  public func begin(_ task: TaskInfo) throws(AgentError) {}
  public func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn {
    AgentTurn(action: .finish(submission: nil))
  }
}
