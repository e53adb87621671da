extension Metrics {
  static let correlationMetrics: [Metric] = [
    .singleColumn(
      "pearson", higherIsBetter: true, input: .numbers(.anyFinite),
      definition: "Pearson correlation of answers and predictions (scipy.stats.pearsonr)"
    ) { truth, predicted, _ throws(MetricFailure) in
      try checkNotConstant(truth, predicted)
      return pearson(truth, predicted)
    },
    .singleColumn(
      "spearman", higherIsBetter: true, input: .numbers(.anyFinite),
      definition: "Spearman rank correlation, ties get average ranks (scipy.stats.spearmanr)"
    ) { truth, predicted, _ throws(MetricFailure) in
      try checkNotConstant(truth, predicted)
      return pearson(RadixSort.averageRanks(truth), RadixSort.averageRanks(predicted))
    },
    .singleColumn(
      "kendall_tau", higherIsBetter: true, input: .numbers(.anyFinite),
      definition: "Kendall's tau-b, adjusted for ties (scipy.stats.kendalltau)"
    ) { truth, predicted, _ throws(MetricFailure) in
      try checkNotConstant(truth, predicted)
      return kendallTauB(truth, predicted)
    },
  ]

  /// Spearman's rank correlation as the `spearman` metric computes it, for callers outside scoring (the catalog's
  /// stability gate); nil when either side is constant, where it is undefined.
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
    guard let first = x.first, let other = y.first, x.contains(where: { $0 != first }),
      y.contains(where: { $0 != other })
    else { return nil }
    return pearson(RadixSort.averageRanks(x), RadixSort.averageRanks(y))
  }

  /// Average ranks, 1-based, ties sharing the mean of their positions (`scipy.stats.rankdata`).
  public static func averageRanks(_ values: [Double]) -> [Double] { RadixSort.averageRanks(values) }

  /// A correlation is undefined when either side has no spread; the answers are checked first.
  private static func checkNotConstant(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) {
    guard truth.contains(where: { $0 != truth[0] }) else {
      throw .undefinedOnAnswers("a correlation is undefined when every answer has the same value")
    }
    guard predicted.contains(where: { $0 != predicted[0] }) else {
      throw .invalidPrediction(
        row: nil, message: "every prediction is \(predicted[0]), and a correlation with a constant is undefined",
        hint: "predictions must vary across rows for a correlation metric")
    }
  }

  /// Σ(x - x̄)(y - ȳ) / sqrt(Σ(x - x̄)² Σ(y - ȳ)²), clamped to [-1, 1] against rounding, as scipy does.
  /// - Complexity: O(n), two passes, no allocation.
  static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    if let r = unscaledPearson(x, y) { return r }
    // The correlation does not change with the scale of either side; values divided by their largest
    // magnitude (as scipy does) keep every product and sum finite.
    let (largestX, largestY) = (x.lazy.map(abs).max() ?? 1, y.lazy.map(abs).max() ?? 1)
    return unscaledPearson(x.map { $0 / largestX }, y.map { $0 / largestY }) ?? .nan
  }

  /// Nil when a sum overflowed (huge values), where the clamp below would turn NaN or infinity into ±1.
  private static func unscaledPearson(_ x: [Double], _ y: [Double]) -> Double? {
    let meanX = CompensatedSum.mean(x.count) { x[$0] }
    let meanY = CompensatedSum.mean(y.count) { y[$0] }
    var cross = CompensatedSum()
    var squaresX = CompensatedSum()
    var squaresY = CompensatedSum()
    for index in x.indices {
      let dx = x[index] - meanX
      let dy = y[index] - meanY
      cross.add(dx * dy)
      squaresX.add(dx * dx)
      squaresY.add(dy * dy)
    }
    let r = cross.value / (squaresX.value.squareRoot() * squaresY.value.squareRoot())
    guard r.isFinite else { return nil }
    return min(1, max(-1, r))
  }

  /// Knight's O(n log n) tau-b, step for step as scipy's `kendalltau`.
  ///
  /// Rows sorted by (x, y) leave every discordant pair as an inversion of the y sequence; tie counts come
  /// from runs of equal x, equal y and equal (x, y).
  /// - Complexity: O(n log n) (radix sorts plus a Fenwick tree over the distinct y values).
  static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double {
    let xKeys = x.map(RadixSort.orderedKey)
    let yKeys = y.map(RadixSort.orderedKey)
    let byY = RadixSort.stableOrder(of: yKeys)
    var yRank = [Int32](repeating: 0, count: y.count)  // dense 1-based ranks of y
    var rank: Int32 = 0
    for position in byY.indices {
      if position == 0 || yKeys[Int(byY[position])] != yKeys[Int(byY[position - 1])] { rank += 1 }
      yRank[Int(byY[position])] = rank
    }
    let byXThenY = RadixSort.stableOrder(of: xKeys, after: byY)
    let n = x.count
    let pairs = n * (n - 1) / 2
    let xTies = tiedPairs(n) { xKeys[Int(byXThenY[$0])] == xKeys[Int(byXThenY[$0 - 1])] }
    let yTies = tiedPairs(n) { yKeys[Int(byY[$0])] == yKeys[Int(byY[$0 - 1])] }
    let jointTies = tiedPairs(n) { position in
      let (row, previous) = (Int(byXThenY[position]), Int(byXThenY[position - 1]))
      return xKeys[row] == xKeys[previous] && yRank[row] == yRank[previous]
    }
    let discordant = inversions(of: byXThenY.map { yRank[Int($0)] }, maxValue: Int(rank))
    let concordantMinusDiscordant = pairs - xTies - yTies + jointTies - 2 * discordant
    let tau = Double(concordantMinusDiscordant) / Double(pairs - xTies).squareRoot()
      / Double(pairs - yTies).squareRoot()
    return min(1, max(-1, tau))
  }

  /// Σ t(t - 1)/2 over the runs of a sorted sequence; `sameAsPrevious(i)` tells whether item i continues a run.
  private static func tiedPairs(_ count: Int, sameAsPrevious: (Int) -> Bool) -> Int {
    var total = 0
    var run = 1
    for position in 1..<max(count, 1) {
      if sameAsPrevious(position) {
        total += run
        run += 1
      } else {
        run = 1
      }
    }
    return total
  }

  /// Pairs i < j with values[i] > values[j], for values in 1...maxValue (tau-b's discordant pairs, and the
  /// out-of-order items of `order_kendall_tau`).
  /// - Complexity: O(n log maxValue) with a Fenwick tree of counts seen so far.
  static func inversions(of values: [Int32], maxValue: Int) -> Int {
    var tree = [Int](repeating: 0, count: maxValue + 1)
    var total = 0
    for (seen, value) in values.enumerated() {
      var atMost = 0  // earlier values <= value
      var index = Int(value)
      while index > 0 {
        atMost += tree[index]
        index &= index - 1
      }
      total += seen - atMost
      index = Int(value)
      while index <= maxValue {
        tree[index] += 1
        index += index & -index
      }
    }
    return total
  }
}
