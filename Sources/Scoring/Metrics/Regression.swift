extension Metrics {
  static let regressionMetrics: [Metric] = [
    .singleColumn(
      "rmse", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "root mean squared error: sqrt(mean((y - p)^2))"
    ) { truth, predicted, _ in rootMeanSquaredError(truth, predicted) },
    .singleColumn(
      "mse", higherIsBetter: false, input: .numbers(.anyFinite), definition: "mean squared error: mean((y - p)^2)"
    ) { truth, predicted, _ in
      overflowSafe(meanSquaredError(truth, predicted)) { wideMeanSquaredError(truth, predicted).double }
    },
    .meanOverColumns(
      "mean_columnwise_rmse", higherIsBetter: false, input: .numbers(.anyFinite), parameters: [.scoredColumns],
      definition: "RMSE of each target column (or of those scored_columns names), averaged over the columns"
    ) { truth, predicted, _ in rootMeanSquaredError(truth, predicted) },
    .singleColumn(
      "rmsle", higherIsBetter: false, input: .numbers(.nonNegative),
      definition: "root mean squared logarithmic error: sqrt(mean((ln(1 + p) - ln(1 + y))^2))"
    ) { truth, predicted, _ throws(MetricFailure) in try meanSquaredLogError(truth, predicted).squareRoot() },
    .singleColumn(
      "msle", higherIsBetter: false, input: .numbers(.nonNegative),
      definition: "mean squared logarithmic error: mean((ln(1 + p) - ln(1 + y))^2)"
    ) { truth, predicted, _ throws(MetricFailure) in try meanSquaredLogError(truth, predicted) },
    .meanOverColumns(
      "mean_columnwise_rmsle", higherIsBetter: false, input: .numbers(.nonNegative),
      definition: "RMSLE of each target column, averaged over the columns"
    ) { truth, predicted, _ throws(MetricFailure) in try meanSquaredLogError(truth, predicted).squareRoot() },
    .singleColumn(
      "mae", higherIsBetter: false, input: .numbers(.anyFinite), definition: "mean absolute error: mean(|y - p|)"
    ) { truth, predicted, _ in meanAbsoluteError(truth, predicted) },
    .singleColumn(
      "median_absolute_error", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "median of |y - p| (the mean of the two middle values for an even row count)"
    ) { truth, predicted, _ in medianAbsoluteError(truth, predicted) },
    .singleColumn(
      "r2", higherIsBetter: true, input: .numbers(.anyFinite),
      definition: "coefficient of determination: 1 - sum((y - p)^2) / sum((y - mean(y))^2); undefined for constant y"
    ) { truth, predicted, _ throws(MetricFailure) in try rSquared(truth, predicted) },
    .singleColumn(
      "mape", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "mean absolute percentage error as a fraction: mean(|y - p| / |y|); undefined if some y = 0"
    ) { truth, predicted, _ throws(MetricFailure) in try meanAbsolutePercentageError(truth, predicted) },
    .singleColumn(
      "smape", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "symmetric MAPE in percent: mean(200 |p - y| / (|y| + |p|)), a 0/0 term counts 0"
    ) { truth, predicted, _ in symmetricMeanAbsolutePercentageError(truth, predicted) },
    .singleColumn(
      "rmspe", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "root mean squared percentage error sqrt(mean(((y - p) / y)^2)) over the rows with y != 0"
    ) { truth, predicted, _ throws(MetricFailure) in try rootMeanSquaredPercentageError(truth, predicted) },
    .singleColumn(
      "poisson_deviance", higherIsBetter: false, input: .numbers(.positive),
      definition: "mean Poisson deviance: mean(2 (y ln(y / p) - y + p)), with y ln y = 0 at y = 0"
    ) { truth, predicted, _ throws(MetricFailure) in try meanPoissonDeviance(truth, predicted) },
    .singleColumn(
      "pinball", higherIsBetter: false, input: .numbers(.anyFinite),
      parameters: [
        MetricParameter("alpha", .real, default: nil, "the quantile predicted, in (0, 1)", range: .openUnitInterval)
      ],
      definition: "mean pinball (quantile) loss: mean(alpha max(y - p, 0) + (1 - alpha) max(p - y, 0))"
    ) { truth, predicted, parameters in pinballLoss(truth, predicted, alpha: parameters.real("alpha")) },
  ]

  /// The double computation's result when it is finite, else the metric recomputed in `WideDouble`: huge but
  /// finite predictions can overflow a square or a sum whose mean still fits in a double. A result that is still
  /// infinite is beyond a double, which the engine reports as an invalid submission.
  @inline(__always)
  static func overflowSafe(_ fast: Double, _ wide: () -> Double) -> Double { fast.isFinite ? fast : wide() }

  /// Mean of (truth - predicted)^2.
  /// - Complexity: O(n), no allocation.
  static func meanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
    CompensatedSum.mean(truth.count) { index in
      let difference = truth[index] - predicted[index]
      return difference * difference
    }
  }

  static func wideMeanSquaredError(_ truth: [Double], _ predicted: [Double]) -> WideDouble {
    WideDouble.mean(truth.count) { index in
      let difference = WideDouble.difference(truth[index], predicted[index])
      return difference * difference
    }
  }

  static func rootMeanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
    overflowSafe(meanSquaredError(truth, predicted).squareRoot()) {
      wideMeanSquaredError(truth, predicted).squareRoot().double
    }
  }

  static func meanAbsoluteError(_ truth: [Double], _ predicted: [Double]) -> Double {
    overflowSafe(CompensatedSum.mean(truth.count) { abs(truth[$0] - predicted[$0]) }) {
      WideDouble.mean(truth.count) { WideDouble.difference(truth[$0], predicted[$0]).magnitude }.double
    }
  }

  /// Mean of (ln(1 + predicted) - ln(1 + truth))^2; negative answers have no logarithm to compare.
  static func meanSquaredLogError(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    if let negative = truth.firstIndex(where: { $0 < 0 }) {
      throw .undefinedOnAnswers("a logarithmic error needs answers >= 0, but row \(negative) is \(truth[negative])")
    }
    return CompensatedSum.mean(truth.count) { index in
      let difference = Elementary.log1p(predicted[index]) - Elementary.log1p(truth[index])
      return difference * difference
    }
  }

  /// The median of |truth - predicted|, as numpy's median (mean of the two middle values for even n).
  /// - Complexity: O(n) for large inputs (radix sort), O(n log n) below 50,000 rows.
  static func medianAbsoluteError(_ truth: [Double], _ predicted: [Double]) -> Double {
    overflowSafe(medianAbsoluteError(truth, predicted, halved: false)) {
      // Halved differences never overflow, nor does the mean of the two middle ones taken as halves.
      2 * medianAbsoluteError(truth, predicted, halved: true)
    }
  }

  private static func medianAbsoluteError(_ truth: [Double], _ predicted: [Double], halved: Bool) -> Double {
    var keys = truth.indices.map { row in
      RadixSort.orderedKey(halved ? abs(truth[row] / 2 - predicted[row] / 2) : abs(truth[row] - predicted[row]))
    }
    RadixSort.sortKeys(&keys)
    let middle = keys.count / 2
    let upper = RadixSort.value(ofKey: keys[middle])
    guard keys.count % 2 == 0 else { return upper }
    let lower = RadixSort.value(ofKey: keys[middle - 1])
    return halved ? lower / 2 + upper / 2 : (lower + upper) / 2
  }

  static func rSquared(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    // Tested on the values, not on the computed variance: a mean of equal values may round off them.
    guard truth.contains(where: { $0 != truth[0] }) else {
      throw .undefinedOnAnswers("R² is undefined when every answer has the same value (\(truth[0]))")
    }
    let mean = CompensatedSum.mean(truth.count) { truth[$0] }
    let totalSquares = CompensatedSum.of(truth.count) { (truth[$0] - mean) * (truth[$0] - mean) }
    let residualSquares = CompensatedSum.of(truth.count) { (truth[$0] - predicted[$0]) * (truth[$0] - predicted[$0]) }
    // An overflowed total would make the ratio 0 and the score a wrong, finite 1: both sums must be finite.
    guard totalSquares.isFinite, residualSquares.isFinite else { return wideRSquared(truth, predicted) }
    return 1 - residualSquares / totalSquares
  }

  private static func wideRSquared(_ truth: [Double], _ predicted: [Double]) -> Double {
    let mean = WideDouble.mean(truth.count) { WideDouble(truth[$0]) }
    var totalSquares = WideDouble.zero
    var residualSquares = WideDouble.zero
    for index in truth.indices {
      let spread = WideDouble(truth[index]) - mean
      let residual = WideDouble.difference(truth[index], predicted[index])
      totalSquares += spread * spread
      residualSquares += residual * residual
    }
    return 1 - (residualSquares / totalSquares).double
  }

  static func meanAbsolutePercentageError(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    if let zero = truth.firstIndex(of: 0) {
      throw .undefinedOnAnswers("MAPE divides by the answer, but the answer of row \(zero) is 0")
    }
    return overflowSafe(CompensatedSum.mean(truth.count) { abs(truth[$0] - predicted[$0]) / abs(truth[$0]) }) {
      WideDouble.mean(truth.count) {
        WideDouble.difference(truth[$0], predicted[$0]).magnitude / WideDouble(abs(truth[$0]))
      }.double
    }
  }

  static func symmetricMeanAbsolutePercentageError(_ truth: [Double], _ predicted: [Double]) -> Double {
    CompensatedSum.mean(truth.count) { index in
      let (y, p) = (truth[index], predicted[index])
      let scale = abs(y) + abs(p)
      let difference = abs(p - y)
      // An overflowed scale would make the term a wrong, finite 0: take both as halves (the ratio is the same).
      guard scale.isFinite, difference.isFinite else { return 200 * (abs(p / 2 - y / 2) / (abs(y) / 2 + abs(p) / 2)) }
      // The ratio first: it is at most 1, where 200 × a difference near the largest double would overflow.
      return scale == 0 ? 0 : 200 * (difference / scale)
    }
  }

  /// Kaggle Rossmann's RMSPE: rows whose answer is 0 are left out of the mean.
  static func rootMeanSquaredPercentageError(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure)
    -> Double
  {
    var sum = CompensatedSum()
    var counted = 0
    for index in truth.indices where truth[index] != 0 {
      let relative = (truth[index] - predicted[index]) / truth[index]
      sum.add(relative * relative)
      counted += 1
    }
    guard counted > 0 else { throw .undefinedOnAnswers("RMSPE skips answers equal to 0, and every answer is 0") }
    return overflowSafe((sum.value / Double(counted)).squareRoot()) {
      var wide = WideDouble.zero
      for index in truth.indices where truth[index] != 0 {
        let relative = WideDouble.difference(truth[index], predicted[index]) / WideDouble(truth[index])
        wide += relative * relative
      }
      return (wide / WideDouble(Double(counted))).squareRoot().double
    }
  }

  static func meanPoissonDeviance(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    if let negative = truth.firstIndex(where: { $0 < 0 }) {
      throw .undefinedOnAnswers("Poisson deviance needs answers >= 0, but row \(negative) is \(truth[negative])")
    }
    let fast = CompensatedSum.mean(truth.count) { index in
      let y = truth[index]
      let p = predicted[index]
      let yLogRatio = y == 0 ? 0 : y * Elementary.log(y / p)
      return 2 * (yLogRatio - y + p)
    }
    return overflowSafe(fast) {
      WideDouble.mean(truth.count) { index in
        let (y, p) = (truth[index], predicted[index])
        guard y != 0 else { return WideDouble(2) * WideDouble(p) }
        // y / p overflows or underflows on huge ratios; the difference of logarithms does not.
        let ratio = y / p
        let logRatio = ratio.isFinite && ratio != 0 ? Elementary.log(ratio) : Elementary.log(y) - Elementary.log(p)
        return WideDouble(2) * (WideDouble(y) * WideDouble(logRatio) - WideDouble(y) + WideDouble(p))
      }.double
    }
  }

  /// sklearn's `mean_pinball_loss`: under-prediction costs alpha per unit, over-prediction 1 - alpha.
  static func pinballLoss(_ truth: [Double], _ predicted: [Double], alpha: Double) -> Double {
    let fast = CompensatedSum.mean(truth.count) { index in
      let difference = truth[index] - predicted[index]
      return difference >= 0 ? alpha * difference : (alpha - 1) * difference
    }
    return overflowSafe(fast) {
      WideDouble.mean(truth.count) { index in
        let difference = WideDouble.difference(truth[index], predicted[index])
        return difference * WideDouble(difference.significand >= 0 ? alpha : alpha - 1)
      }.double
    }
  }
}
