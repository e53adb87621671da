import Arena
import Foundation

/// `llm`: a chat model behind an OpenAI-compatible API chooses each action.
///
/// The system prompt states the protocol; the first user message is the task (overview, files and columns,
/// metric, submission format, budget). Each feedback becomes the next user message. When the conversation
/// would pass the context window, the oldest steps are replaced by a one-line-per-step summary. Replies are
/// read by `CodeExtraction`; a reply without an action is sent back as an `invalid_action` feedback. Tokens and
/// cost are counted per step; when the dollar budget is spent the agent finishes.
public final class LLMAgent: Agent {
  public let name = "llm"
  let options: LLMOptions
  let client: ChatClient
  private var system: ChatMessage?
  private var taskMessage: ChatMessage?
  /// (assistant reply, feedback) per step, oldest first.
  var turns: [(reply: String, feedback: String?, summary: String)] = []
  private var spent = TokenUsage()
  /// The last prompt and the reply to it: what the model has already seen, so each turn records only what is new.
  private var seen: [ChatMessage] = []

  /// - Parameter onRetry: told of each retry of a failed request, as it happens.
  public init(
    options: LLMOptions, retryBaseSeconds: Double = 1, onRetry: (@Sendable (ChatClient.Retry) -> Void)? = nil
  ) throws(AgentError) {
    self.options = options
    do {
      client = try ChatClient(options: options, retryBaseSeconds: retryBaseSeconds)
    } catch {
      throw AgentError("cannot start the LLM client: \(error)", kind: .unavailable)
    }
    client.onRetry = onRetry
  }

  public func begin(_ task: TaskInfo) throws(AgentError) {
    system = ChatMessage(role: "system", content: TrajectoryExport.systemPrompt)
    taskMessage = ChatMessage(role: "user", content: Rendering.task(task) + "\n\nWhat is your first action?")
  }

  public func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn {
    if let feedback, !turns.isEmpty {
      turns[turns.count - 1].feedback = Rendering.feedback(feedback)
      turns[turns.count - 1].summary += " → \(feedback.status)"
        + (feedback.submission?.publicScore.map { ", public \(String(format: "%.6g", $0))" } ?? "")
        + (feedback.error.map { ", \($0.type)" } ?? "")
    }
    if options.budgetUSD > 0, spent.costUSD >= options.budgetUSD {
      return AgentTurn(action: .finish(submission: nil), reply: "(LLM budget of $\(options.budgetUSD) spent)")
    }
    let messages = conversation()
    let reply: ChatClient.Reply
    do {
      reply = try client.complete(messages, timeoutSeconds: max(1, Int(secondsLeft)))
    } catch {
      throw unanswered(error)
    }
    spent = spent + reply.usage
    let observation = Self.newMessages(messages, after: seen)
    seen = messages + [ChatMessage(role: "assistant", content: reply.content)]
    let step = turns.count + 1
    do {
      let action = try CodeExtraction.action(from: reply.content)
      turns.append((reply.content, nil, "step \(step): \(action.name)"))
      return AgentTurn(action: action, reply: reply.content, prompt: observation, tokens: reply.usage)
    } catch {
      turns.append((reply.content, nil, "step \(step): unreadable reply"))
      return AgentTurn(action: nil, reply: reply.content, prompt: observation, tokens: reply.usage, parseError: error)
    }
  }

  /// A failed request as the user must read it: the URL, what went wrong, and what to set.
  private func unanswered(_ error: HTTPError) -> AgentError {
    let keyState = options.apiKey == nil ? "no API key is set (\(options.keyVariable) is unset)" : nil
    // No response, or a refusal of the credentials or the address: the server is not usable at all.
    let unusable = error.status == 0 || [401, 403, 404].contains(error.status)
    let keyTrouble = [401, 403].contains(error.status) || (error.status == 0 && options.apiKey == nil)
    let remedy: AgentError.Remedy =
      error.status == 404
      ? .checkModelAddress(model: options.model) : .runModelServer(keyVariable: keyTrouble ? options.keyVariable : nil)
    let detail = [error.description, keyState].compactMap { $0 }.joined(separator: "; ")
    return AgentError(
      "the model server at \(client.url) did not answer: \(detail)", kind: unusable ? .unavailable : .failed,
      remedy: remedy)
  }

  /// The messages of `prompt` past what the model saw before (`seen`); all of them when the conversation was
  /// rewritten (the first turn, or older steps summarised to fit the context).
  static func newMessages(_ prompt: [ChatMessage], after seen: [ChatMessage]) -> [ChatMessage] {
    guard !seen.isEmpty, prompt.count > seen.count, Array(prompt.prefix(seen.count)) == seen else { return prompt }
    return Array(prompt.dropFirst(seen.count))
  }

  /// System, task, then the steps; the oldest steps summarised when the estimate passes the window.
  func conversation() -> [ChatMessage] {
    guard let system, let taskMessage else { return [] }
    let budget = max(1000, options.contextTokens - options.maxTokens)
    var kept = turns.count
    func estimate(_ keptTurns: Int) -> Int {
      let recent = turns.suffix(keptTurns)
      let characters = system.content.count + taskMessage.content.count
        + recent.reduce(0) { $0 + $1.reply.count + ($1.feedback?.count ?? 0) } + (turns.count - keptTurns) * 80
      return characters / 4
    }
    while kept > 1, estimate(kept) > budget { kept -= 1 }
    var messages = [system, taskMessage]
    let summarised = turns.prefix(turns.count - kept)
    if !summarised.isEmpty {
      messages.append(ChatMessage(
        role: "user",
        content: "Summary of the earlier steps (details dropped to fit the context):\n"
          + summarised.map(\.summary).joined(separator: "\n")))
      messages.append(ChatMessage(role: "assistant", content: "Understood."))
    }
    for turn in turns.suffix(kept) {
      messages.append(ChatMessage(role: "assistant", content: turn.reply))
      if let feedback = turn.feedback { messages.append(ChatMessage(role: "user", content: feedback)) }
    }
    return messages
  }
}
