import Basics

/// HumanRank as MLE-Dojo computes it (`CodeExecutionInterface._calculate_leaderboard_position`).
///
/// The position score of a score on one board of N reference scores is `1 − #{scores strictly better} / N`:
/// a tie counts in the agent's favour, 1 means it ties or beats the best, 0 that every reference team beats
/// it; the agent is not inserted into the board. HumanRank is the mean of the position scores over the
/// boards that have scores. MLE-Dojo has one agent score and ranks it on both of Kaggle's boards; a Tatami
/// result has a public and a private score, so each board is ranked with its own: the public score on the
/// public board, the private score on the private board (docs/numbers.md).
public enum HumanRank {
  /// The position score of `score` on one board; nil when the board is empty.
  public static func onBoard(_ score: Double, board: [Double], higherIsBetter: Bool) -> Double? {
    guard !board.isEmpty, score.isFinite else { return nil }
    let better = board.count { higherIsBetter ? $0 > score : $0 < score }
    return 1 - Double(better) / Double(board.count)
  }

  /// The mean of the position scores that exist; nil when none does.
  public static func mean(_ positions: [Double?]) -> Double? {
    let values = positions.compactMap { $0 }
    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}

/// A score on the scale where the baseline is 0 and, on ordinary boards, the best reference score is 1.
///
/// `gain(score, baseline) / unit`, where `gain(a, b)` is how much better `a` is than `b` in the metric's
/// direction and `unit = max(gain(best, baseline), |gain(baseline, median)|)`, with `best` and `median` the
/// reference board's. When the baseline is at or below the median reference (most boards), the unit is
/// `best − baseline`: RE-Bench's normalisation, baseline 0 and best reference 1. When the baseline comes
/// close to the best or beats every reference, `best − baseline` shrinks towards 0 or turns negative and
/// would blow the scale up (−3,319,058 on one catalog board); the baseline's distance from the median then
/// sets the unit, so every reference score between the median and the best stays within [−1, 1]. The unit
/// moves continuously with the board, never jumps. Nil without a baseline, without reference scores, or
/// when the unit is 0 (a constant board that the baseline ties).
public enum NormalizedScore {
  public static func value(_ score: Double, baseline: Double?, reference: [Double], direction: ScoreDirection)
    -> Double?
  {
    guard let baseline, let best = direction.best(reference), score.isFinite, baseline.isFinite else { return nil }
    let median = OutlierRule.median(reference)
    let unit = max(direction.gain(best, over: baseline), abs(direction.gain(baseline, over: median)))
    // Below this the unit is rounding noise of the scores themselves.
    let noise = 1e-12 * max(abs(best), abs(baseline), 1e-300)
    guard unit.isFinite, unit > noise else { return nil }
    return direction.gain(score, over: baseline) / unit
  }
}

/// Whether a score beats the baseline: strictly better than the baseline's exact score (bundles declare it
/// at full precision; a tie is not a win).
public enum BeatsBaseline {
  public static func value(_ score: Double, baseline: Double?, direction: ScoreDirection) -> Bool? {
    guard let baseline, score.isFinite else { return nil }
    return direction.isBetter(score, than: baseline)
  }
}
