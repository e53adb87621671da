import Basics
import Arena
import Bench
import Leaderboard

/// One planned episode as the report counts it. Medal, HumanRank and beats-baseline are the run record's
/// own fields; above-median and the normalised score come from the Leaderboard module's functions on the
/// competition's reference board. An episode without a result (failed, never run) counts as one without a
/// valid submission.
public struct EpisodeOutcome: Sendable, Equatable {
  public var key: EpisodeKey
  public var record: EpisodeResult?
  /// The final submission was valid and scored on the Private rows.
  public var valid: Bool
  public var score: Double?
  public var medal: Medal?
  public var aboveMedian: Bool
  public var beatsBaseline: Bool
  /// The record's HumanRank; 0 without a valid submission (MLE-Dojo's value for a failure); nil when the
  /// submission is valid but the competition has no reference board.
  public var humanRank: Double?
  /// Baseline 0, best reference 1 (`NormalizedScore`); nil without a valid submission or where undefined.
  public var normalizedScore: Double?

  public init(key: EpisodeKey, record: EpisodeResult?, context: CompetitionContext?) {
    self.key = key
    self.record = record
    let score = record?.finalPrivateScore.flatMap { $0.isFinite ? $0 : nil }
    self.score = score
    valid = score != nil
    medal = valid ? record?.medal : nil
    aboveMedian = score.map { context?.thresholds?.isAboveMedian($0) ?? false } ?? false
    beatsBaseline = valid && record?.beatsBaseline == true
    humanRank = valid ? record?.humanRank : 0
    // The run's own number when it recorded one; for older records, the same function on the same board.
    normalizedScore = score.flatMap { score in
      record?.normalizedScore
        ?? context.flatMap { context in
          NormalizedScore.value(
            score, baseline: record?.baselinePrivateScore ?? context.baselinePrivateScore,
            reference: context.referencePrivateScores, direction: ScoreDirection(higherIsBetter: context.higherIsBetter))
        }
    }
  }
}
