import Basics
import Leaderboard

/// What a report needs to know about a competition beyond the episodes' records, captured when the bench is
/// planned: the direction, the baseline's private score and the reference board's private scores (from which
/// the Leaderboard module derives the medal thresholds, the median and the best reference score).
///
/// Stored in the bench directory (`competitions.json`), so a report made on another machine, or after the
/// catalog changed, uses the boards the episodes were ranked on.
public struct CompetitionContext: Sendable, Equatable, Codable {
  public var id: String
  public var title: String
  public var metric: String
  public var higherIsBetter: Bool
  public var baselinePrivateScore: Double?
  /// The rankable private scores of the reference board, as `ReferenceBoard.rankableScores(.private)` gives them.
  public var referencePrivateScores: [Double]

  public init(
    id: String, title: String, metric: String, higherIsBetter: Bool, baselinePrivateScore: Double?,
    referencePrivateScores: [Double]
  ) {
    self.id = id
    self.title = title
    self.metric = metric
    self.higherIsBetter = higherIsBetter
    self.baselinePrivateScore = baselinePrivateScore
    self.referencePrivateScores = referencePrivateScores
  }

  /// The context of a competition whose reference board is in the first of `folders` that has one, the way
  /// `tatami run` finds it.
  public static func load(
    id: String, title: String, metric: String, higherIsBetter: Bool, baselinePrivateScore: Double?, folders: [String]
  ) -> CompetitionContext {
    var scores: [Double] = []
    for folder in folders {
      guard let board = try? ReferenceBoard.load(competition: id, from: folder), !board.rows.isEmpty else { continue }
      scores = board.rankableScores(.private)
      break
    }
    return CompetitionContext(
      id: id, title: title, metric: metric, higherIsBetter: higherIsBetter,
      baselinePrivateScore: baselinePrivateScore, referencePrivateScores: scores)
  }

  public var direction: ScoreDirection { ScoreDirection(higherIsBetter: higherIsBetter) }

  /// Kaggle's medal thresholds and the median on the private reference board; nil without a board.
  public var thresholds: MedalThresholds? {
    MedalThresholds(scores: referencePrivateScores, higherIsBetter: higherIsBetter)
  }

  /// The best private reference score; nil without a board.
  public var bestReference: Double? { direction.best(referencePrivateScores) }

  enum CodingKeys: String, CodingKey {
    case id, title, metric, higherIsBetter = "higher_is_better", baselinePrivateScore = "baseline_private_score"
    case referencePrivateScores = "reference_private_scores"
  }
}
