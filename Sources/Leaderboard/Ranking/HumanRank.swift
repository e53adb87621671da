/// HumanRank as MLE-Dojo computes it (`CodeExecutionInterface._calculate_leaderboard_position`).
///
/// On one board of N human scores: `1 − #{human scores strictly better than s} / N`; a tie counts in the
/// agent's favour, 1 means it ties or beats the best human, 0 that every human beats it. The agent is not
/// inserted into the board. Across boards (public and private): the mean over the boards that have scores,
/// with the same raw score ranked on each.
public enum HumanRank {
  /// The HumanRank of `score` on one board; nil when the board is empty.
  public static func onBoard(_ score: Double, board: [Double], higherIsBetter: Bool) -> Double? {
    guard !board.isEmpty else { return nil }
    let better = board.count { higherIsBetter ? $0 > score : $0 < score }
    return 1 - Double(better) / Double(board.count)
  }

  /// The mean HumanRank of `score` over the non-empty boards; nil when all are empty.
  public static func mean(_ score: Double, boards: [[Double]], higherIsBetter: Bool) -> Double? {
    let values = boards.compactMap { onBoard(score, board: $0, higherIsBetter: higherIsBetter) }
    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}

/// A score on the scale where the baseline is 0 and the best reference score is 1 (RE-Bench's normalisation).
///
/// `(score − baseline) / (best − baseline)`: the sign of the denominator carries the metric's direction, so
/// the same formula serves both. Above 1 beats the best reference; below 0 is worse than the baseline. Nil
/// when there is no baseline, or the best reference does not differ from it.
public enum NormalizedScore {
  public static func value(_ score: Double, baseline: Double?, best: Double?) -> Double? {
    guard let baseline, let best, best != baseline, score.isFinite else { return nil }
    return (score - baseline) / (best - baseline)
  }
}
