/// A Kaggle medal.
public enum Medal: String, Sendable, Codable, Comparable, CaseIterable {
  case gold, silver, bronze

  /// Gold sorts first.
  public static func < (lhs: Medal, rhs: Medal) -> Bool { lhs.order < rhs.order }

  private var order: Int {
    switch self {
    case .gold: 0
    case .silver: 1
    case .bronze: 2
    }
  }
}

/// The 1-based leaderboard positions whose scores are the medal thresholds.
public struct MedalPositions: Sendable, Equatable, Codable {
  public var gold: Int
  public var silver: Int
  public var bronze: Int

  public init(gold: Int, silver: Int, bronze: Int) {
    self.gold = gold
    self.silver = silver
    self.bronze = bronze
  }

  /// Kaggle's progression table, as MLE-bench's `Grader.rank_score` computes it, for a board of `teams` rows.
  ///
  /// | teams N   | gold                | silver            | bronze            |
  /// |-----------|---------------------|-------------------|-------------------|
  /// | 1–99      | max(1, ⌊0.1·N⌋)     | max(1, ⌊0.2·N⌋)   | max(1, ⌊0.4·N⌋)   |
  /// | 100–249   | 10                  | ⌊0.2·N⌋           | ⌊0.4·N⌋           |
  /// | 250–999   | 10 + ⌊0.002·N⌋      | 50                | 100               |
  /// | ≥ 1000    | 10 + ⌊0.002·N⌋      | ⌊0.05·N⌋          | ⌊0.1·N⌋           |
  ///
  /// Integer division gives the same floors as Python's `int(0.1 * N)`: each of 0.1, 0.2, 0.4, 0.05 and
  /// 0.002 is stored as a double slightly above its decimal value, so the product never falls below an
  /// exact integer. Nil for an empty board.
  public static func kaggle(teams: Int) -> MedalPositions? {
    switch teams {
    case ..<1: return nil
    case 1..<100:
      return MedalPositions(gold: max(1, teams / 10), silver: max(1, teams / 5), bronze: max(1, teams * 2 / 5))
    case 100..<250: return MedalPositions(gold: 10, silver: teams / 5, bronze: teams * 2 / 5)
    case 250..<1000: return MedalPositions(gold: 10 + teams / 500, silver: 50, bronze: 100)
    default: return MedalPositions(gold: 10 + teams / 500, silver: teams / 20, bronze: teams / 10)
    }
  }
}

/// The scores a team must reach for each medal, and the board's median, in one view.
public struct MedalThresholds: Sendable, Equatable, Codable {
  public var gold: Double
  public var silver: Double
  public var bronze: Double
  /// The median of the board's scores (mean of the middle two for an even count, as pandas).
  public var median: Double
  public var positions: MedalPositions
  public var higherIsBetter: Bool

  /// The thresholds of a reference board: the scores at the Kaggle positions once sorted best first.
  public init?(scores: [Double], higherIsBetter: Bool) {
    guard let positions = MedalPositions.kaggle(teams: scores.count) else { return nil }
    let ordered = scores.sorted(by: higherIsBetter ? (>) : (<))
    gold = ordered[positions.gold - 1]
    silver = ordered[positions.silver - 1]
    bronze = ordered[positions.bronze - 1]
    median = OutlierRule.median(scores)
    self.positions = positions
    self.higherIsBetter = higherIsBetter
  }

  /// The medal a score earns: thresholds are inclusive and the best medal wins (MLE-bench's rule).
  public func medal(for score: Double) -> Medal? {
    if reaches(score, gold) { return .gold }
    if reaches(score, silver) { return .silver }
    if reaches(score, bronze) { return .bronze }
    return nil
  }

  /// Strictly better than the median, as MLE-bench's `above_median`.
  public func isAboveMedian(_ score: Double) -> Bool {
    higherIsBetter ? score > median : score < median
  }

  private func reaches(_ score: Double, _ threshold: Double) -> Bool {
    higherIsBetter ? score >= threshold : score <= threshold
  }
}
