import Basics

/// The structured result of one step, sent to the agent (docs/feedback.md, docs/feedback.schema.json).
public struct Feedback: Sendable, Codable, Equatable {
  public var step: Int
  public var action: ActionKind
  public var status: FeedbackStatus
  @ExplicitNull public var execution: ExecutionReport?
  @ExplicitNull public var error: StepError?
  @ExplicitNull public var submission: SubmissionFeedback?
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
}

/// How a submission did on the Public rows; private scores never appear here.
public struct SubmissionFeedback: Sendable, Codable, Equatable {
  public var valid: Bool
  /// The step whose submission this is; `finish` may name it.
  public var submissionStep: Int
  @ExplicitNull public var publicScore: Double?
  /// 1 + the reference teams strictly better on the public board; nil without a board.
  @ExplicitNull public var publicRank: Int?
  @ExplicitNull public var leaderboardSize: Int?
  /// 1 − (teams strictly better) / (teams): 1 ties the best team, 0 is behind all.
  @ExplicitNull public var humanRank: Double?
  @ExplicitNull public var baselinePublicScore: Double?
  /// The best valid public score of the episode so far, this one included.
  @ExplicitNull public var bestPublicScore: Double?
  public var improved: Bool
  public var higherIsBetter: Bool
  public var rows: Int

  enum CodingKeys: String, CodingKey {
    case valid, submissionStep = "submission_step", publicScore = "public_score", publicRank = "public_rank"
    case leaderboardSize = "leaderboard_size", humanRank = "human_rank"
    case baselinePublicScore = "baseline_public_score", bestPublicScore = "best_public_score", improved
    case higherIsBetter = "higher_is_better", rows
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
