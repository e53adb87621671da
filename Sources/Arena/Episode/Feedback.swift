/// The structured result of one step, sent to the agent (docs/feedback.md, docs/feedback.schema.json).
public struct Feedback: Sendable, Codable, Equatable {
  public var step: Int
  public var action: ActionKind
  public var status: FeedbackStatus
  public var execution: ExecutionReport?
  public var error: StepError?
  public var submission: SubmissionFeedback?
  public var info: TaskInfo?
  public var history: [HistoryEntry]?
  public var budget: BudgetLeft
  public var reward: Double
  /// True when this step ended the episode (finish, or the budget ran out).
  public var done: Bool
  /// One readable line summarising the step.
  public var message: String

  enum CodingKeys: String, CodingKey {
    case step, action, status, execution, error, submission, info, history, budget, reward, done, message
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(step, forKey: .step)
    try container.encode(action, forKey: .action)
    try container.encode(status, forKey: .status)
    try container.encode(execution, forKey: .execution)
    try container.encode(error, forKey: .error)
    try container.encode(submission, forKey: .submission)
    try container.encodeIfPresent(info, forKey: .info)
    try container.encodeIfPresent(history, forKey: .history)
    try container.encode(budget, forKey: .budget)
    try container.encode(reward, forKey: .reward)
    try container.encode(done, forKey: .done)
    try container.encode(message, forKey: .message)
  }
}

/// How a submission did on the Public rows; private scores never appear here.
public struct SubmissionFeedback: Sendable, Codable, Equatable {
  public var valid: Bool
  /// The step whose submission this is; `finish` may name it.
  public var submissionStep: Int
  public var publicScore: Double?
  /// 1 + the reference teams strictly better on the public board; nil without a board.
  public var publicRank: Int?
  public var leaderboardSize: Int?
  /// 1 − (teams strictly better) / (teams): 1 ties the best team, 0 is behind all.
  public var humanRank: Double?
  public var baselinePublicScore: Double?
  /// The best valid public score of the episode so far, this one included.
  public var bestPublicScore: Double?
  public var improved: Bool
  public var higherIsBetter: Bool
  public var rows: Int

  enum CodingKeys: String, CodingKey {
    case valid, submissionStep = "submission_step", publicScore = "public_score", publicRank = "public_rank"
    case leaderboardSize = "leaderboard_size", humanRank = "human_rank"
    case baselinePublicScore = "baseline_public_score", bestPublicScore = "best_public_score", improved
    case higherIsBetter = "higher_is_better", rows
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(valid, forKey: .valid)
    try container.encode(submissionStep, forKey: .submissionStep)
    try container.encode(publicScore, forKey: .publicScore)
    try container.encode(publicRank, forKey: .publicRank)
    try container.encode(leaderboardSize, forKey: .leaderboardSize)
    try container.encode(humanRank, forKey: .humanRank)
    try container.encode(baselinePublicScore, forKey: .baselinePublicScore)
    try container.encode(bestPublicScore, forKey: .bestPublicScore)
    try container.encode(improved, forKey: .improved)
    try container.encode(higherIsBetter, forKey: .higherIsBetter)
    try container.encode(rows, forKey: .rows)
  }
}

/// One line of the `history` action.
public struct HistoryEntry: Sendable, Codable, Equatable {
  public var step: Int
  public var action: ActionKind
  public var status: FeedbackStatus
  public var publicScore: Double?
  public var errorType: StepErrorType?
  public var seconds: Double?

  enum CodingKeys: String, CodingKey {
    case step, action, status, publicScore = "public_score", errorType = "error_type", seconds
  }
}

/// Which number the `reward` field carries (`RewardLedger`, docs/feedback.md).
public enum RewardMode: String, Sendable, Codable, CaseIterable {
  /// What a valid submission adds to the best public position score (public HumanRank) so far: the rewards
  /// of an episode add up to the best public HumanRank reached, and a re-submission earns 0.
  case humanRank = "human_rank"
  /// What a valid submission adds to the best normalised public score so far (baseline 0, best reference 1).
  case improvement
  /// 0 on every step; the end carries the final HumanRank.
  case final
}
