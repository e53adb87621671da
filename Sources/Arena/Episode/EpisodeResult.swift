import Basics
import Foundation
import Leaderboard

/// How an episode ended.
public enum EpisodeStatus: String, Sendable, Codable {
  /// The agent sent `finish`.
  case finished
  /// Steps or wall time ran out.
  case budgetExhausted = "budget_exhausted"
  /// The agent crashed, broke the protocol, or gave up.
  case agentError = "agent_error"
  /// Interrupted (Ctrl-C) or stopped by the harness.
  case aborted
  /// The agent never took a step: its program could not start, or its model server could not be reached.
  case agentUnavailable = "agent_unavailable"
}

/// Tokens and money an LLM agent spent.
public struct TokenUsage: Sendable, Codable, Equatable {
  public var promptTokens: Int
  public var completionTokens: Int
  public var costUSD: Double

  public init(promptTokens: Int = 0, completionTokens: Int = 0, costUSD: Double = 0) {
    self.promptTokens = promptTokens
    self.completionTokens = completionTokens
    self.costUSD = costUSD
  }

  public static func + (left: TokenUsage, right: TokenUsage) -> TokenUsage {
    TokenUsage(
      promptTokens: left.promptTokens + right.promptTokens,
      completionTokens: left.completionTokens + right.completionTokens, costUSD: left.costUSD + right.costUSD)
  }

  enum CodingKeys: String, CodingKey {
    case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", costUSD = "cost_usd"
  }
}

/// What the agent did to produce one action, for the trajectory.
public struct AgentTurn: Sendable {
  public var action: Action?
  /// The raw text the agent sent (a JSON line, or an LLM reply).
  public var reply: String?
  /// The messages an LLM got this turn, if any: only those new since its last turn (all of them on the first turn,
  /// or when older steps were summarised), so a trajectory holds each observation once.
  public var prompt: [ChatMessage]?
  public var tokens: TokenUsage?
  public var agentSeconds: Double
  /// Why the reply could not be read as an action, if it could not.
  public var parseError: StepError?

  public init(
    action: Action?, reply: String? = nil, prompt: [ChatMessage]? = nil, tokens: TokenUsage? = nil,
    agentSeconds: Double = 0, parseError: StepError? = nil
  ) {
    self.action = action
    self.reply = reply
    self.prompt = prompt
    self.tokens = tokens
    self.agentSeconds = agentSeconds
    self.parseError = parseError
  }
}

/// One chat message (OpenAI's shape).
public struct ChatMessage: Sendable, Codable, Equatable {
  public var role: String
  public var content: String

  public init(role: String, content: String) {
    self.role = role
    self.content = content
  }
}

/// The outcome of an episode: `summary.json` and the JSON `tatami run --json` prints.
///
/// HumanRank, the position scores, the medal, beats-baseline and the normalised score come from the
/// Leaderboard module's `Yardstick`, so `tatami board` shows the same numbers for the same submission.
public struct EpisodeResult: Sendable, Codable, Equatable {
  public var runID: String
  public var competition: String
  public var agent: String
  /// The team the result is recorded under on the leaderboard (`tatami run --name`); nil in summaries
  /// written before names existed, whose team was the agent.
  @ExplicitNull public var team: String?
  public var steps: Int
  public var seconds: Double
  public var status: EpisodeStatus
  public var metric: String
  public var higherIsBetter: Bool
  @ExplicitNull public var bestPublicScore: Double?
  /// The step whose submission was scored on the Private rows.
  @ExplicitNull public var finalSubmissionStep: Int?
  @ExplicitNull public var finalPublicScore: Double?
  @ExplicitNull public var finalPrivateScore: Double?
  @ExplicitNull public var baselinePublicScore: Double?
  @ExplicitNull public var baselinePrivateScore: Double?
  @ExplicitNull public var beatsBaseline: Bool?
  /// The mean of the two position scores (docs/numbers.md).
  @ExplicitNull public var humanRank: Double?
  /// The final public score ranked on the public reference board.
  @ExplicitNull public var publicPositionScore: Double?
  /// The final private score ranked on the private reference board.
  @ExplicitNull public var privatePositionScore: Double?
  /// The final private score on the baseline-0 scale.
  @ExplicitNull public var normalizedScore: Double?
  @ExplicitNull public var privateRank: Int?
  @ExplicitNull public var leaderboardSize: Int?
  @ExplicitNull public var medal: Medal?
  public var validSubmissions: Int
  @ExplicitNull public var tokens: TokenUsage?
  public var sandbox: String
  /// false: a `cmd:` program ran on the host and could read the answers; true: it ran in its own sandbox
  /// (`--agent-sandbox`); nil: a built-in agent.
  @ExplicitNull public var sandboxedAgent: Bool?
  public var trajectory: String
  public var directory: String
  @ExplicitNull public var note: String?

  enum CodingKeys: String, CodingKey {
    case runID = "run_id", competition, agent, team, steps, seconds, status, metric, higherIsBetter = "higher_is_better"
    case bestPublicScore = "best_public_score", finalSubmissionStep = "final_submission_step"
    case finalPublicScore = "final_public_score", finalPrivateScore = "final_private_score"
    case baselinePublicScore = "baseline_public_score", baselinePrivateScore = "baseline_private_score"
    case beatsBaseline = "beats_baseline", humanRank = "human_rank", privateRank = "private_rank"
    case publicPositionScore = "public_position_score", privatePositionScore = "private_position_score"
    case normalizedScore = "normalized_score"
    case leaderboardSize = "leaderboard_size", medal, validSubmissions = "valid_submissions", tokens, sandbox
    case sandboxedAgent = "sandboxed_agent", trajectory, directory, note
  }

  /// The leaderboard team: the name given, else the agent.
  public var teamName: String { team ?? agent }

  /// A result read from a `summary.json` or `result.json`; one written before names existed has no team, and
  /// gets its agent, the team it was recorded under, so that it encodes with `"team"` as before.
  public static func read(_ data: Data) throws -> EpisodeResult {
    var result = try JSONDecoder().decode(EpisodeResult.self, from: data)
    result.team = result.teamName
    return result
  }
}
