/// Which way a metric's scores improve; taken from the metric, never guessed from a board's order.
public struct ScoreDirection: Sendable, Equatable {
  public var higherIsBetter: Bool

  public init(higherIsBetter: Bool) { self.higherIsBetter = higherIsBetter }

  /// Whether `score` is strictly better than `other`.
  public func isBetter(_ score: Double, than other: Double) -> Bool {
    higherIsBetter ? score > other : score < other
  }

  /// The best of some scores; nil when there are none.
  public func best(_ scores: [Double]) -> Double? {
    higherIsBetter ? scores.max() : scores.min()
  }

  /// Standard competition ranks ("1224"): 1 + the number of scores strictly better; ties share a rank.
  public func ranks(_ scores: [Double]) -> [Int] {
    let ordered = scores.sorted(by: isBetter)
    return scores.map { score in 1 + Self.countBetter(score, in: ordered, direction: self) }
  }

  /// Binary search in scores sorted best first.
  private static func countBetter(_ score: Double, in ordered: [Double], direction: ScoreDirection) -> Int {
    var low = 0
    var high = ordered.count
    while low < high {
      let middle = (low + high) / 2
      if direction.isBetter(ordered[middle], than: score) { low = middle + 1 } else { high = middle }
    }
    return low
  }
}

extension ScoreDirection {
  /// How much better `score` is than `other` in this direction: positive when better, negative when worse.
  public func gain(_ score: Double, over other: Double) -> Double {
    higherIsBetter ? score - other : other - score
  }
}
